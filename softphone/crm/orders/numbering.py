"""Human-readable document numbers: З-2026-000123 for orders, А-2026-000045 for applications.

The counter row is bumped with UPDATE ... RETURNING inside the transaction that inserts the
document: on PostgreSQL the row lock makes concurrent desks wait for each other (no two get
the same number, and a rolled-back order gives its number back); on SQLite the write
transaction already began IMMEDIATE (Database.session(write=True)).
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from softphone.crm.orders.models import DocumentCounter
from softphone.crm.upsert import insert_for

ORDER_SERIES = "З"
APPLICATION_SERIES = "А"
DIGITS = 6


def format_number(series: str, year: int, value: int) -> str:
    return f"{series}-{year}-{value:0{DIGITS}d}"


def _bump(session: Session, series: str, year: int) -> int | None:
    statement = (
        update(DocumentCounter)
        .where(DocumentCounter.series == series, DocumentCounter.year == year)
        .values(last_value=DocumentCounter.last_value + 1)
        .returning(DocumentCounter.last_value)
    )
    return session.execute(statement).scalar_one_or_none()


def next_number(session: Session, series: str, year: int) -> str:
    """The next number of the series for the year, taken in the caller's transaction."""
    value = _bump(session, series, year)
    if value is None:
        # First document of the year: create the row, tolerating a desk that just did.
        dialect = session.get_bind().dialect.name
        insert = insert_for(dialect)
        session.execute(
            insert(DocumentCounter)
            .values(series=series, year=year, last_value=0)
            .on_conflict_do_nothing()
        )
        value = _bump(session, series, year)
        assert value is not None, "the counter row was just created"
    return format_number(series, year, value)
