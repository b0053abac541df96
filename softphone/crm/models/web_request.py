"""Website requests: a visitor's callback request, question or order request, and its site.

A Site authenticates its submissions; the intake service writes WebRequest rows and the desks'
queue takes and closes them. Free text is stored exactly as typed (markup included) and is
never interpreted as HTML anywhere.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, validates

from softphone.crm.models.base import Base, utcnow


class RequestKind(enum.StrEnum):
    CALLBACK = "callback"
    QUESTION = "question"
    ORDER = "order"


class RequestStatus(enum.StrEnum):
    NEW = "new"  # waiting for an operator
    RETRY = "retry"  # nobody answered; back in the queue from retry_at on
    TAKEN = "taken"  # an operator is working it
    DONE = "done"
    WRONG_NUMBER = "wrong_number"
    DUPLICATE = "duplicate"


class Outcome(enum.StrEnum):
    DONE = "done"
    NO_ANSWER = "no_answer"
    WRONG_NUMBER = "wrong_number"
    DUPLICATE = "duplicate"


OPEN_STATUSES = (RequestStatus.NEW.value, RequestStatus.RETRY.value, RequestStatus.TAKEN.value)


class Site(Base):
    """A website allowed to submit requests.

    token_hash is SHA-256 of the bearer token (the token itself is shown once and never
    stored). hmac_secret must be kept in clear to verify signatures; it is never logged and
    never leaves the database except through `softphone intake add-site`.
    """

    __tablename__ = "web_sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    hmac_secret: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:  # no secrets in reprs: they end up in logs
        return f"Site(id={self.id!r}, name={self.name!r})"


class WebRequest(Base):
    __tablename__ = "web_requests"
    __table_args__ = (
        # One submission per key and site: a double click or a retried POST makes one request.
        UniqueConstraint("site_id", "idempotency_key", name="uq_web_requests_site_key"),
        Index("ix_web_requests_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("web_sites.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(255), default="")
    phone_raw: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str | None] = mapped_column(String(16), index=True)  # E.164
    email: Mapped[str] = mapped_column(String(254), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    preferred_time: Mapped[str] = mapped_column(String(128), default="")
    page_url: Mapped[str] = mapped_column(String(2048), default="")
    utm_source: Mapped[str] = mapped_column(String(255), default="")
    utm_medium: Mapped[str] = mapped_column(String(255), default="")
    utm_campaign: Mapped[str] = mapped_column(String(255), default="")
    utm_term: Mapped[str] = mapped_column(String(255), default="")
    utm_content: Mapped[str] = mapped_column(String(255), default="")
    client_ip: Mapped[str] = mapped_column(String(45), default="")
    idempotency_key: Mapped[str | None] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16), default=RequestStatus.NEW.value)
    taken_by: Mapped[int | None] = mapped_column(
        ForeignKey("operators.id", ondelete="SET NULL"), index=True
    )
    taken_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(16))
    retry_at: Mapped[datetime | None]
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    @validates("kind")
    def _check_kind(self, _key: str, value: str) -> str:
        try:
            return RequestKind(value).value
        except ValueError:
            raise ValueError(f"неизвестный вид заявки: «{value}»") from None

    def __repr__(self) -> str:
        return f"WebRequest(id={self.id!r}, kind={self.kind!r}, status={self.status!r})"
