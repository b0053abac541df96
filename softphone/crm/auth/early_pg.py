"""The early sign-in's reads on a team PostgreSQL, with psycopg alone (no SQLAlchemy, #15).

softphone.crm.auth.early holds the SQL and the decision; here is only how a PostgreSQL desk
connects before SQLAlchemy: the settings' URL as libpq reads it, the password from the URL,
else from the OS keyring under the entry `softphone db password` wrote, else libpq's own
~/.pgpass. psycopg is imported only here, so an SQLite desk never loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from softphone.crm.db_keyring import keyring_password, password_key

if TYPE_CHECKING:
    from softphone.secrets import SecretStore

T = TypeVar("T")
Rows = Callable[[str, tuple[object, ...]], list[tuple[Any, ...]]]
# the URL forms Database.open accepts for PostgreSQL (softphone.crm.db.normalize_url)
_SCHEMES = ("postgres", "postgresql", "postgresql+psycopg")
CONNECT_TIMEOUT_S = 3  # as softphone.crm.db's: an unreachable server is reported, not waited on
_unreachable: dict[str, str] = {}  # libpq URI -> why the last early connection failed


def conninfo(url: str) -> str | None:
    """libpq's URI for a PostgreSQL database URL; None for any other database."""
    scheme, sep, rest = url.strip().partition("://")
    if not sep or scheme.lower() not in _SCHEMES:
        return None
    return f"postgresql://{rest}"


def read_postgres(url: str, read: Callable[[Rows], T],
                  store: SecretStore | None = None) -> T | None:
    """`read` with a SELECT runner on the team database; None when that is not PostgreSQL or
    cannot be read (refused, unknown host, wrong database password, missing tables).
    `store`: where the password is kept (default: the OS keyring, as the desk's)."""
    uri = conninfo(url)
    if uri is None:
        return None
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    try:
        params = conninfo_to_dict(uri)
        if not params.get("password"):
            secret = keyring_password(password_key(
                _text(params.get("user")), _text(params.get("host")),
                _text(params.get("port")), _text(params.get("dbname"))), store)
            if secret:
                params["password"] = secret
        params["connect_timeout"] = CONNECT_TIMEOUT_S
        connect_to = make_conninfo("", **params)
        del params
        try:
            conn = psycopg.connect(connect_to, autocommit=True)
        except psycopg.OperationalError as exc:  # refused, no answer, password refused
            _unreachable[uri] = str(exc).strip() or type(exc).__name__
            return None
        finally:
            del connect_to  # the database password is not kept past the connection
        _unreachable.pop(uri, None)
        with conn:

            def rows(sql: str, args: tuple[object, ...]) -> list[tuple[Any, ...]]:
                # the shared SQL is written for sqlite3 ("?"); none of it holds a literal ? or %
                return conn.execute(sql.replace("?", "%s"), args).fetchall()

            return read(rows)
    except psycopg.Error:
        return None


def unreachable(url: str) -> str:
    """Why the last early read could not connect to this server ("" if it could, or did not
    try): the start-up then reports that instead of waiting for the same server once more."""
    uri = conninfo(url)
    return _unreachable.get(uri, "") if uri is not None else ""


def _text(value: object) -> str | None:
    return None if value is None else str(value)
