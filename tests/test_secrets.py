"""Secrets: a real encrypted-file keyring round trip; plaintext backends refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from keyrings.cryptfile.file import PlaintextKeyring

from softphone.secrets import (
    NoKeyringBackend,
    SecretStore,
    SecretStoreError,
    WrongMasterPassword,
    os_backend,
)

SECRET = "S1p-пароль-оператора"


def test_encrypted_file_round_trip_and_nothing_readable_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "sip-passwords.cfg"
    store = SecretStore.encrypted_file("мастер-пароль", path)
    assert store.get("sip:101@pbx:5060") is None
    store.set("sip:101@pbx:5060", SECRET)
    # A new process: the file is read back under the same master password.
    again = SecretStore.encrypted_file("мастер-пароль", path)
    assert again.get("sip:101@pbx:5060") == SECRET
    raw = path.read_bytes()
    # Random base64 may contain any three letters: look for the secret in its encodings.
    for encoded in (SECRET.encode(), SECRET.encode("utf-16-le"), "пароль".encode()):
        assert encoded not in raw
    assert "зашифрованный файл" in again.description
    again.delete("sip:101@pbx:5060")
    again.delete("sip:101@pbx:5060")  # twice is fine
    assert SecretStore.encrypted_file("мастер-пароль", path).get("sip:101@pbx:5060") is None


def test_wrong_master_password_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sip-passwords.cfg"
    SecretStore.encrypted_file("мастер-пароль", path).set("k", SECRET)
    with pytest.raises(WrongMasterPassword, match="Неверный мастер-пароль"):
        SecretStore.encrypted_file("не тот", path)
    with pytest.raises(SecretStoreError, match="не может быть пустым"):
        SecretStore.encrypted_file("  ", path)


def test_plaintext_backend_is_refused() -> None:
    with pytest.raises(SecretStoreError, match="не шифрует пароли"):
        SecretStore(PlaintextKeyring())


def test_system_store_is_the_os_keyring_or_a_clear_russian_refusal() -> None:
    backend = os_backend()
    if backend is None:  # this CI box: no D-Bus session, no Secret Service
        with pytest.raises(NoKeyringBackend, match="зашифрованном файле под мастер-паролем"):
            SecretStore.system()
    else:
        assert SecretStore.system().description == type(backend).__name__


_PROBE = (
    "import sys; from softphone.secrets import os_backend; b = os_backend();"
    "print(type(b).__name__ if b else None,"
    " sorted(m for m in ('keyring.backends.SecretService', 'keyring.backends.macOS',"
    " 'keyrings.cryptfile', 'Crypto', 'cryptography') if m in sys.modules))"
)


def _probe(env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True,
                          text=True, timeout=60, check=True)
    return done.stdout.strip()


def test_without_a_session_bus_no_keyring_backend_is_even_imported(tmp_path: Path) -> None:
    """Discovery looks only where an OS keyring can be: no bus, no Secret Service to try."""
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    env["XDG_RUNTIME_DIR"] = str(tmp_path)  # no "bus" socket in it
    assert _probe(env) == "None []"


def test_with_a_session_bus_the_secret_service_is_asked(processes, tmp_path: Path) -> None:
    from tests.ui.dbus_helpers import start_bus

    address = start_bus(processes, tmp_path)
    env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=address, XDG_RUNTIME_DIR=str(tmp_path))
    # a bus without a Secret Service on it: asked, and it says no; macOS/cryptfile never loaded
    assert _probe(env) == "None ['cryptography', 'keyring.backends.SecretService']"
