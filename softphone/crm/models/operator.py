"""Operator: the person at the desk who works calls; the script addresses callers in their name."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, false, true
from sqlalchemy.orm import Mapped, mapped_column

from softphone.crm.models.base import Base, utcnow


class Operator(Base):
    __tablename__ = "operators"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(255), default="")
    # How the operator introduces themself in the call script ("Анна").
    display_name: Mapped[str] = mapped_column(String(255), default="")
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    # A headset operator's incoming calls are answered by themselves after the team's delay.
    auto_answer: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Where colleagues transfer a caller to this operator: an extension ("104") or a SIP URI.
    transfer_target: Mapped[str] = mapped_column(String(255), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"Operator(id={self.id!r}, login={self.login!r})"
