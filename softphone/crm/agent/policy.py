"""The team's rules for agent status, set by an admin and shared by every desk on the database:
what callers get while an operator is not ready, how long after-call work lasts, the auto-answer
delay and the break reasons operators pick from."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from softphone.crm.agent.models import DEFAULT_BREAK_REASONS, AgentPolicyRow
from softphone.crm.auth import audit
from softphone.crm.auth.roles import Permission, Principal, require
from softphone.crm.db import Database
from softphone.crm.folding import clean
from softphone.crm.models.base import utcnow

MAX_WRAP_UP_S = 900
MAX_AUTO_ANSWER_DELAY_MS = 10_000
MAX_REASONS = 20
MAX_REASON_CHARS = 60


class Refusal(enum.StrEnum):
    """What a caller gets while the operator is not ready."""

    BUSY = "busy"  # 486 Busy Here: a PBX's queue tries the next operator at once
    UNAVAILABLE = "unavailable"  # 480 Temporarily Unavailable
    UNREGISTER = "unregister"  # the desk unregisters: the PBX does not even offer the call

    @property
    def status_code(self) -> int | None:
        """The SIP answer sent to a refused caller (None: the PBX keeps them away itself)."""
        return {Refusal.BUSY: 486, Refusal.UNAVAILABLE: 480}.get(self)


REFUSAL_TEXT = {
    Refusal.BUSY: "занято (486)",
    Refusal.UNAVAILABLE: "временно недоступен (480)",
    Refusal.UNREGISTER: "регистрация снята: звонки не поступают",
}


class PolicyError(ValueError):
    """A policy that cannot be saved; the message is shown to the user as is."""


@dataclass(frozen=True)
class AgentPolicy:
    refusal: Refusal = Refusal.BUSY
    wrap_up_s: int = 30  # after-call work after each answered call; 0 = none
    auto_answer_delay_ms: int = 2000
    break_reasons: tuple[str, ...] = tuple(DEFAULT_BREAK_REASONS.splitlines())


def parse_reasons(text: str) -> tuple[str, ...]:
    """One reason a line, blanks and repeats dropped, in the admin's order."""
    seen: dict[str, None] = {}
    for line in clean(text).splitlines():
        reason = " ".join(line.split())
        if reason and reason.casefold() not in {r.casefold() for r in seen}:
            seen[reason] = None
    return tuple(seen)


def check(policy: AgentPolicy) -> AgentPolicy:
    """The policy as stored, or PolicyError saying what is wrong."""
    if not 0 <= policy.wrap_up_s <= MAX_WRAP_UP_S:
        raise PolicyError(f"Постобработка: от 0 до {MAX_WRAP_UP_S} секунд, указано "
                          f"{policy.wrap_up_s}")
    if not 0 <= policy.auto_answer_delay_ms <= MAX_AUTO_ANSWER_DELAY_MS:
        raise PolicyError("Задержка автоответа: от 0 до 10 секунд")
    reasons = parse_reasons("\n".join(policy.break_reasons))
    if not reasons:
        raise PolicyError("Укажите хотя бы одну причину перерыва")
    if len(reasons) > MAX_REASONS:
        raise PolicyError(f"Причин перерыва не больше {MAX_REASONS}")
    long = next((r for r in reasons if len(r) > MAX_REASON_CHARS), None)
    if long is not None:
        raise PolicyError(f"Причина перерыва длиннее {MAX_REASON_CHARS} знаков: «{long[:30]}…»")
    return AgentPolicy(Refusal(policy.refusal), policy.wrap_up_s, policy.auto_answer_delay_ms,
                       reasons)


class AgentPolicyService:
    def __init__(self, db: Database, principal: Principal | None = None) -> None:
        self._db, self._principal = db, principal

    def policy(self) -> AgentPolicy:
        with self._db.session() as session:
            row = session.get(AgentPolicyRow, 1)
            if row is None:
                return AgentPolicy()
            try:
                refusal = Refusal(row.refusal)
            except ValueError:  # a value from a newer desk: the safe default
                refusal = Refusal.BUSY
            reasons = parse_reasons(row.break_reasons) or AgentPolicy().break_reasons
            return AgentPolicy(refusal, row.wrap_up_s, row.auto_answer_delay_ms, reasons)

    def set_policy(self, policy: AgentPolicy) -> AgentPolicy:
        """Admins only; the change and its audit entry commit together."""
        who = require(self._principal, Permission.MANAGE_SERVICE_LEVELS, db=self._db)
        policy = check(policy)
        with self._db.session(write=True) as session:
            row = session.get(AgentPolicyRow, 1)
            if row is None:
                row = AgentPolicyRow(id=1)
                session.add(row)
            row.refusal, row.wrap_up_s = policy.refusal.value, policy.wrap_up_s
            row.auto_answer_delay_ms = policy.auto_answer_delay_ms
            row.break_reasons = "\n".join(policy.break_reasons)
            row.updated_at = utcnow()
            details = (f"не готов: {REFUSAL_TEXT[policy.refusal]}; постобработка "
                       f"{policy.wrap_up_s} с; автоответ через {policy.auto_answer_delay_ms} мс; "
                       f"перерывы: {', '.join(policy.break_reasons)}")
            audit.write(session, who, "agent.policy", details)
        return policy
