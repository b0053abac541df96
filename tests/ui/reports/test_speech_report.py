"""The reports window's «Speech» tab on SQLite and PostgreSQL (issue #18): per operator, the
figures the live speech hints saved with each call; operators are refused everyone's; the tab
follows the figures tab in the real reports window."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from softphone.crm.auth import Principal, Role
from softphone.crm.coaching.service import CallCoaching, CoachingService
from softphone.crm.customers.calls import CallLogService
from softphone.crm.db import Database
from softphone.crm.reports import Period
from softphone.ui.reports.speech import SpeechReportView
from softphone.ui.reports.window import install_reports
from softphone.ui.tasks import TaskRunner
from tests.people import person
from tests.ui.phone_helpers import close_phone, open_phone
from tests.ui.session_helpers import desk_of

pytestmark = pytest.mark.timeout(60)
MOSCOW = ZoneInfo("Europe/Moscow")


def _coached_call(db: Database, who: Principal, start: datetime, figures: CallCoaching) -> None:
    call = CallLogService(db).record_call(
        inbound=True, remote="sip:+79161234567@pbx.example", display_name="",
        started_at=start, answered_at=start + timedelta(seconds=2),
        ended_at=start + timedelta(seconds=60), operator_id=who.operator_id,
    )
    CoachingService(db).save(call.id, figures)


def _cells(view: SpeechReportView) -> list[list[str]]:
    table = view.table
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_speech_figures_per_operator(database: Database, runner: TaskRunner, qtbot) -> None:
    anna = person(database, "anna", "Анна", Role.OPERATOR)
    boss = person(database, "boss", "Ольга", Role.SUPERVISOR)
    day = datetime(2026, 11, 24, 10, tzinfo=MOSCOW)
    _coached_call(database, anna, day, CallCoaching(
        operator_rate=5.0, pace_match=0.9, in_band=0.8, longest_pause_s=3.0, overtalk_count=1))
    _coached_call(database, anna, day + timedelta(hours=1), CallCoaching(
        operator_rate=6.0, pace_match=0.5, in_band=0.6, longest_pause_s=8.4, overtalk_count=2))
    period = Period(date(2026, 11, 24), date(2026, 11, 24), MOSCOW)
    view = SpeechReportView(CoachingService(database, boss), runner)
    qtbot.addWidget(view)
    view.load(period, None)
    qtbot.waitUntil(lambda: view.rows != [], timeout=5000)
    assert _cells(view) == [["Анна", "2", "70 %", "8 s", "3", "70 %", "5.5"]]

    own = SpeechReportView(CoachingService(database, anna), runner)
    qtbot.addWidget(own)
    own.load(period, None)
    qtbot.waitUntil(lambda: "Недостаточно прав" in own.message.text(), timeout=5000)
    own.load(period, anna.operator_id)
    qtbot.waitUntil(lambda: own.rows != [], timeout=5000)
    assert _cells(own)[0][0] == "Анна"


def test_the_reports_window_has_the_speech_tab(tmp_path: Path, qtbot) -> None:
    phone = open_phone(tmp_path / "desk", qtbot)
    try:
        olga = person(phone.db, "olga", "Ольга", Role.SUPERVISOR)
        _coached_call(phone.db, olga, datetime.now(UTC), CallCoaching(longest_pause_s=4.0))
        launcher = install_reports(desk_of(phone.window, phone.db, olga))
        launcher.action.trigger()
        reports = launcher.reports
        assert reports is not None and reports.speech is not None
        speech = reports.speech
        qtbot.waitUntil(lambda: speech.rows != [], timeout=5000)  # today, everyone
        assert speech.rows[0].name == "Ольга" and speech.rows[0].longest_pause_s == 4.0
        reports.close()
    finally:
        close_phone(phone)
