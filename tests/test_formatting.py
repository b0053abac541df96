"""One way to write durations, dates and money, for the window and the report exports alike."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from softphone.formatting import (
    format_date,
    format_date_time,
    format_duration,
    format_time,
    local_time,
    money,
)


def test_durations_read_as_operators_read_them() -> None:
    assert format_duration(65) == "1:05"
    assert format_duration(3909) == "1:05:09"
    assert format_duration(-3) == "0:00"
    assert format_duration(59.6) == "1:00"  # a finished call rounds


def test_a_running_timer_counts_whole_seconds_and_keeps_its_width() -> None:
    assert format_duration(5.9, timer=True) == "00:05"
    assert format_duration(309, timer=True) == "05:09"
    assert format_duration(3909, timer=True) == "1:05:09"


@given(st.floats(min_value=0, max_value=10 * 3600, allow_nan=False))
def test_a_duration_reads_back_to_its_seconds(seconds: float) -> None:
    parts = [int(p) for p in format_duration(seconds).split(":")]
    total = sum(value * 60**i for i, value in enumerate(reversed(parts)))
    assert total == max(0, round(seconds))


def test_dates_follow_the_operators_calendar() -> None:
    moment = datetime(2026, 11, 24, 21, 30, tzinfo=UTC)
    local = moment.astimezone()
    assert format_date(date(2026, 3, 8)) == "08.03.2026"
    assert format_date(moment) == local.strftime("%d.%m.%Y")
    assert format_date_time(moment) == local.strftime("%d.%m.%Y %H:%M")
    assert local_time(moment.replace(tzinfo=None)) == local  # naive means UTC


def test_recent_times_are_short() -> None:
    now = datetime(2026, 11, 24, 12, 0, tzinfo=timezone(timedelta(hours=3)))
    hour_ago, long_ago = now - timedelta(hours=1), now - timedelta(days=400)
    assert format_time(hour_ago, now) == local_time(hour_ago).strftime("%H:%M")
    assert format_time(long_ago, now) == local_time(long_ago).strftime("%d.%m.%Y %H:%M")


def test_money_in_russian_style() -> None:
    assert money(Decimal("1990")) == "1\u202f990 ₽"
    assert money(Decimal("1990.5")) == "1\u202f990,50 ₽"
    assert money(Decimal("0")) == "0 ₽"
