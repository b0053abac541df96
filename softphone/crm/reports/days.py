"""Report periods in the operator's local days, and the SQL that puts a UTC time into its day.

Times are stored in UTC; a call at 00:30 Moscow time is 21:30 UTC the evening before, so
bucketing by the stored date would put night calls on the wrong day. SQLite knows no time
zones, so the period is cut (in Python, with zoneinfo) into stretches of one UTC offset and the
SQL shifts each stretch by its own offset: the same rule on SQLite and PostgreSQL, correct
across daylight-saving changes too.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Date, case, cast, func
from sqlalchemy.sql.elements import ColumnElement, SQLCoreOperations

MAX_DAYS = 400  # a year and a bit: longer ranges are a data export, not a report


def local_zone() -> tzinfo:
    """The desk's time zone by name (DST-aware), else its current fixed offset."""
    names = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        names.append(target.split("zoneinfo/", 1)[1])
    for name in names:
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return datetime.now().astimezone().tzinfo or UTC


class PeriodError(ValueError):
    """The period cannot be reported on; the message says why."""


@dataclass(frozen=True)
class Period:
    """Local days `first`..`last`, both included, in `zone`."""

    first: date
    last: date
    zone: tzinfo

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise PeriodError("Конец периода раньше его начала")
        if (self.last - self.first).days + 1 > MAX_DAYS:
            raise PeriodError(f"Период длиннее {MAX_DAYS} дней")

    @classmethod
    def today(cls, zone: tzinfo, now: datetime | None = None) -> Period:
        day = _local_today(zone, now)
        return cls(day, day, zone)

    @classmethod
    def this_week(cls, zone: tzinfo, now: datetime | None = None) -> Period:
        """Monday to today, as weeks are counted in Russia."""
        day = _local_today(zone, now)
        return cls(day - timedelta(days=day.weekday()), day, zone)

    @classmethod
    def this_month(cls, zone: tzinfo, now: datetime | None = None) -> Period:
        day = _local_today(zone, now)
        return cls(day.replace(day=1), day, zone)

    @property
    def start(self) -> datetime:
        """The first instant of the period, in UTC."""
        return _midnight(self.first, self.zone)

    @property
    def end(self) -> datetime:
        """The first instant after the period, in UTC."""
        return _midnight(self.last + timedelta(days=1), self.zone)

    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]


def _local_today(zone: tzinfo, now: datetime | None) -> date:
    return (now or datetime.now(UTC)).astimezone(zone).date()


def _midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def _offset(instant: datetime, zone: tzinfo) -> int:
    delta = instant.astimezone(zone).utcoffset()
    return int(delta.total_seconds()) if delta is not None else 0


def offset_stretches(period: Period) -> list[tuple[datetime, int]]:
    """(from instant, UTC offset in seconds) for each stretch of one offset in the period.

    Walks day by day and narrows each change down to the second; zones change offset at
    most a few times a year, so this costs a few hundred zoneinfo look-ups at most.
    """
    start, end, zone = period.start, period.end, period.zone
    stretches = [(start, _offset(start, zone))]
    cursor = start
    while cursor < end:
        step = min(cursor + timedelta(days=1), end)
        if _offset(step, zone) != stretches[-1][1]:
            low, high = cursor, step  # offset(low) is the old one, offset(high) the new one
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _offset(middle, zone) == stretches[-1][1]:
                    low = middle
                else:
                    high = middle
            stretches.append((high, _offset(high, zone)))
        cursor = step
    return stretches


def local_day(
    column: SQLCoreOperations[datetime], period: Period, dialect: str
) -> ColumnElement[date | str]:
    """SQL for the local date of a stored UTC time (a DATE on PostgreSQL, text on SQLite)."""

    def shifted(seconds: int) -> ColumnElement[date | str]:
        if dialect == "sqlite":
            return func.date(column, f"{seconds:+d} seconds")
        return cast(func.timezone("UTC", column) + timedelta(seconds=seconds), Date)

    stretches = offset_stretches(period)
    if len(stretches) == 1:
        return shifted(stretches[0][1])
    whens = [
        (column < until, shifted(offset))
        for (_, offset), (until, _) in itertools.pairwise(stretches)
    ]
    return case(*whens, else_=shifted(stretches[-1][1]))


def as_date(value: object) -> date:
    """A day as the database returned it: a date (PostgreSQL) or 'YYYY-MM-DD' (SQLite)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
