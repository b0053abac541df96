"""Customer search uses indexes: trigrams of the folded names and of the numbers, both databases.

PostgreSQL needs the pg_trgm extension (contrib, trusted: a role that may CREATE in the
database can install it). Where the role may not, the upgrade still succeeds without the
index and logs what the administrator has to run: search gives the same answers, only by a
scan (as before this revision), and a desk that cannot start is worse than a slow search.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25
"""

from __future__ import annotations

import logging

from alembic import op
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from softphone.crm.customers.index import INDEXES, sqlite_trigger_names, sqlite_triggers

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

log = logging.getLogger("softphone.crm.migrate")

# Short pending lists: a search reads through the whole list until vacuum merges it.
CREATE_TRGM_INDEXES = tuple(
    f"CREATE INDEX {gin} ON {table} USING gin ({column} gin_trgm_ops)"
    " WITH (gin_pending_list_limit = 64)"
    for _fts, table, column, gin in INDEXES
)
NO_TRGM_WARNING = (
    "Поиск клиентов по имени и номеру работает без индекса (медленно на больших базах): "
    "у роли базы данных нет права установить расширение pg_trgm ({reason}). "
    "Администратор PostgreSQL может выполнить в этой базе: "
    "CREATE EXTENSION pg_trgm; " + "; ".join(CREATE_TRGM_INDEXES) + ";"
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        # case_sensitive 1: the text is folded already, exactly as the query is.
        for fts, table, column, _gin in INDEXES:
            op.execute(
                f"CREATE VIRTUAL TABLE {fts} USING fts5({column}, content='{table}',"
                " content_rowid='id', tokenize='trigram case_sensitive 1')"
            )
            for statement in sqlite_triggers(fts, table, column):
                op.execute(statement)
            op.execute(f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')")
        return
    if _install_pg_trgm(bind):
        for statement in CREATE_TRGM_INDEXES:
            op.execute(statement)


def _install_pg_trgm(bind: Connection) -> bool:
    """Install pg_trgm if it is missing; False (and a warning) where this role may not."""
    installed = bind.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'"))
    if installed.first() is not None:
        return True
    try:
        # A failed statement aborts a PostgreSQL transaction: contain it in a savepoint.
        with bind.begin_nested():
            bind.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except DBAPIError as exc:
        sqlstate = getattr(exc.orig, "sqlstate", None)
        # 42501 insufficient_privilege; 58P01/0A000: the contrib files are not installed.
        if sqlstate not in ("42501", "58P01", "0A000"):
            raise
        reason = str(exc.orig).strip().splitlines()[0]
        log.warning(NO_TRGM_WARNING.format(reason=reason))
        return False
    return True


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for fts, _table, _column, gin in INDEXES:
        if sqlite:
            for name in sqlite_trigger_names(fts):
                op.execute(f"DROP TRIGGER IF EXISTS {name}")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
        else:
            # pg_trgm stays: other objects may use it, and dropping needs rights we may lack.
            op.execute(f"DROP INDEX IF EXISTS {gin}")
