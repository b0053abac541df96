"""INSERT ... ON CONFLICT for the database at hand, loading only that SQLAlchemy dialect.

Both dialects' `insert` constructs offer on_conflict_do_nothing; importing PostgreSQL's on an
SQLite desk (and SQLite's on a team server) cost 2.2 MB and ~23 ms for nothing (issue #15).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite

    DialectInsert = postgresql.Insert | sqlite.Insert


def insert_for(dialect: str) -> Callable[[Any], DialectInsert]:
    """The `insert` of `dialect` ("postgresql" or "sqlite")."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert
