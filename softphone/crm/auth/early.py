"""The password check of an SQLite desk before SQLAlchemy is loaded (the first screen, #15).

SQLAlchemy and the models take ~0.3 s to import on a 2-core desk, a third of the time to the
window. With `--password-stdin` on the embedded SQLite database the user's row is read with the
standard library's sqlite3 and the argon2id hash checked at once, while Qt loads; SQLAlchemy
comes after the window is shown.

It says yes only where the full check (`UserService.sign_in`) would say yes *and write
nothing*: a current schema, an active user, no failures on record and a hash that needs no
rehash. Anything else, a wrong password included, answers None and the caller runs the full
check, which counts the miss and slows the next attempt down as always; a team PostgreSQL
always takes the full path.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from softphone.crm.auth import passwords
from softphone.crm.db_url import HEAD_REVISION, sqlite_file
from softphone.crm.folding import clean

if TYPE_CHECKING:
    from softphone.crm.auth.roles import Principal

T = TypeVar("T")
_USER = """
SELECT users.id, operators.id, operators.login, operators.display_name, users.role,
       users.password_hash, users.failed_attempts, users.last_failure_at, users.active
FROM users JOIN operators ON operators.id = users.operator_id
WHERE operators.login = ?
"""
_STUN = "SELECT name, stun_server FROM sip_accounts WHERE enabled ORDER BY name"  # as the service


@dataclass(frozen=True)
class EarlyIdentity:
    """Who signed in (a Principal once the roles module is loaded) and the desk's STUN entries."""

    user_id: int
    operator_id: int
    login: str
    display_name: str
    role: str
    stun_entries: tuple[tuple[str, str], ...]  # (SIP account name, STUN server), enabled ones

    def principal(self) -> Principal:
        """The signed-in Principal."""
        from softphone.crm.auth.roles import Principal, Role

        return Principal(self.user_id, self.operator_id, self.login, self.display_name,
                         Role(self.role))


def _read_current(url: str, read: Callable[[sqlite3.Connection], T]) -> T | None:
    """`read` on the plain SQLite file of `url` if its schema is current; None otherwise (no
    such file, an old schema: Alembic's, on the full path; PostgreSQL; any sqlite3 error)."""
    path = sqlite_file(url)
    if path is None or not path.is_file():
        return None
    try:
        # mode=rw: never creates a missing file; only SELECTs run, in autocommit
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=2)
        try:
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
            if [row[0] for row in rows] != [HEAD_REVISION]:
                return None
            return read(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def early_sign_in(url: str, login: str, password: str) -> EarlyIdentity | None:
    """The identity if `password` is right and nothing needs writing; None: use the full check.

    Never raises for a database it cannot read (missing file, old schema, locked): those are
    the full check's to report.
    """
    login = clean(login).strip()
    if not login:
        return None
    found = _read_current(url, lambda conn: (
        conn.execute(_USER, (login,)).fetchone(),
        [(str(name), str(server or "")) for name, server in conn.execute(_STUN)],
    ))
    if found is None or found[0] is None:
        return None
    user, stun = found
    user_id, operator_id, name, display_name, role, stored, failures, last_failure, active = user
    if not active or failures or last_failure is not None or not isinstance(stored, str):
        return None  # a miss on record: the full check decides and clears it
    if not passwords.verify(stored, password) or passwords.needs_rehash(stored):
        return None
    return EarlyIdentity(int(user_id), int(operator_id), str(name), str(display_name), str(role),
                         tuple(stun))


def users_on_file(url: str) -> int | None:
    """How many users the SQLite desk has (the dialog asks for the first admin when 0); None
    when that cannot be read without SQLAlchemy (no such file, an old schema, PostgreSQL)."""
    return _read_current(url, lambda conn: int(conn.execute("SELECT count(*) FROM users")
                                               .fetchone()[0]))
