"""Interaction: one contact with a caller (a call now; website requests later)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from softphone.crm.models.base import Base

if TYPE_CHECKING:
    from softphone.crm.models.customer import Customer
    from softphone.crm.models.operator import Operator


class InteractionKind(enum.StrEnum):
    # Kept as plain strings (no DB enum/CHECK) so new kinds such as web_request need no
    # table rebuild on SQLite.
    CALL_IN = "call_in"
    CALL_OUT = "call_out"
    CALL_MISSED = "call_missed"
    WEB_REQUEST = "web_request"  # a website request outcome (crm.web_requests.service)


class CallStatus(enum.StrEnum):
    """Where a logged call is: written at ring/dial (open), completed at its end (done), or
    found open at start-up after the desk's process died during it (interrupted)."""

    OPEN = "open"
    DONE = "done"
    INTERRUPTED = "interrupted"


class Interaction(Base):
    __tablename__ = "interactions"
    __table_args__ = (
        Index("ix_interactions_started_at", "started_at"),
        Index("ix_interactions_customer_started", "customer_id", "started_at"),
        Index("ix_interactions_kind_started", "kind", "started_at"),
        Index("ix_interactions_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    operator_id: Mapped[int | None] = mapped_column(
        ForeignKey("operators.id", ondelete="SET NULL"), index=True
    )
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"))
    remote: Mapped[str] = mapped_column(String(512), default="")  # as SIP gave it
    remote_name: Mapped[str] = mapped_column(String(255), default="")  # SIP display name
    number: Mapped[str | None] = mapped_column(String(16), index=True)  # E.164 if it parsed
    started_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    duration_s: Mapped[float] = mapped_column(default=0.0)
    status_code: Mapped[int] = mapped_column(default=0)
    reason: Mapped[str] = mapped_column(String(255), default="")
    disposition: Mapped[str | None] = mapped_column(String(64))
    notes: Mapped[str | None] = mapped_column(Text)
    callback_at: Mapped[datetime | None]  # wrap-up: when the customer asked to be called back
    status: Mapped[str] = mapped_column(String(16), default="done", server_default="done")
    # the desk process holding an open call ("host:pid:start"), to tell a dead one at start-up
    open_by: Mapped[str | None] = mapped_column(String(128))
    # a leg of a three-way call (the operator joined it with another call at some point)
    conference: Mapped[bool] = mapped_column(default=False, server_default=false())

    customer: Mapped[Customer | None] = relationship(back_populates="interactions")
    operator: Mapped[Operator | None] = relationship()

    @validates("kind")
    def _check_kind(self, _key: str, value: str) -> str:
        try:
            return InteractionKind(value).value
        except ValueError:
            raise ValueError(f"неизвестный вид обращения: «{value}»") from None

    def __repr__(self) -> str:
        return f"Interaction(id={self.id!r}, kind={self.kind!r}, number={self.number!r})"
