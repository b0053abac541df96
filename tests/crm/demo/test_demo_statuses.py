"""The demo operators' agent status (issue 17), on SQLite and PostgreSQL: working days with
lunch and short breaks, nothing after now, the same every time, and «Отчёты → Статусы» shows
plausible figures for them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from softphone.crm.agent.status import AgentService, AgentStatus
from softphone.crm.db import Database
from softphone.crm.demo.people import load_demo
from softphone.crm.demo.statuses import load_demo_statuses
from softphone.crm.operators import OperatorService
from softphone.crm.reports import Period
from softphone.crm.reports.agent_time import StatusTimeService

MOSCOW = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=MOSCOW)  # a Wednesday, before lunch


def test_demo_statuses_make_a_plausible_status_report(database: Database) -> None:
    load_demo(database, now=NOW)
    count = load_demo_statuses(database, now=NOW, zone=MOSCOW)
    operators = OperatorService(database).list()
    assert operators and count > 20 * len(operators)
    service = AgentService(database)
    for operator in operators:
        history = service.history(operator.id, limit=1000)
        assert all(c.started_at <= NOW for c in history)
        reasons = {c.reason for c in history if c.status is AgentStatus.BREAK}
        assert {"Обед", "Технический перерыв"} <= reasons

    rows = StatusTimeService(database, now=lambda: NOW).report(
        Period(date(2026, 11, 23), date(2026, 11, 24), MOSCOW))  # Monday and Tuesday
    assert len(rows) == 2 * len(operators)
    for row in rows:
        assert 6.5 * 3600 <= row.seconds[AgentStatus.READY] <= 9 * 3600, row
        assert 35 * 60 <= row.breaks["Обед"] <= 55 * 60
        assert 0 < row.seconds[AgentStatus.WRAP_UP] <= 8 * 90
        assert 8.5 * 3600 <= row.total_s <= 10 * 3600

    # today: lunch has not come yet
    today = StatusTimeService(database, now=lambda: NOW).report(
        Period(date(2026, 11, 25), date(2026, 11, 25), MOSCOW))
    assert today and all("Обед" not in row.breaks for row in today)
    assert NOW.astimezone(UTC) >= max(c.started_at for c in service.history(operators[0].id))
