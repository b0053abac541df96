"""A customer's phone number: E.164 key for lookup plus the text as the operator typed it."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from softphone.crm.models.base import Base

if TYPE_CHECKING:
    from softphone.crm.models.customer import Customer


class NumberKind(enum.StrEnum):
    MOBILE = "mobile"
    HOME = "home"
    WORK = "work"
    OTHER = "other"


class PhoneNumber(Base):
    __tablename__ = "phone_numbers"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    # One number belongs to one customer: this is what makes concurrent creation race-safe.
    e164: Mapped[str] = mapped_column(String(16), unique=True)
    raw: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[str] = mapped_column(String(8), default=NumberKind.MOBILE.value)

    customer: Mapped[Customer] = relationship(back_populates="numbers")

    @validates("kind")
    def _check_kind(self, _key: str, value: str) -> str:
        try:
            return NumberKind(value).value
        except ValueError:
            raise ValueError(f"неизвестный тип номера: «{value}»") from None

    def __repr__(self) -> str:
        return f"PhoneNumber(e164={self.e164!r}, kind={self.kind!r})"
