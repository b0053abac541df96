"""Every change of an operator's agent status, stored with its time; where colleagues can be
reached (their transfer target) and who answers by themselves (auto-answer)."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from softphone.crm.agent.models import AgentStatusRow
from softphone.crm.auth import audit
from softphone.crm.auth.roles import Permission, Principal, require, signed_in
from softphone.crm.db import Database
from softphone.crm.folding import clean
from softphone.crm.models import Operator
from softphone.crm.models.base import utcnow


class AgentStatus(enum.StrEnum):
    READY = "ready"
    BREAK = "break"
    WRAP_UP = "wrap_up"  # after-call work
    DND = "dnd"  # do not disturb
    OFFLINE = "offline"  # the desk was closed: not counted as working time


STATUS_NAMES = {
    AgentStatus.READY: "Готов",
    AgentStatus.BREAK: "Перерыв",
    AgentStatus.WRAP_UP: "Постобработка",
    AgentStatus.DND: "Не беспокоить",
    AgentStatus.OFFLINE: "Не в сети",
}
# An extension ("104", "*21", "+79123456789") or a SIP URI ("sip:anna@pbx.office")
_TARGET = re.compile(r"^(\+?[0-9*#]{2,20}|sips?:[^\s@<>\"]+@[^\s<>\"]+)$")


def refusal_reason(status: AgentStatus, reason: str = "") -> str:
    """How the call log names a caller refused because of the status: «перерыв: обед»."""
    name = STATUS_NAMES[status].lower()
    return f"{name}: {reason.lower()}" if reason else name


class AgentError(ValueError):
    """Bad input; the message is shown to the user as is."""


@dataclass(frozen=True)
class StatusChange:
    operator_id: int
    status: AgentStatus
    reason: str
    started_at: datetime


@dataclass(frozen=True)
class Colleague:
    operator_id: int
    name: str
    target: str  # what the transfer dials


@dataclass(frozen=True)
class OperatorOptions:
    auto_answer: bool
    transfer_target: str


def check_target(text: str) -> str:
    target = clean(text).strip()
    if target and not _TARGET.match(target):
        raise AgentError(
            f"«{target[:40]}» — не номер и не SIP-адрес: укажите внутренний номер (104) или "
            "адрес вида sip:anna@pbx.office"
        )
    return target


class AgentService:
    def __init__(
        self, db: Database, principal: Principal | None = None, *,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self._db, self._principal, self._now = db, principal, now

    def _who(self) -> Principal | None:
        return self._principal or signed_in(self._db)

    def _operator_id(self, operator_id: int | None) -> int:
        if operator_id is not None:
            return operator_id
        who = self._who()
        if who is None:
            raise AgentError("Войдите в программу, чтобы менять статус")
        return who.operator_id

    # -- status -----------------------------------------------------------------------------

    def record(
        self, status: AgentStatus, reason: str = "", *, operator_id: int | None = None,
        at: datetime | None = None,
    ) -> StatusChange:
        """Store a change of status (the signed-in operator's unless operator_id is given)."""
        op = self._operator_id(operator_id)
        reason = " ".join(clean(reason).split())[:128] if status is AgentStatus.BREAK else ""
        change = StatusChange(op, AgentStatus(status), reason, at or self._now())
        with self._db.session(write=True) as session:
            session.add(AgentStatusRow(operator_id=op, status=change.status.value,
                                       reason=change.reason, started_at=change.started_at))
        return change

    def record_many(self, changes: list[StatusChange]) -> int:
        """Past changes in one transaction (demo data, imports); how many were stored."""
        with self._db.session(write=True) as session:
            session.add_all(
                AgentStatusRow(operator_id=c.operator_id, status=AgentStatus(c.status).value,
                               reason=c.reason if c.status is AgentStatus.BREAK else "",
                               started_at=c.started_at)
                for c in changes
            )
        return len(changes)

    def current(self, operator_id: int | None = None) -> StatusChange | None:
        op = self._operator_id(operator_id)
        query = (select(AgentStatusRow).where(AgentStatusRow.operator_id == op)
                 .order_by(AgentStatusRow.started_at.desc(), AgentStatusRow.id.desc()).limit(1))
        with self._db.session() as session:
            row = session.scalars(query).first()
            return _change(row) if row is not None else None

    def history(
        self, operator_id: int | None = None, *, since: datetime | None = None, limit: int = 500
    ) -> list[StatusChange]:
        """Newest first."""
        op = self._operator_id(operator_id)
        query = select(AgentStatusRow).where(AgentStatusRow.operator_id == op)
        if since is not None:
            query = query.where(AgentStatusRow.started_at >= since)
        query = query.order_by(AgentStatusRow.started_at.desc(), AgentStatusRow.id.desc())
        with self._db.session() as session:
            return [_change(r) for r in session.scalars(query.limit(limit))]

    # -- per-operator options ----------------------------------------------------------------

    def options(self, operator_id: int | None = None) -> OperatorOptions:
        op = self._operator_id(operator_id)
        with self._db.session() as session:
            row = session.get(Operator, op)
            if row is None:
                raise AgentError(f"Оператор №{op} не найден")
            return OperatorOptions(row.auto_answer, row.transfer_target)

    def set_options(self, options: OperatorOptions, operator_id: int | None = None) -> None:
        """One's own options, or anyone's for those who manage users."""
        op = self._operator_id(operator_id)
        who = self._who()
        if who is None or who.operator_id != op:
            who = require(self._principal, Permission.MANAGE_USERS, db=self._db)
        target = check_target(options.transfer_target)
        with self._db.session(write=True) as session:
            row = session.get(Operator, op)
            if row is None:
                raise AgentError(f"Оператор №{op} не найден")
            row.auto_answer, row.transfer_target = options.auto_answer, target
            audit.write(session, who, "operator.options",
                        f"{row.login}: автоответ {'вкл' if options.auto_answer else 'выкл'}, "
                        f"перевод на «{target}»")

    def colleagues(self) -> list[Colleague]:
        """Active operators with a transfer target, except oneself, by name."""
        who = self._who()
        query = (select(Operator).where(Operator.active, Operator.transfer_target != "")
                 .order_by(Operator.display_name, Operator.login))
        with self._db.session() as session:
            return [
                Colleague(o.id, o.display_name or o.full_name or o.login, o.transfer_target)
                for o in session.scalars(query)
                if who is None or o.id != who.operator_id
            ]


def _change(row: AgentStatusRow) -> StatusChange:
    try:
        status = AgentStatus(row.status)
    except ValueError:  # written by a newer desk
        status = AgentStatus.OFFLINE
    return StatusChange(row.operator_id, status, row.reason, row.started_at)
