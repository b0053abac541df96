"""Time per agent status per operator and local day, read from the status history.

A status lasts from its row until the operator's next row (or until now), so each operator's
rows are walked in order: the last change before the period says what they were doing when it
began, and each stretch is cut at local midnights. Plain SELECTs, the same on both databases;
«не в сети» (the desk closed) is not working time and is left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from softphone.crm.agent.models import AgentStatusRow
from softphone.crm.agent.status import AgentStatus
from softphone.crm.auth.roles import Permission, Principal, require, signed_in
from softphone.crm.db import Database
from softphone.crm.models import Operator
from softphone.crm.models.base import utcnow
from softphone.crm.reports.days import Period

COUNTED = (AgentStatus.READY, AgentStatus.BREAK, AgentStatus.WRAP_UP, AgentStatus.DND)


@dataclass(frozen=True)
class StatusTime:
    operator_id: int
    name: str
    day: date
    seconds: dict[AgentStatus, float]  # every counted status, 0.0 when none
    breaks: dict[str, float]  # break seconds by reason

    @property
    def total_s(self) -> float:
        return sum(self.seconds.values())


class StatusTimeService:
    def __init__(
        self, db: Database, principal: Principal | None = None, *,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self._db, self._principal, self._now = db, principal, now

    def report(self, period: Period, operator_id: int | None = None) -> list[StatusTime]:
        """One operator's days (operator_id) or everyone's; others' need VIEW_ALL_REPORTS."""
        viewer = self._principal or signed_in(self._db)
        if viewer is None or operator_id is None or operator_id != viewer.operator_id:
            require(self._principal, Permission.VIEW_ALL_REPORTS, db=self._db)
        start, end = period.start, min(period.end, self._now())
        log = AgentStatusRow
        with self._db.session() as session:
            before = (select(log.operator_id, func.max(log.started_at).label("at"))
                      .where(log.started_at < start).group_by(log.operator_id))
            if operator_id is not None:
                before = before.where(log.operator_id == operator_id)
            opening = before.subquery()
            first = select(log).join(opening, (log.operator_id == opening.c.operator_id)
                                     & (log.started_at == opening.c.at))
            inside = select(log).where(log.started_at >= start, log.started_at < end)
            if operator_id is not None:
                inside = inside.where(log.operator_id == operator_id)
            rows = [*session.scalars(first), *session.scalars(inside)]
            names = {o.id: o.display_name or o.full_name or o.login
                     for o in session.scalars(select(Operator))}
        by_operator: dict[int, list[AgentStatusRow]] = defaultdict(list)
        for row in rows:
            by_operator[row.operator_id].append(row)
        result: list[StatusTime] = []
        for op, changes in sorted(by_operator.items(), key=lambda kv: names.get(kv[0], "")):
            changes.sort(key=lambda r: (r.started_at, r.id))
            days = _walk(changes, start, end, period)
            for day in sorted(days):
                seconds, breaks = days[day]
                result.append(StatusTime(op, names.get(op, f"№{op}"), day,
                                         {s: seconds.get(s, 0.0) for s in COUNTED}, breaks))
        return result


Days = dict[date, tuple[dict[AgentStatus, float], dict[str, float]]]


def _walk(changes: list[AgentStatusRow], start: datetime, end: datetime, period: Period) -> Days:
    days: Days = {}
    for row, following in zip(changes, [*changes[1:], None], strict=True):
        status = AgentStatus(row.status) if row.status in set(AgentStatus) else None
        if status not in COUNTED:
            continue
        begin = max(row.started_at, start)
        finish = min(following.started_at if following is not None else end, end)
        while begin < finish:
            day = begin.astimezone(period.zone).date()
            midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=period.zone)
            midnight = midnight.astimezone(UTC)
            piece_end = min(finish, midnight)
            seconds, breaks = days.setdefault(day, ({}, {}))
            length = (piece_end - begin).total_seconds()
            seconds[status] = seconds.get(status, 0.0) + length
            if status is AgentStatus.BREAK:
                breaks[row.reason] = breaks.get(row.reason, 0.0) + length
            begin = piece_end
    return days
