"""A plan of a tariff ("Базовый", "Оптимальный"): its price and what it includes."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from softphone.crm.kb.models.item import PRICE
from softphone.crm.models.base import Base

if TYPE_CHECKING:
    from softphone.crm.kb.models.item import KbItem


class KbTariffPlan(Base):
    __tablename__ = "kb_tariff_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    tariff_id: Mapped[int] = mapped_column(
        ForeignKey("kb_items.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(128))
    price: Mapped[Decimal] = mapped_column(PRICE)
    period: Mapped[str] = mapped_column(String(32), default="мес.")  # "мес.", "год", "разово"
    includes: Mapped[str] = mapped_column(Text, default="")  # one inclusion per line

    tariff: Mapped[KbItem] = relationship(back_populates="plans")

    def __repr__(self) -> str:
        return f"KbTariffPlan(id={self.id!r}, name={self.name!r})"
