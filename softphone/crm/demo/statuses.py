"""The demo operators' agent status over their past working days, so «Отчёты → Статусы» is not
empty: ready from about nine, a short technical break, lunch, after-call work after calls, now
and then training or «не беспокоить», offline from about six. Seeded, so the same every time."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta, tzinfo

from sqlalchemy import select

from softphone.crm.agent.status import AgentService, AgentStatus, StatusChange
from softphone.crm.db import Database
from softphone.crm.demo.people import SEED as PEOPLE_SEED
from softphone.crm.models import Operator
from softphone.crm.reports.days import local_zone

SEED = PEOPLE_SEED + 17
DAYS = 14  # calendar days back, weekends skipped
R, B, W, D = AgentStatus.READY, AgentStatus.BREAK, AgentStatus.WRAP_UP, AgentStatus.DND


def _day(rng: random.Random, operator_id: int, start: datetime) -> list[StatusChange]:
    """One working day from `start` (local 09:00), as minutes from it."""
    away: list[tuple[float, float, AgentStatus, str]] = []  # breaks and quiet time
    tech = 120 + rng.uniform(0, 20)
    away.append((tech, tech + rng.uniform(5, 15), B, "Технический перерыв"))
    lunch = 240 + rng.uniform(-10, 30)
    away.append((lunch, lunch + rng.uniform(35, 55), B, "Обед"))
    if rng.random() < 0.3:
        training = 400 + rng.uniform(0, 30)
        away.append((training, training + 60, B, "Обучение"))
    elif rng.random() < 0.4:
        quiet = 330 + rng.uniform(0, 40)
        away.append((quiet, quiet + rng.uniform(10, 25), D, ""))
    plan: list[tuple[float, AgentStatus, str]] = [(rng.uniform(-5, 10), R, "")]
    for begin, end, status, reason in away:
        plan += [(begin, status, reason), (end, R, "")]
    for hour in (0.7, 1.5, 2.4, 3.2, 5.5, 6.3, 7.4, 8.1):  # after-call work after some calls
        at = hour * 60 + rng.uniform(0, 20)
        done = at + rng.uniform(0.3, 1.5)
        if not any(begin - 2 <= done and at <= end + 2 for begin, end, _s, _r in away):
            plan += [(at, W, ""), (done, R, "")]
    plan.append((540 + rng.uniform(0, 20), AgentStatus.OFFLINE, ""))
    plan.sort(key=lambda step: step[0])
    return [StatusChange(operator_id, status, reason, start + timedelta(minutes=minutes))
            for minutes, status, reason in plan]


def load_demo_statuses(
    db: Database, *, now: datetime | None = None, zone: tzinfo | None = None
) -> int:
    """Every demo operator's past working days (today up to now); how many changes."""
    rng = random.Random(SEED)
    now = now or datetime.now(UTC)
    zone = zone or local_zone()
    with db.session() as session:
        operators = list(session.scalars(select(Operator.id).order_by(Operator.id)))
    today = now.astimezone(zone).date()
    changes: list[StatusChange] = []
    for back in range(DAYS, -1, -1):
        day = today - timedelta(days=back)
        if day.weekday() >= 5:
            continue
        start = datetime.combine(day, time(9), tzinfo=zone).astimezone(UTC)
        for operator_id in operators:
            changes += [c for c in _day(rng, operator_id, start) if c.started_at <= now]
    return AgentService(db).record_many(changes)
