"""What a report holds: figures per operator, their total, dispositions and calls per day."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from softphone.crm.reports.days import Period

UNASSIGNED = "Не указан"  # calls and documents no operator was recorded for


@dataclass(frozen=True)
class OperatorFigures:
    """One operator's work in the period (operator_id None: nobody recorded, or the total)."""

    operator_id: int | None
    login: str
    name: str
    calls_in: int = 0  # inbound, answered
    calls_out: int = 0  # outbound, connected or not
    calls_missed: int = 0  # inbound, not answered
    connected: int = 0  # calls that were talked on, either way
    talk_s: float = 0.0
    answer_wait_s: float = 0.0  # summed over `answer_timed` inbound calls
    answer_timed: int = 0
    orders: int = 0
    applications: int = 0
    requests_taken: int = 0  # each recorded outcome, plus those held right now
    requests_closed: int = 0  # done, wrong number or duplicate

    @property
    def calls(self) -> int:
        return self.calls_in + self.calls_out + self.calls_missed

    @property
    def answered_share(self) -> float | None:
        """Answered inbound calls out of all inbound ones; None when none came in."""
        inbound = self.calls_in + self.calls_missed
        return self.calls_in / inbound if inbound else None

    @property
    def average_talk_s(self) -> float | None:
        return self.talk_s / self.connected if self.connected else None

    @property
    def average_answer_s(self) -> float | None:
        return self.answer_wait_s / self.answer_timed if self.answer_timed else None

    def plus(self, other: OperatorFigures) -> OperatorFigures:
        """Counts added up (for the total row); identity stays this row's."""
        summed = {
            f.name: getattr(self, f.name) + getattr(other, f.name)
            for f in fields(self)
            if f.name not in {"operator_id", "login", "name"}
        }
        return OperatorFigures(self.operator_id, self.login, self.name, **summed)


@dataclass(frozen=True)
class DayCalls:
    day: date
    calls_in: int = 0
    calls_out: int = 0
    calls_missed: int = 0

    @property
    def total(self) -> int:
        return self.calls_in + self.calls_out + self.calls_missed


@dataclass(frozen=True)
class Report:
    period: Period
    operator_id: int | None  # None: every operator
    rows: tuple[OperatorFigures, ...]
    total: OperatorFigures
    dispositions: tuple[tuple[str, int], ...]  # most frequent first; "" = no wrap-up yet
    days: tuple[DayCalls, ...]  # every day of the period, quiet days as zeros
