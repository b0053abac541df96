"""SIP passwords (and other secrets) in the OS keyring, never in the database, files or logs.

On a Linux desktop keyring talks to the Secret Service (GNOME Keyring, KWallet). A machine
without one (a bare server, a kiosk) gets NoKeyringBackend with a Russian explanation, and the
app may then offer the documented fallback: an encrypted file (keyrings.cryptfile: AES-GCM,
key derived from a master password with argon2) that only works once the master password is
typed. Plaintext keyring backends are refused outright, even if installed and configured.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import platformdirs
from keyring.backend import KeyringBackend, get_all_keyring
from keyring.errors import KeyringError

SERVICE = "softphone"
ENCRYPTED_FILE = "sip-passwords.cfg"
# Backends that keep secrets in the operating system's own store.
_OS_BACKENDS = (
    "keyring.backends.SecretService",
    "keyring.backends.libsecret",
    "keyring.backends.kwallet",
    "keyring.backends.macOS",
    "keyring.backends.Windows",
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
    for backend in get_all_keyring():
        module = type(backend).__module__
        try:
            priority = float(backend.priority)
        except Exception:  # a backend reports "not here" by raising
            continue
        if priority > 0 and module.startswith(_OS_BACKENDS):
            usable.append((priority, backend))
    return max(usable, key=lambda pair: pair[0])[1] if usable else None


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
