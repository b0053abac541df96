"""Where the CRM lives: an SQLite file on one desk, or one PostgreSQL database for a team.

Everything else in softphone.crm gets sessions from a Database and never builds engines itself,
so the SQLite quirks (PRAGMAs, explicit BEGIN) and PostgreSQL pooling stay in this one module.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from softphone.crm.connection_errors import is_connection_error as is_connection_error
from softphone.crm.db_url import ENV_URL as ENV_URL
from softphone.crm.db_url import HEAD_REVISION as HEAD_REVISION
from softphone.crm.db_url import SQLITE_FILE as SQLITE_FILE
from softphone.crm.db_url import default_url as default_url

SQLITE_BEGIN_OPTION = "softphone_sqlite_begin"
CONNECT_TIMEOUT_S = 3  # a dead or unreachable PostgreSQL fails a lookup in seconds, not minutes


# Where a PostgreSQL password comes from when the URL has none (the app plugs in the OS
# keyring); the CRM itself never reads secrets from files.
PasswordSource = Callable[[URL], str | None]
_password_source: PasswordSource | None = None


def use_password_source(source: PasswordSource | None) -> None:
    """Let Database.open complete password-less PostgreSQL URLs from `source`."""
    global _password_source
    _password_source = source


def _with_password(url: URL) -> URL:
    if url.get_backend_name() != "postgresql" or url.password or _password_source is None:
        return url
    password = _password_source(url)
    return url.set(password=password) if password else url


class CrmDatabaseError(RuntimeError):
    """The database cannot be opened or migrated; the message is shown to the user as is."""


def normalize_url(url: str) -> URL:
    """Accept the URL forms admins paste (postgres://, postgresql://) and pick psycopg 3."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # ArgumentError and friends: say which URL
        raise CrmDatabaseError(f"Неверный адрес базы данных: «{url}»") from exc
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise CrmDatabaseError(
            f"Поддерживаются только SQLite и PostgreSQL, а указано: «{parsed.drivername}»"
        )
    return parsed


def _switch_to_wal(cursor: sqlite3.Cursor) -> None:
    """WAL is stored in the file, so only the first connection ever switches; that switch
    needs an exclusive lock and fails at once (no busy wait) while a sibling holds the file,
    which happens when several processes open a brand-new database together."""
    for _ in range(100):  # at most ~5 s
        try:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if mode in ("wal", "memory"):  # in-memory databases cannot use WAL
                return
            if cursor.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal":
                return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
        time.sleep(0.05)
    raise sqlite3.OperationalError("could not switch the database to WAL: it stays locked")


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 15})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy, not pysqlite, decide where transactions begin (savepoints need it).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute("PRAGMA busy_timeout=15000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            _switch_to_wal(cursor)
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock up front: a deferred BEGIN that reads and then writes
        # fails with SQLITE_BUSY instead of waiting when another writer got there first.
        mode = conn.get_execution_options().get(SQLITE_BEGIN_OPTION, "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())

    return engine


def _postgresql_engine(url: URL) -> Engine:
    # Desks keep the app open for a whole shift: revive connections the server dropped.
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=4,
        max_overflow=4,
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT_S,
            # a server that vanished without closing the socket (network gone) is noticed in
            # ~20 s, idle (keepalives) or waiting for an answer (unacknowledged data), instead
            # of the kernel's two hours or fifteen minutes
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 3,
            "keepalives_count": 3,
            "tcp_user_timeout": 20_000,  # ms
        },
    )


def schema_is_current(engine: Engine) -> bool:
    """Is the schema at HEAD_REVISION? Plain SQL, no Alembic; any doubt (no table yet, no
    connection, several rows) says no, and Alembic's upgrade then decides and reports."""
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
    except SQLAlchemyError:
        return False
    return [row[0] for row in rows] == [HEAD_REVISION]


class Database:
    """One CRM database: engine, sessions and the migration state."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.url: str = engine.url.render_as_string(hide_password=True)
        self.dialect: str = engine.dialect.name
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str | None = None, *, migrate: bool = True) -> Database:
        """Connect to `url` (default_url() if None) and bring the schema up to date."""
        parsed = _with_password(normalize_url(url or default_url()))
        if parsed.get_backend_name() == "sqlite":
            engine = _sqlite_engine(parsed)
        else:
            engine = _postgresql_engine(parsed)
        db = cls(engine)
        if migrate and not schema_is_current(engine):
            from softphone.crm import migrate as migrations

            try:
                migrations.upgrade(db)
            except OperationalError as exc:
                db.dispose()
                raise CrmDatabaseError(
                    f"Не удалось открыть базу данных {db.url}: {exc.orig}"
                ) from exc
            except Exception:
                db.dispose()
                raise
        return db

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """One transaction: commit on success, rollback on any error.

        write=True says the caller will write; on SQLite it takes the write lock at BEGIN so
        check-then-insert sequences cannot be overtaken by another process.
        """
        options = {SQLITE_BEGIN_OPTION: "IMMEDIATE"} if write and self.dialect == "sqlite" else {}
        with self._sessions(execution_options=options) as session, session.begin():
            yield session

    def ping(self) -> None:
        """A cheap round trip; raises if the server cannot be reached."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")

    def dispose(self) -> None:
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Database({self.url!r})"
