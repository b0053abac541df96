"""Reports on the operators' work: a handful of GROUP BY queries over calls, website requests,
orders and applications, the same on SQLite and PostgreSQL.

Anyone may see their own report; another operator's or everyone's needs VIEW_ALL_REPORTS,
checked here so a hidden picker in the window is never the only defence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import ColumnElement, Select, case, extract, func, select
from sqlalchemy.orm import Session

from softphone.crm.auth.roles import Permission, Principal, require, signed_in
from softphone.crm.customers.calls import CALL_KINDS
from softphone.crm.db import Database
from softphone.crm.models import CallStatus, Interaction, InteractionKind, Operator, WebRequest
from softphone.crm.models.web_request import Outcome, RequestStatus
from softphone.crm.operators import OperatorInfo
from softphone.crm.orders.models import Application, Order
from softphone.crm.reports.days import Period, as_date, local_day
from softphone.crm.reports.figures import UNASSIGNED, DayCalls, OperatorFigures, Report

_IN, _OUT, _MISSED = (InteractionKind.CALL_IN.value, InteractionKind.CALL_OUT.value,
                      InteractionKind.CALL_MISSED.value)
_CALLS = [str(kind) for kind in CALL_KINDS]
_CLOSING = [Outcome.DONE.value, Outcome.WRONG_NUMBER.value, Outcome.DUPLICATE.value]
# Operator id -> what the queries counted for them so far (no login or name yet).
Counts = dict[int | None, OperatorFigures]
People = dict[int, Operator]


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


class ReportService:
    def __init__(self, db: Database, principal: Principal | None = None) -> None:
        """`principal` is who looks; without one, the desk's signed-in person."""
        self._db = db
        self._principal = principal

    def viewer(self) -> Principal | None:
        return self._principal or signed_in(self._db)

    def can_view_all(self) -> bool:
        viewer = self.viewer()
        return viewer.can(Permission.VIEW_ALL_REPORTS) if viewer is not None else True

    def operators(self) -> list[OperatorInfo]:
        """Whom a supervisor may pick; an operator gets only themself."""
        query = select(Operator).order_by(Operator.display_name, Operator.login)
        viewer = self.viewer()
        if viewer is not None and not viewer.can(Permission.VIEW_ALL_REPORTS):
            query = query.where(Operator.id == viewer.operator_id)
        with self._db.session() as session:
            return [
                OperatorInfo(o.id, o.login, o.full_name, o.display_name)
                for o in session.scalars(query)
            ]

    def report(self, period: Period, operator_id: int | None = None) -> Report:
        """One operator's figures (operator_id), or every operator's with a total (None)."""
        viewer = self.viewer()
        if viewer is None or operator_id is None or operator_id != viewer.operator_id:
            require(self._principal, Permission.VIEW_ALL_REPORTS, db=self._db)
        with self._db.session() as session:
            people = {o.id: o for o in session.scalars(select(Operator))}
            if operator_id is not None and operator_id not in people:
                raise LookupError(f"Оператор №{operator_id} не найден")
            counts: Counts = {}
            for part in (self._calls, self._requests, self._held, self._documents):
                part(session, period, operator_id, people, counts)
            dispositions = self._dispositions(session, period, operator_id)
            days = self._days(session, period, operator_id)
        rows = _rows(counts, people, operator_id)
        total = OperatorFigures(operator_id, "", "Итого")
        for row in rows:
            total = total.plus(row)
        return Report(period, operator_id, tuple(rows), total, dispositions, days)

    # -- the queries ----------------------------------------------------------------------

    def _calls(
        self, session: Session, period: Period, operator_id: int | None, _people: People,
        counts: Counts,
    ) -> None:
        kind, answered = Interaction.kind, Interaction.answered_at
        timed = (kind == _IN) & answered.is_not(None)
        query = select(
            Interaction.operator_id,
            _count_if(kind == _IN).label("calls_in"),
            _count_if(kind == _OUT).label("calls_out"),
            _count_if(kind == _MISSED).label("calls_missed"),
            _count_if(answered.is_not(None)).label("connected"),
            func.coalesce(func.sum(Interaction.duration_s), 0).label("talk_s"),
            func.coalesce(func.sum(case((timed, self._wait()), else_=0)), 0).label(
                "answer_wait_s"
            ),
            _count_if(timed).label("answer_timed"),
        ).where(*_call_filter(period, operator_id)).group_by(Interaction.operator_id)
        for row in session.execute(query):
            found = OperatorFigures(
                row.operator_id,
                "",
                "",
                calls_in=int(row.calls_in),
                calls_out=int(row.calls_out),
                calls_missed=int(row.calls_missed),
                connected=int(row.connected),
                talk_s=float(row.talk_s),
                answer_wait_s=float(row.answer_wait_s),
                answer_timed=int(row.answer_timed),
            )
            _add(counts, found)

    def _wait(self) -> ColumnElement[float] | ColumnElement[int]:
        """Seconds from the first ring to the answer."""
        if self._db.dialect == "sqlite":
            days = func.julianday(Interaction.answered_at) - func.julianday(Interaction.started_at)
            return days * 86400.0
        return extract("epoch", Interaction.answered_at - Interaction.started_at)

    def _requests(
        self, session: Session, period: Period, operator_id: int | None, _people: People,
        counts: Counts,
    ) -> None:
        """Outcomes recorded on website requests, counted when they were recorded."""
        query = select(
            Interaction.operator_id,
            func.count(Interaction.id).label("taken"),
            _count_if(Interaction.disposition.in_(_CLOSING)).label("closed"),
        ).where(
            Interaction.kind == InteractionKind.WEB_REQUEST.value,
            Interaction.ended_at >= period.start,
            Interaction.ended_at < period.end,
        )
        if operator_id is not None:
            query = query.where(Interaction.operator_id == operator_id)
        for who, taken, closed in session.execute(query.group_by(Interaction.operator_id)):
            found = OperatorFigures(
                who, "", "", requests_taken=int(taken), requests_closed=int(closed)
            )
            _add(counts, found)

    def _held(
        self, session: Session, period: Period, operator_id: int | None, _people: People,
        counts: Counts,
    ) -> None:
        """Requests taken in the period and still being worked (no outcome recorded yet)."""
        query = select(WebRequest.taken_by, func.count(WebRequest.id)).where(
            WebRequest.status == RequestStatus.TAKEN.value,
            WebRequest.taken_at >= period.start,
            WebRequest.taken_at < period.end,
        )
        if operator_id is not None:
            query = query.where(WebRequest.taken_by == operator_id)
        for who, held in session.execute(query.group_by(WebRequest.taken_by)):
            _add(counts, OperatorFigures(who, "", "", requests_taken=int(held)))

    def _documents(
        self, session: Session, period: Period, operator_id: int | None,
        people: People, counts: Counts,
    ) -> None:
        """Orders and applications record their author by login."""
        by_login = {o.login: o.id for o in people.values()}
        for model in (Order, Application):
            query: Select[str, int] = select(model.created_by, func.count(model.id)).where(
                model.created_at >= period.start, model.created_at < period.end
            )
            if operator_id is not None:
                query = query.where(model.created_by == people[operator_id].login)
            for login, number in session.execute(query.group_by(model.created_by)):
                who = by_login.get(login)
                if model is Order:
                    found = OperatorFigures(who, "", "", orders=int(number))
                else:
                    found = OperatorFigures(who, "", "", applications=int(number))
                _add(counts, found)

    def _dispositions(
        self, session: Session, period: Period, operator_id: int | None
    ) -> tuple[tuple[str, int], ...]:
        label = func.coalesce(Interaction.disposition, "")  # "" (no wrap-up) last among equals
        number = func.count(Interaction.id)
        query = (
            select(label, number)
            .where(*_call_filter(period, operator_id))
            .group_by(label)
            .order_by(number.desc(), case((label == "", 1), else_=0), label)
        )
        return tuple((text, int(n)) for text, n in session.execute(query))

    def _days(
        self, session: Session, period: Period, operator_id: int | None
    ) -> tuple[DayCalls, ...]:
        # GROUP BY a labelled subquery column: PostgreSQL would not match the bucketing
        # expression against itself when its bound offsets are separate parameters.
        inner = (
            select(
                local_day(Interaction.started_at, period, self._db.dialect).label("day"),
                Interaction.kind.label("kind"),
            )
            .where(*_call_filter(period, operator_id))
            .subquery()
        )
        query = select(inner.c.day, inner.c.kind, func.count()).group_by(inner.c.day, inner.c.kind)
        per_day: dict[date, dict[str, int]] = defaultdict(dict)
        for day, kind, number in session.execute(query):
            per_day[as_date(day)][kind] = int(number)
        return tuple(
            DayCalls(
                day,
                per_day[day].get(_IN, 0),
                per_day[day].get(_OUT, 0),
                per_day[day].get(_MISSED, 0),
            )
            for day in period.days()
        )


