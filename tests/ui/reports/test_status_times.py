"""The reports window's «Statuses» tab on a real SQLite CRM (issue 17): time per agent status
per operator and day, in the table cells; it follows the period and operator of the figures tab."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from softphone.crm.agent.status import AgentService, AgentStatus
from softphone.crm.auth import Role
from softphone.crm.db import Database
from softphone.crm.reports import Period
from softphone.crm.reports.agent_time import StatusTimeService
from softphone.ui.reports.status_times import StatusTimesView
from softphone.ui.reports.window import install_reports
from softphone.ui.tasks import TaskRunner
from tests.people import person
from tests.ui.phone_helpers import close_phone, open_phone
from tests.ui.session_helpers import desk_of

pytestmark = pytest.mark.timeout(60)
MOSCOW = ZoneInfo("Europe/Moscow")


def _msk(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 24, hour, minute, tzinfo=MOSCOW)


def _cells(view: StatusTimesView) -> list[list[str]]:
    table = view.table
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_time_per_status_per_operator_and_day(db: Database, runner: TaskRunner, qtbot) -> None:
    anna = person(db, "anna", "Анна", Role.OPERATOR)
    boss = person(db, "boss", "Ольга", Role.SUPERVISOR)
    agents = AgentService(db, anna)
    agents.record(AgentStatus.READY, at=_msk(9))
    agents.record(AgentStatus.BREAK, "Обед", at=_msk(13))
    agents.record(AgentStatus.READY, at=_msk(13, 40))
    agents.record(AgentStatus.WRAP_UP, at=_msk(14))
    agents.record(AgentStatus.READY, at=_msk(14, 1))
    agents.record(AgentStatus.OFFLINE, at=_msk(18))
    service = StatusTimeService(db, boss, now=lambda: _msk(23))
    view = StatusTimesView(service, runner)
    qtbot.addWidget(view)
    view.load(Period(date(2026, 11, 24), date(2026, 11, 24), MOSCOW), None)
    qtbot.waitUntil(lambda: view.rows != [], timeout=5000)
    assert _cells(view) == [
        ["Анна", "24.11.2026", "8:19:00", "40:00", "1:00", "0:00", "9:00:00", "Обед 40:00"],
    ]

    # an operator asking for everyone is refused, and the message says so
    refused = StatusTimesView(StatusTimeService(db, anna), runner)
    qtbot.addWidget(refused)
    refused.load(Period(date(2026, 11, 24), date(2026, 11, 24), MOSCOW), None)
    qtbot.waitUntil(lambda: "Недостаточно прав" in refused.message.text(), timeout=5000)


def test_the_reports_window_has_the_statuses_tab(tmp_path: Path, qtbot) -> None:
    phone = open_phone(tmp_path / "desk", qtbot)
    try:
        olga = person(phone.db, "olga", "Ольга", Role.SUPERVISOR)
        AgentService(phone.db, olga).record(AgentStatus.READY)
        launcher = install_reports(desk_of(phone.window, phone.db, olga))
        launcher.action.trigger()
        reports = launcher.reports
        assert reports is not None and reports.statuses is not None
        statuses = reports.statuses
        qtbot.waitUntil(lambda: statuses.rows != [], timeout=5000)  # today, everyone
        assert statuses.rows[0].name == "Ольга"
        assert reports.tabs.count() == 3  # figures, statuses, speech (issue #18)
        reports.close()
    finally:
        close_phone(phone)
