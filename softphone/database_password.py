"""The team database's password in the OS keyring, never in settings.json or the environment.

An admin writes `"database_url": "postgresql://anna@db.office/crm"` (no password) in the settings
and stores the password once with `softphone db password`; every desk start and every
`softphone` command then takes it from the keyring (softphone.crm.db.use_password_source).
Without an OS keyring, libpq's own ~/.pgpass still works, as it always does.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy.engine import URL

from softphone.crm import db_keyring
from softphone.crm.db import ENV_URL, CrmDatabaseError, normalize_url, use_password_source
from softphone.crm.db_keyring import password_key
from softphone.secrets import NoKeyringBackend, SecretStore, SecretStoreError


def secret_key(url: URL) -> str:
    """One entry per server, database and user: desks on several databases never mix them."""
    return password_key(url.username, url.host, url.port, url.database)


def keyring_password(url: URL, store: SecretStore | None = None) -> str | None:
    return db_keyring.keyring_password(secret_key(url), store)


def install(store: SecretStore | None = None) -> None:
    """From now on Database.open completes password-less PostgreSQL URLs from the keyring."""
    use_password_source(lambda url: keyring_password(url, store))


def store_password(url: str, password: str, store: SecretStore | None = None) -> str:
    """Save the password for `url` (which must not carry one); returns the key it went under."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise CrmDatabaseError("Пароль нужен только для PostgreSQL; у SQLite его нет")
    if parsed.password is not None:
        raise CrmDatabaseError(
            "Уберите пароль из адреса базы данных: он хранится в системном хранилище паролей"
        )
    if not parsed.username:
        raise CrmDatabaseError("В адресе базы данных нет имени пользователя (user@host)")
    key = secret_key(parsed)
    (store or SecretStore.system()).set(key, password)
    return key


def run_password_command(args: argparse.Namespace, url: str | None) -> int:
    """`softphone db password [--password-stdin]` for the window's database."""
    if not url:
        print(f"Ошибка: база данных не PostgreSQL (задайте database_url или {ENV_URL})",
              file=sys.stderr)
        return 2
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Пароль базы данных: ")
    try:
        key = store_password(url, password)
    except NoKeyringBackend as exc:
        print(f"Ошибка: {exc} Для базы данных подойдёт файл ~/.pgpass (libpq).", file=sys.stderr)
        return 2
    except (CrmDatabaseError, SecretStoreError) as exc:
        print(f"Ошибка: {exc}", file=sys.stderr)
        return 2
    print(f"Пароль сохранён в системном хранилище паролей ({key}).")
    return 0
