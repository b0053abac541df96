"""Is a failure the database server being away, rather than the data? (No SQLAlchemy import.)

The task runner and the CRM link ask this about every failed job, and both are part of the
first screen, which is shown before SQLAlchemy is loaded (issue #15). An SQLAlchemy exception
can only exist once SQLAlchemy is loaded, so the check looks its classes up instead of
importing them.
"""

from __future__ import annotations

import sys


def is_connection_error(exc: BaseException) -> bool:
    """Did `exc` come from losing the database server (refused, restarted, unreachable)
    rather than from the data? Only PostgreSQL drivers say so; SQLite's "locked" is not."""
    errors = sys.modules.get("sqlalchemy.exc")
    if errors is None or not isinstance(exc, errors.DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    module = type(exc.orig).__module__ if exc.orig is not None else ""
    return isinstance(exc, errors.OperationalError | errors.InterfaceError) and module.startswith(
        "psycopg")
