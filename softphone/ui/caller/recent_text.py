"""The caller card's recent-contacts lines: kept apart so the card stays about the caller.

Translated in the card's context ("CallerCard"), where these strings have always lived.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from softphone.crm.coaching.service import CallCoaching
from softphone.crm.customers.calls import CallRecord
from softphone.crm.models import InteractionKind
from softphone.formatting import format_date_time


def _tr(text: str) -> str:
    return QCoreApplication.translate("CallerCard", text)


def speech_text(f: CallCoaching) -> str:
    """One line of a past call's speech figures (issue #18) under its entry."""
    parts = []
    if f.operator_rate is not None:
        pace = _tr("pace %1 syll./s").replace("%1", f"{f.operator_rate:.1f}")
        if f.pace_match is not None:
            pace += _tr(" (with the caller %1 %)").replace("%1", str(round(f.pace_match * 100)))
        parts.append(pace)
    if f.in_band is not None:
        parts.append(_tr("volume right %1 %").replace("%1", str(round(f.in_band * 100))))
    parts.append(_tr("longest pause %1 s").replace("%1", f"{f.longest_pause_s:.0f}"))
    parts.append(
        QCoreApplication.translate("CallerCard", "talked over %n time(s)", "", f.overtalk_count)
    )
    return _tr("Speech: ") + ", ".join(parts)


def record_text(record: CallRecord) -> str:
    """A past call as the card's list shows it: when, which way, how long, outcome, notes."""
    kinds: dict[str, str] = {
        InteractionKind.CALL_IN: _tr("incoming"),
        InteractionKind.CALL_OUT: _tr("outgoing"),
        InteractionKind.CALL_MISSED: _tr("missed"),
    }
    when = format_date_time(record.started_at)
    minutes, seconds = divmod(int(record.duration_s), 60)
    parts = [when, kinds.get(record.kind, record.kind), f"{minutes}:{seconds:02d}"]
    if record.disposition:
        parts.append(record.disposition)
    text = " · ".join(parts)
    return f"{text}\n{record.notes}" if record.notes else text
