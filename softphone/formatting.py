"""How the desk writes durations, dates and money, in one place for the window and the exports.

Qt-free on purpose: the CRM's report exports and the UI's tables must print a call length or a
sum the same way, and a change of style should be one edit.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

DATE = "%d.%m.%Y"
DATE_TIME = "%d.%m.%Y %H:%M"
NOTHING = "—"  # what a report cell shows when there is nothing to show


def format_duration(seconds: float, *, timer: bool = False) -> str:
    """5:09 or 1:05:09, the way operators read call lengths.

    A running timer (`timer=True`) counts whole seconds passed and pads the minutes (05:09), so
    the call card's clock neither jumps ahead nor changes width as it ticks.
    """
    total = max(0, int(seconds) if timer else round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}" if timer else f"{minutes}:{secs:02d}"


def local_time(moment: datetime) -> datetime:
    """The CRM stores UTC (naive means UTC); the operator reads local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone()


def format_date(day: date | datetime) -> str:
    """24.11.2026; a moment is shown on the operator's local calendar."""
    if isinstance(day, datetime):
        day = local_time(day)
    return day.strftime(DATE)


def format_date_time(moment: datetime) -> str:
    """24.11.2026 14:05 in local time."""
    return local_time(moment).strftime(DATE_TIME)


def format_time(moment: datetime, now: datetime | None = None) -> str:
    """"14:05" for today, "24.11 14:05" this year, "24.11.2025 14:05" before."""
    moment = local_time(moment)
    now = local_time(now) if now else datetime.now().astimezone()
    if moment.date() == now.date():
        return moment.strftime("%H:%M")
    if moment.year == now.year:
        return moment.strftime("%d.%m %H:%M")
    return moment.strftime(DATE_TIME)


def money(value: Decimal) -> str:
    """Russian style: 1 990 ₽, 1 990,50 ₽ (narrow no-break space between thousands)."""
    whole, _, cents = f"{value:,.2f}".partition(".")
    whole = whole.replace(",", "\u202f")
    return f"{whole} ₽" if cents == "00" else f"{whole},{cents} ₽"
