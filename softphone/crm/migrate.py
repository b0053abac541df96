"""Alembic, driven from code: the migrations ship inside the package and need no alembic.ini."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, text

from softphone.crm.db import SQLITE_BEGIN_OPTION, CrmDatabaseError, Database

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Any constant works; it only has to be the same on every desk of a team.
_PG_MIGRATION_LOCK = 0x50F7_C2A1


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations shipped"
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _run(db: Database, action: str, revision: str) -> None:
    # SQLite: take the write lock before reading the version table (see Database.session).
    with (
        db.engine.connect() as plain,
        plain.execution_options(**{SQLITE_BEGIN_OPTION: "IMMEDIATE"}).begin() as transaction,
    ):
        conn = transaction.connection
        if db.dialect == "postgresql":
            # Ten desks starting at nine o'clock must not all migrate at once.
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        config = alembic_config(conn)
        if action == "upgrade":
            command.upgrade(config, revision)
        else:
            command.downgrade(config, revision)


def upgrade(db: Database, revision: str = "head") -> bool:
    """Bring the schema to `revision`; returns whether anything was applied."""
    before = current_revision(db)
    target = head_revision() if revision == "head" else revision
    if before == target:
        return False
    if before is not None and not _known(before):
        raise CrmDatabaseError(
            f"База данных {db.url} обновлена более новой версией программы (схема {before}); "
            "обновите программу на этом компьютере"
        )
    _run(db, "upgrade", revision)
    return current_revision(db) != before


def _known(revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def downgrade(db: Database, revision: str = "base") -> None:
    _run(db, "downgrade", revision)
