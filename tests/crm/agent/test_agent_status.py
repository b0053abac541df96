"""Agent status on SQLite and PostgreSQL (issue 17): every change is stored with its time and
operator; the per-status report adds the stretches up per local day (across midnight, with the
status held when the period began); the team policy is admin-only and validated; colleagues'
transfer targets."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from softphone.crm.agent.policy import AgentPolicy, AgentPolicyService, PolicyError, Refusal
from softphone.crm.agent.status import (
    AgentError,
    AgentService,
    AgentStatus,
    OperatorOptions,
    refusal_reason,
)
from softphone.crm.auth import PermissionDenied, Principal
from softphone.crm.auth.models import AuditEntry
from softphone.crm.db import Database
from softphone.crm.reports import Period
from softphone.crm.reports.agent_time import StatusTimeService
from tests.people import team

MOSCOW = ZoneInfo("Europe/Moscow")
R, B, W, D = AgentStatus.READY, AgentStatus.BREAK, AgentStatus.WRAP_UP, AgentStatus.DND


@pytest.fixture
def people(database: Database) -> dict[str, Principal]:
    return team(database)


def _msk(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=MOSCOW)


def test_status_changes_are_stored_with_time_and_operator(
    database: Database, people: dict[str, Principal]
) -> None:
    anna = AgentService(database, people["anna"])
    assert anna.current() is None
    anna.record(R, at=_msk(2, 9))
    anna.record(B, "  Обед ", at=_msk(2, 13))
    anna.record(W, "ignored", at=_msk(2, 14))
    AgentService(database, people["ivan"]).record(D, at=_msk(2, 15))
    history = anna.history()
    assert [(c.status, c.reason, c.started_at) for c in history] == [
        (W, "", _msk(2, 14)), (B, "Обед", _msk(2, 13)), (R, "", _msk(2, 9)),
    ]
    assert all(c.operator_id == people["anna"].operator_id for c in history)
    current = anna.current()
    assert current is not None and current.status is W
    assert anna.history(since=_msk(2, 13, 30))[0].status is W
    assert refusal_reason(B, "Обед") == "перерыв: обед"
    assert refusal_reason(D) == "не беспокоить"


def test_time_per_status_per_operator_and_day(
    database: Database, people: dict[str, Principal]
) -> None:
    anna = AgentService(database, people["anna"])
    ivan = AgentService(database, people["ivan"])
    anna.record(B, "Обучение", at=_msk(1, 20))  # before the period: on break at its start
    anna.record(R, at=_msk(2, 9))
    anna.record(B, "Обед", at=_msk(2, 13))
    anna.record(R, at=_msk(2, 13, 45))
    anna.record(W, at=_msk(2, 17))
    anna.record(R, at=_msk(2, 17, 0) + timedelta(seconds=30))
    anna.record(D, at=_msk(2, 23))  # runs over midnight into the 3rd
    anna.record(AgentStatus.OFFLINE, at=_msk(3, 1))
    ivan.record(R, at=_msk(3, 10))
    ivan.record(AgentStatus.OFFLINE, at=_msk(3, 12))
    now = _msk(5, 0)
    period = Period(date(2026, 11, 2), date(2026, 11, 3), MOSCOW)
    service = StatusTimeService(database, people["boss"], now=lambda: now)
    rows = {(r.name, r.day): r for r in service.report(period)}
    assert set(rows) == {("Анна", date(2026, 11, 2)), ("Анна", date(2026, 11, 3)),
                         ("Иван", date(2026, 11, 3))}
    day2 = rows[("Анна", date(2026, 11, 2))]
    assert day2.seconds == {
        R: 4 * 3600 + (3 * 3600 + 15 * 60) + (6 * 3600 - 30),
        B: 9 * 3600 + 45 * 60,  # 00:00-09:00 (training, from the day before) + lunch
        W: 30.0,
        D: 3600.0,
    }
    assert day2.breaks == {"Обучение": 9 * 3600, "Обед": 45 * 60}
    assert rows[("Анна", date(2026, 11, 3))].seconds[D] == 3600.0
    assert rows[("Иван", date(2026, 11, 3))].seconds == {R: 7200.0, B: 0.0, W: 0.0, D: 0.0}
    assert rows[("Анна", date(2026, 11, 3))].total_s == 3600.0

    # the status held now counts up to now, not to the end of the period
    anna.record(R, at=_msk(5, 8))
    later = StatusTimeService(database, people["anna"], now=lambda: _msk(5, 8, 10))
    today = later.report(Period(date(2026, 11, 5), date(2026, 11, 5), MOSCOW),
                         people["anna"].operator_id)
    assert [(r.day, r.seconds[R]) for r in today] == [(date(2026, 11, 5), 600.0)]

    # an operator sees their own days only
    with pytest.raises(PermissionDenied):
        StatusTimeService(database, people["anna"]).report(period)
    with pytest.raises(PermissionDenied):
        StatusTimeService(database, people["anna"]).report(period, people["ivan"].operator_id)


def test_the_policy_is_the_admins_and_checked(
    database: Database, people: dict[str, Principal]
) -> None:
    assert AgentPolicyService(database).policy() == AgentPolicy()
    assert "Обед" in AgentPolicy().break_reasons
    wanted = AgentPolicy(Refusal.UNAVAILABLE, 5, 1500, ("Обед", " обед", "", "Учёба"))
    with pytest.raises(PermissionDenied):
        AgentPolicyService(database, people["boss"]).set_policy(wanted)
    saved = AgentPolicyService(database, people["admin"]).set_policy(wanted)
    assert saved.break_reasons == ("Обед", "Учёба")
    assert AgentPolicyService(database).policy() == saved
    assert saved.refusal.status_code == 480 and Refusal.UNREGISTER.status_code is None
    admin = AgentPolicyService(database, people["admin"])
    for bad in (AgentPolicy(wrap_up_s=-1), AgentPolicy(wrap_up_s=901),
                AgentPolicy(auto_answer_delay_ms=20_000), AgentPolicy(break_reasons=(" ",))):
        with pytest.raises(PolicyError):
            admin.set_policy(bad)
    assert AgentPolicyService(database).policy() == saved  # nothing lost by a refused save
    with database.session() as session:
        actions = [e.action for e in session.query(AuditEntry).all()]
    assert actions == ["agent.policy"]


def test_operator_options_and_colleagues(
    database: Database, people: dict[str, Principal]
) -> None:
    anna = AgentService(database, people["anna"])
    assert anna.options() == OperatorOptions(False, "")  # auto-answer off by default
    anna.set_options(OperatorOptions(True, "104"))
    assert anna.options() == OperatorOptions(True, "104")
    with pytest.raises(PermissionDenied):  # not someone else's
        anna.set_options(OperatorOptions(False, "105"), people["ivan"].operator_id)
    admin = AgentService(database, people["admin"])
    admin.set_options(OperatorOptions(False, "sip:ivan@pbx.office"), people["ivan"].operator_id)
    with pytest.raises(AgentError):
        admin.set_options(OperatorOptions(False, "Иван"), people["ivan"].operator_id)
    assert admin.options(people["ivan"].operator_id).transfer_target == "sip:ivan@pbx.office"
    assert [(c.name, c.target) for c in anna.colleagues()] == [("Иван", "sip:ivan@pbx.office")]
    assert [c.name for c in admin.colleagues()] == ["Анна", "Иван"]
