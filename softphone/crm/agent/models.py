"""Tables of agent status: the team-wide policy (one row) and every change of an operator's status.

The history is a list of moments ("from 12:03 Anna is on break: обед"); a status lasts until the
operator's next row, so time per status is read from consecutive rows and nothing is updated in
place. Per-operator choices (auto-answer, the extension colleagues transfer to) live on `operators`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from softphone.crm.models.base import Base, utcnow

DEFAULT_BREAK_REASONS = "Обед\nОбучение\nТехнический перерыв\nСобрание\nЛичное время"


class AgentPolicyRow(Base):
    """One row with id 1; absent = the defaults."""

    __tablename__ = "agent_policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    # what callers get while the operator is not ready: busy (486), unavailable (480), unregister
    refusal: Mapped[str] = mapped_column(String(16), default="busy", server_default="busy")
    wrap_up_s: Mapped[int] = mapped_column(default=30, server_default="30")
    auto_answer_delay_ms: Mapped[int] = mapped_column(default=2000, server_default="2000")
    break_reasons: Mapped[str] = mapped_column(Text, default=DEFAULT_BREAK_REASONS)  # one a line
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AgentStatusRow(Base):
    __tablename__ = "agent_status_log"
    __table_args__ = (Index("ix_agent_status_log_operator_at", "operator_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    status: Mapped[str] = mapped_column(String(16))  # AgentStatus value
    reason: Mapped[str] = mapped_column(String(128), default="")
    started_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
