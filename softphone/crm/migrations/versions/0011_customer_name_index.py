"""Customer name search uses an index: trigrams of customers.search_name on both databases.

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

from softphone.crm.name_index import FTS_TABLE, SQLITE_TRIGGER_NAMES, SQLITE_TRIGGERS, TRGM_INDEX

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

log = logging.getLogger("softphone.crm.migrate")

CREATE_TRGM_INDEX = (
    f"CREATE INDEX {TRGM_INDEX} ON customers USING gin (search_name gin_trgm_ops)"
    " WITH (gin_pending_list_limit = 64)"
)
NO_TRGM_WARNING = (
    "Поиск клиентов по имени работает без индекса (медленно на больших базах): "
    "у роли базы данных нет права установить расширение pg_trgm ({reason}). "
    "Администратор PostgreSQL может выполнить в этой базе: "
    "CREATE EXTENSION pg_trgm; " + CREATE_TRGM_INDEX + ";"
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(search_name,"
            " content='customers', content_rowid='id', tokenize='trigram case_sensitive 1')"
        )
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
        op.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')")
        return
    if _install_pg_trgm(bind):
        op.execute(CREATE_TRGM_INDEX)


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
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        return
    # pg_trgm stays: other objects may use it, and dropping needs rights we may lack.
    op.execute(f"DROP INDEX IF EXISTS {TRGM_INDEX}")