def _call_filter(period: Period, operator_id: int | None) -> list[ColumnElement[bool]]:
    """Finished calls of the period: a call is logged open when it rings, and until it ends
    it is neither missed nor talked (calls a dead desk left open are closed as interrupted)."""
    filters = [
        Interaction.kind.in_(_CALLS),
        Interaction.status != CallStatus.OPEN.value,
        Interaction.started_at >= period.start,
        Interaction.started_at < period.end,
    ]
    if operator_id is not None:
        filters.append(Interaction.operator_id == operator_id)
    return filters


def _add(counts: Counts, found: OperatorFigures) -> None:
    """Adds what one query found for an operator to what the others did."""
    who = found.operator_id
    counts[who] = counts[who].plus(found) if who in counts else found


def _rows(counts: Counts, people: People, operator_id: int | None) -> list[OperatorFigures]:
    """The chosen operator; or every active operator and anyone with work, by name."""
    if operator_id is not None:
        wanted: Iterable[int | None] = [operator_id]
    else:
        active = {o.id for o in people.values() if o.active}
        wanted = active | set(counts)
    rows = []
    for who in wanted:
        person = people.get(who) if who is not None else None
        login = person.login if person is not None else ""
        name = (person.display_name or person.login) if person is not None else UNASSIGNED
        named = OperatorFigures(who, login, name)
        rows.append(named.plus(counts[who]) if who in counts else named)
    rows.sort(key=lambda r: (r.operator_id is None, r.name.casefold(), r.login))
    return rows
