"""The password check before SQLAlchemy is loaded (the first screen, #15).

SQLAlchemy and the models take ~0.3 s to import on a 2-core desk, a third of the time to the
window. With `--password-stdin` the user's row is read with the bare driver (the standard
library's sqlite3 on the embedded desk, psycopg on a team PostgreSQL: early_pg) and the argon2id
hash checked at once, while Qt loads; SQLAlchemy comes after the window is shown. Both drivers
run the same SQL and the same decision below.

It says yes only where the full check (`UserService.sign_in`) would say yes *and write
nothing*: a current schema, an active user, no failures on record and a hash that needs no
rehash. Anything else, a wrong password included, answers None and the caller runs the full
check, which counts the miss and slows the next attempt down as always. So does a database
that cannot be read at once (refused, unknown, an old schema).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from softphone.crm.auth import passwords
from softphone.crm.db_url import HEAD_REVISION, sqlite_file
from softphone.crm.folding import clean

if TYPE_CHECKING:
    from softphone.crm.auth.roles import Principal

T = TypeVar("T")
# Runs one SELECT (written with sqlite3's "?" marks) and returns its rows: how both drivers read.
Rows = Callable[[str, tuple[object, ...]], list[tuple[Any, ...]]]
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


def _if_current(rows: Rows, read: Callable[[Rows], T]) -> T | None:
    """`read` if the schema is the one this code knows; an old one is Alembic's (full path)."""
    if [row[0] for row in rows("SELECT version_num FROM alembic_version", ())] != [HEAD_REVISION]:
        return None
    return read(rows)


def _read_current(url: str, read: Callable[[Rows], T]) -> T | None:
    """`read` on the database of `url` if its schema is current; None otherwise (no such
    SQLite file, an old schema, a server that does not answer, any driver error)."""
    path = sqlite_file(url)
    if path is None:
        from softphone.crm.auth.early_pg import read_postgres

        return read_postgres(url, lambda rows: _if_current(rows, read))
    if not path.is_file():
        return None
    try:
        # mode=rw: never creates a missing file; only SELECTs run, in autocommit
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=2)
        try:
            return _if_current(lambda sql, args: conn.execute(sql, args).fetchall(), read)
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
    found = _read_current(url, lambda rows: (
        rows(_USER, (login,)),
        [(str(name), str(server or "")) for name, server in rows(_STUN, ())],
    ))
    if found is None or len(found[0]) != 1:
        return None
    (user,), stun = found
    user_id, operator_id, name, display_name, role, stored, failures, last_failure, active = user
    if not active or failures or last_failure is not None or not isinstance(stored, str):
        return None  # a miss on record: the full check decides and clears it
    if not passwords.verify(stored, password) or passwords.needs_rehash(stored):
        return None
    return EarlyIdentity(int(user_id), int(operator_id), str(name), str(display_name), str(role),
                         tuple(stun))


def users_on_file(url: str) -> int | None:
    """How many users the desk's database has (the dialog asks for the first admin when 0);
    None when that cannot be read without SQLAlchemy (no such file, an old schema, a server
    that does not answer)."""
    return _read_current(url, lambda rows: int(rows("SELECT count(*) FROM users", ())[0][0]))
