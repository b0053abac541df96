"""Tables of call recording: the company-wide policy (one row) and the encrypted recordings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from softphone.crm.models.base import Base, utcnow


class RecordingPolicyRow(Base):
    """Off by default; only admins switch it on. One row with id 1."""

    __tablename__ = "recording_policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=False, server_default=false())
    retention_days: Mapped[int] = mapped_column(default=30, server_default="30")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class RecordingRow(Base):
    __tablename__ = "recordings"

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int | None] = mapped_column(
        ForeignKey("interactions.id", ondelete="SET NULL"), index=True
    )
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    file_name: Mapped[str] = mapped_column(String(128), unique=True)
    size: Mapped[int]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
