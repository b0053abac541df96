"""The demo's speech figures (issue #18), on SQLite and PostgreSQL: every answered demo call
gets plausible figures once, and «Отчёты → Речь» has a row per demo operator."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from softphone.crm.coaching.demo import load_demo_speech
from softphone.crm.coaching.service import CoachingService
from softphone.crm.db import Database
from softphone.crm.demo.people import load_demo
from softphone.crm.operators import OperatorService
from softphone.crm.reports import Period

MOSCOW = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=MOSCOW)


def test_demo_calls_get_speech_figures_once(database: Database) -> None:
    summary = load_demo(database, now=NOW)
    added = load_demo_speech(database)
    assert 0 < added < summary.calls  # the answered ones only
    assert load_demo_speech(database) == 0
    period = Period(date(2026, 10, 1), date(2026, 11, 25), MOSCOW)
    rows = CoachingService(database).report(period)
    assert len(rows) == len(OperatorService(database).list())
    assert sum(row.calls for row in rows) == added
    for row in rows:
        assert row.pace_match is not None and 0.0 <= row.pace_match <= 1.0
        assert row.in_band is not None and 0.0 <= row.in_band <= 1.0
        assert row.operator_rate is not None and 3.0 <= row.operator_rate <= 8.0
        assert 1.0 <= row.longest_pause_s <= 8.0
