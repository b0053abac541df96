"""SIP passwords (and other secrets) in the OS keyring, never in the database, files or logs.

On a Linux desktop keyring talks to the Secret Service (GNOME Keyring, KWallet). A machine
without one (a bare server, a kiosk) gets NoKeyringBackend with a Russian explanation, and the
app may then offer the documented fallback: an encrypted file (keyrings.cryptfile: AES-GCM,
key derived from a master password with argon2) that only works once the master password is
typed. Plaintext keyring backends are refused outright, even if installed and configured.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from pathlib import Path

import platformdirs
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError

SERVICE = "softphone"
ENCRYPTED_FILE = "sip-passwords.cfg"
# The keyring back-ends that keep secrets in the operating system's own store, per platform.
# keyring's own discovery (get_all_keyring) imports every installed back-end through the
# package index's entry points: macOS's runs ldconfig, the encrypted file's loads pycryptodome;
# ~160 ms and ~11 MB on a Linux desk for back-ends that can never serve it.
_OS_BACKENDS = {
    "darwin": ("keyring.backends.macOS:Keyring",),
    "win32": ("keyring.backends.Windows:WinVaultKeyring",),
}
_DBUS_BACKENDS = (  # elsewhere (Linux, BSD): the Secret Service and KWallet, over D-Bus
    "keyring.backends.SecretService:Keyring",
    "keyring.backends.libsecret:Keyring",
    "keyring.backends.kwallet:DBusKeyring",
    "keyring.backends.kwallet:DBusKeyringKWallet4",
)


class SecretStoreError(RuntimeError):
    """The message is shown to the user as is."""


class NoKeyringBackend(SecretStoreError):
    def __init__(self) -> None:
        super().__init__(
            "На этом компьютере нет хранилища паролей (Secret Service, KWallet). "
            "Пароли SIP не сохраняются в базе и в настройках: можно хранить их в "
            "зашифрованном файле под мастер-паролем, который вводится при каждом запуске."
        )


class WrongMasterPassword(SecretStoreError):
    def __init__(self) -> None:
        super().__init__("Неверный мастер-пароль зашифрованного хранилища паролей")


def os_backend() -> KeyringBackend | None:
    """The best OS keyring that says it works here, or None."""
    usable = []
    for name in _OS_BACKENDS.get(sys.platform, _DBUS_BACKENDS if _session_bus() else ()):
        module, cls = name.split(":")
        try:
            backend = getattr(importlib.import_module(module), cls)()
            priority = float(backend.priority)
        except Exception:  # a back-end reports "not here" by raising (or cannot import)
            continue
        if priority > 0:
            usable.append((priority, backend))
    return max(usable, key=lambda pair: pair[0])[1] if usable else None


def _session_bus() -> bool:
    """Is there a D-Bus session bus to reach (where libdbus and jeepney look for one)?

    Without it no D-Bus keyring can work, so their modules (secretstorage with cryptography,
    ~8 MB) are not even imported: a kiosk or server goes straight to the encrypted file.
    """
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    return Path(runtime, "bus").exists()


def default_encrypted_file() -> Path:
    return Path(platformdirs.user_data_dir("softphone")) / ENCRYPTED_FILE


def encrypted_file_backend(path: Path, master_password: str) -> KeyringBackend:
    """The fallback store; a new file is created under this master password."""
    from keyrings.cryptfile.cryptfile import CryptFileKeyring

    if not master_password.strip():
        raise SecretStoreError("Мастер-пароль не может быть пустым")
    backend = CryptFileKeyring()
    path.parent.mkdir(parents=True, exist_ok=True)
    backend.file_path = str(path)
    try:
        backend.keyring_key = master_password  # checks it against the file's reference entry
    except ValueError:
        raise WrongMasterPassword from None
    store: KeyringBackend = backend  # what CryptFileKeyring is; keyrings.cryptfile has no hints
    return store


def _is_plaintext(backend: KeyringBackend) -> bool:
    name = f"{type(backend).__module__}.{type(backend).__name__}".lower()
    return "plaintext" in name or name.endswith(".fail.keyring") or "null" in name


class SecretStore:
    """One place that reads and writes secrets; passwords are never logged or echoed."""

    def __init__(self, backend: KeyringBackend) -> None:
        if _is_plaintext(backend):
            raise SecretStoreError(
                f"Хранилище {type(backend).__name__} не шифрует пароли и не используется"
            )
        self._backend = backend

    @classmethod
    def system(cls) -> SecretStore:
        backend = os_backend()
        if backend is None:
            raise NoKeyringBackend
        return cls(backend)

    @classmethod
    def encrypted_file(cls, master_password: str, path: Path | None = None) -> SecretStore:
        return cls(encrypted_file_backend(path or default_encrypted_file(), master_password))

    @property
    def description(self) -> str:
        path = getattr(self._backend, "file_path", None)
        if type(self._backend).__module__.startswith("keyrings.cryptfile") and path:
            return f"зашифрованный файл {path}"
        return type(self._backend).__name__

    def get(self, key: str) -> str | None:
        try:
            return self._backend.get_password(SERVICE, key)
        except (KeyringError, ValueError) as exc:
            raise SecretStoreError(f"Не удалось прочитать пароль «{key}»: {exc}") from None

    def set(self, key: str, secret: str) -> None:
        if not secret:
            raise SecretStoreError("Пустой пароль не сохраняется")
        try:
            self._backend.set_password(SERVICE, key, secret)
        except (KeyringError, ValueError) as exc:
            raise SecretStoreError(f"Не удалось сохранить пароль «{key}»: {exc}") from None

    def delete(self, key: str) -> None:
        with contextlib.suppress(KeyringError):  # nothing stored under this key: already gone
            self._backend.delete_password(SERVICE, key)

    def __repr__(self) -> str:
        return f"SecretStore({self.description})"
