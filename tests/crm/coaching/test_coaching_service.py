"""Speech-coaching figures in the CRM, on SQLite and PostgreSQL: saved with the call, read
back for the card, summed per operator for the report; who may see whose; admin-only limits."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from softphone.coaching.limits import CoachLimits
from softphone.crm.auth import PermissionDenied, Principal, Role
from softphone.crm.coaching.service import CallCoaching, CoachingError, CoachingService
from softphone.crm.customers.calls import CallLogService
from softphone.crm.db import Database
from softphone.crm.reports import Period
from tests.people import person

MOSCOW = ZoneInfo("Europe/Moscow")
PERIOD = Period(date(2026, 11, 10), date(2026, 11, 10), MOSCOW)


def _call(db: Database, who: Principal, hour: int) -> int:
    start = datetime(2026, 11, 10, hour, tzinfo=MOSCOW)
    return CallLogService(db).record_call(
        inbound=True, remote="sip:+79161234567@pbx.example", display_name="",
        started_at=start, answered_at=start + timedelta(seconds=3),
        ended_at=start + timedelta(seconds=90), operator_id=who.operator_id,
    ).id


def test_figures_are_saved_with_the_call_and_reported_per_operator(database: Database) -> None:
    anna = person(database, "anna", "Анна", Role.OPERATOR)
    ivan = person(database, "ivan", "Иван", Role.OPERATOR)
    boss = person(database, "boss", "Ольга", Role.SUPERVISOR)
    first, second, other = _call(database, anna, 9), _call(database, anna, 11), _call(
        database, ivan, 10)
    service = CoachingService(database)
    service.save(first, CallCoaching(operator_rate=5.5, caller_rate=5.0, pace_match=0.8,
                                     operator_dbfs=-22.0, in_band=0.9, longest_pause_s=4.0,
                                     overtalk_count=1, talk_s=40, listen_s=45))
    service.save(second, CallCoaching(operator_rate=6.5, pace_match=0.4, in_band=0.5,
                                      longest_pause_s=7.5, overtalk_count=2))
    service.save(other, CallCoaching(pace_match=1.0, longest_pause_s=1.0))
    service.save(other, CallCoaching(pace_match=0.6, longest_pause_s=2.0))  # replaces

    saved = CoachingService(database, boss).for_calls([first, second, other])
    assert saved[first].operator_rate == 5.5 and saved[first].talk_s == 40
    assert saved[other].pace_match == 0.6

    rows = {r.name: r for r in CoachingService(database, boss).report(PERIOD)}
    assert set(rows) == {"Анна", "Иван"}
    assert rows["Анна"].calls == 2
    assert rows["Анна"].pace_match == pytest.approx(0.6)
    assert rows["Анна"].longest_pause_s == 7.5
    assert rows["Анна"].overtalk_count == 3
    assert rows["Анна"].in_band == pytest.approx(0.7)
    assert rows["Иван"].calls == 1 and rows["Иван"].longest_pause_s == 2.0

    # an operator sees their own calls and report only
    mine = CoachingService(database, anna)
    assert set(mine.for_calls([first, second, other])) == {first, second}
    assert [r.name for r in mine.report(PERIOD, anna.operator_id)] == ["Анна"]
    with pytest.raises(PermissionDenied):
        mine.report(PERIOD)
    with pytest.raises(PermissionDenied):
        mine.report(PERIOD, ivan.operator_id)


def test_only_admins_set_the_limits_and_bad_ones_are_refused(database: Database) -> None:
    admin = person(database, "admin", "Админ", Role.ADMIN)
    anna = person(database, "anna", "Анна", Role.OPERATOR)
    assert CoachingService(database).limits() == CoachLimits()
    with pytest.raises(PermissionDenied):
        CoachingService(database, anna).set_limits(CoachLimits(pause_limit_s=8.0))
    with pytest.raises(CoachingError, match="громкости"):
        CoachingService(database, admin).set_limits(CoachLimits(quiet_dbfs=-10, loud_dbfs=-20))
    wanted = CoachLimits(quiet_dbfs=-35.0, loud_dbfs=-10.0, pause_limit_s=8.0)
    CoachingService(database, admin).set_limits(wanted)
    assert CoachingService(database).limits() == wanted
