"""Tables of the speech coaching: the admin's limits (one row) and one row of figures a call."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from softphone.crm.models.base import Base, utcnow


class CoachingPolicyRow(Base):
    """The team's bands and limits (id 1); absent means the defaults of CoachLimits."""

    __tablename__ = "coaching_policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    quiet_dbfs: Mapped[float]
    loud_dbfs: Mapped[float]
    pace_tolerance: Mapped[float]
    pause_limit_s: Mapped[float]
    overtalk_s: Mapped[float]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CallCoachingRow(Base):
    """What the live coaching measured in one call (no audio: it is never kept)."""

    __tablename__ = "call_coaching"

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interactions.id", ondelete="CASCADE"), unique=True
    )
    operator_id: Mapped[int | None] = mapped_column(
        ForeignKey("operators.id", ondelete="SET NULL"), index=True
    )
    operator_rate: Mapped[float | None]  # syllables per second of speech
    caller_rate: Mapped[float | None]
    pace_match: Mapped[float | None]  # share of the operator's speech at the caller's pace
    operator_dbfs: Mapped[float | None]
    caller_dbfs: Mapped[float | None]
    in_band: Mapped[float | None]  # share of the operator's speech inside the loudness band
    longest_pause_s: Mapped[float] = mapped_column(default=0.0)
    overtalk_count: Mapped[int] = mapped_column(default=0)
    overtalk_s: Mapped[float] = mapped_column(default=0.0)
    talk_s: Mapped[float] = mapped_column(default=0.0)
    listen_s: Mapped[float] = mapped_column(default=0.0)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
