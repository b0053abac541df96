"""Where the team database's password lives in the OS keyring, without SQLAlchemy.

softphone.database_password stores and reads it for Database.open; the early sign-in check
(softphone.crm.auth.early_pg) reads the same entry before SQLAlchemy is imported, so both
name it here.
"""

from __future__ import annotations

import logging

from softphone.secrets import SecretStore, SecretStoreError, os_backend

log = logging.getLogger(__name__)


def password_key(user: str | None, host: str | None, port: int | str | None,
                 database: str | None) -> str:
    """One entry per server, database and user: desks on several databases never mix them."""
    return f"db:{user or ''}@{host or ''}:{port or 5432}/{database or ''}"


def keyring_password(key: str, store: SecretStore | None = None) -> str | None:
    """The password stored under `key`; None without an OS keyring or such an entry."""
    if store is None:
        if os_backend() is None:
            return None
        store = SecretStore.system()
    try:
        return store.get(key)
    except SecretStoreError as exc:
        log.warning("Database password not read from the keyring: %s", exc)
        return None
