"""Speech-coaching figures with each call, the admin's limits, and the per-operator report.

The live analysis (softphone.coaching) measures; this saves what it measured with the call's
interaction and reads it back for the caller's card and the reports. Anyone sees their own
figures; everyone's needs VIEW_ALL_REPORTS (supervisors, admins), checked here so a hidden
picker in a window is never the only defence. Only admins change the limits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy import func, select

from softphone.coaching.limits import CoachLimits
from softphone.crm.auth import audit
from softphone.crm.auth.roles import Permission, Principal, require, signed_in
from softphone.crm.coaching.models import CallCoachingRow, CoachingPolicyRow
from softphone.crm.db import Database
from softphone.crm.models import Interaction, Operator
from softphone.crm.models.base import utcnow
from softphone.crm.reports.days import Period


class CoachingError(ValueError):
    """The message is shown to the user as is."""


@dataclass(frozen=True)
class CallCoaching:
    """One call's saved figures (rates in syllables/s, levels in dBFS, shares 0..1)."""

    operator_rate: float | None = None
    caller_rate: float | None = None
    pace_match: float | None = None
    operator_dbfs: float | None = None
    caller_dbfs: float | None = None
    in_band: float | None = None
    longest_pause_s: float = 0.0
    overtalk_count: int = 0
    overtalk_s: float = 0.0
    talk_s: float = 0.0
    listen_s: float = 0.0


_FIELDS = [f.name for f in fields(CallCoaching)]


@dataclass(frozen=True)
class OperatorCoaching:
    """One operator's calls in a period: averages over the calls that had the figure."""

    operator_id: int | None
    name: str
    calls: int
    pace_match: float | None  # average share of speech at the caller's pace
    longest_pause_s: float  # the longest of all
    overtalk_count: int  # summed
    in_band: float | None  # average share of speech inside the loudness band
    operator_rate: float | None


def _figures(row: CallCoachingRow) -> CallCoaching:
    return CallCoaching(**{name: getattr(row, name) for name in _FIELDS})


class CoachingService:
    def __init__(self, db: Database, principal: Principal | None = None) -> None:
        self._db = db
        self._principal = principal

    def _viewer(self) -> Principal | None:
        return self._principal or signed_in(self._db)

    # -- the admin's limits -----------------------------------------------------------------
    def limits(self) -> CoachLimits:
        with self._db.session() as session:
            row = session.get(CoachingPolicyRow, 1)
            if row is None:
                return CoachLimits()
            return CoachLimits(row.quiet_dbfs, row.loud_dbfs, row.pace_tolerance,
                               row.pause_limit_s, row.overtalk_s)

    def set_limits(self, limits: CoachLimits) -> CoachLimits:
        who = require(self._principal, Permission.MANAGE_SERVICE_LEVELS, db=self._db)
        problems = limits.problems()
        if problems:
            raise CoachingError("Проверьте пороги подсказок: " + "; ".join(problems))
        with self._db.session(write=True) as session:
            row = session.get(CoachingPolicyRow, 1)
            if row is None:
                row = CoachingPolicyRow(id=1)
                session.add(row)
            for name, value in asdict(limits).items():
                setattr(row, name, value)
            row.updated_at = utcnow()
            audit.write(session, who, "coaching.limits",
                        f"громкость {limits.quiet_dbfs:g}..{limits.loud_dbfs:g} дБFS, темп "
                        f"±{limits.pace_tolerance:.0%}, пауза {limits.pause_limit_s:g} с")
        return limits

    # -- one call's figures -----------------------------------------------------------------
    def save(self, interaction_id: int, figures: CallCoaching) -> None:
        """Keep the figures with the call (saving again replaces them)."""
        with self._db.session(write=True) as session:
            interaction = session.get(Interaction, interaction_id)
            if interaction is None:
                raise LookupError(f"Звонок №{interaction_id} не найден")
            row = session.scalars(
                select(CallCoachingRow).where(CallCoachingRow.interaction_id == interaction_id)
            ).first()
            if row is None:
                row = CallCoachingRow(interaction_id=interaction_id)
                session.add(row)
            row.operator_id = interaction.operator_id
            for name in _FIELDS:
                setattr(row, name, getattr(figures, name))
            row.saved_at = utcnow()

    def for_calls(self, interaction_ids: Iterable[int]) -> dict[int, CallCoaching]:
        """The saved figures of these calls the viewer may see (own calls, or all if allowed)."""
        ids = list(interaction_ids)
        if not ids:
            return {}
        query = select(CallCoachingRow).where(CallCoachingRow.interaction_id.in_(ids))
        viewer = self._viewer()
        if viewer is not None and not viewer.can(Permission.VIEW_ALL_REPORTS):
            query = query.where(CallCoachingRow.operator_id == viewer.operator_id)
        with self._db.session() as session:
            return {row.interaction_id: _figures(row) for row in session.scalars(query)}

    # -- the report -------------------------------------------------------------------------
    def report(self, period: Period, operator_id: int | None = None) -> list[OperatorCoaching]:
        """Per operator (one, or all with VIEW_ALL_REPORTS), calls started in the period."""
        viewer = self._viewer()
        if viewer is None or operator_id is None or operator_id != viewer.operator_id:
            require(self._principal, Permission.VIEW_ALL_REPORTS, db=self._db)
        row = CallCoachingRow
        query = (
            select(
                row.operator_id, func.count(row.id), func.avg(row.pace_match),
                func.max(row.longest_pause_s), func.sum(row.overtalk_count),
                func.avg(row.in_band), func.avg(row.operator_rate),
            )
            .join(Interaction, Interaction.id == row.interaction_id)
            .where(Interaction.started_at >= period.start, Interaction.started_at < period.end)
            .group_by(row.operator_id)
        )
        if operator_id is not None:
            query = query.where(row.operator_id == operator_id)
        with self._db.session() as session:
            people = {o.id: o.display_name or o.login for o in session.scalars(select(Operator))}
            result = [
                OperatorCoaching(
                    op_id, people.get(op_id, "—") if op_id is not None else "—", int(calls),
                    _float(pace), float(pause or 0.0), int(overtalk or 0), _float(band),
                    _float(rate),
                )
                for op_id, calls, pace, pause, overtalk, band, rate in session.execute(query)
            ]
        return sorted(result, key=lambda r: r.name)


def _float(value: Any) -> float | None:  # Any: an SQL average (float, or Decimal on PostgreSQL)
    return None if value is None else round(float(value), 3)

