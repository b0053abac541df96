"""One knowledge-base entry: product, service, promotion, tariff or article, in one table.

One table (not one per kind) because the operator searches across all kinds at once and every
result needs its title, price or period without joins. Columns that only make sense for some
kinds are nullable; softphone.crm.kb.drafts validates which ones each kind needs.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import Column, Date, ForeignKey, Index, Numeric, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from softphone.crm.models.base import Base, utcnow

if TYPE_CHECKING:
    from softphone.crm.kb.models.category import KbCategory
    from softphone.crm.kb.models.tariff_plan import KbTariffPlan


class ItemKind(enum.StrEnum):
    PRODUCT = "product"
    SERVICE = "service"
    PROMOTION = "promotion"
    TARIFF = "tariff"
    ARTICLE = "article"


class Availability(enum.StrEnum):
    IN_STOCK = "in_stock"
    ON_ORDER = "on_order"
    OUT_OF_STOCK = "out_of_stock"


class DiscountKind(enum.StrEnum):
    PERCENT = "percent"  # value = percent off
    AMOUNT = "amount"  # value = roubles off
    GIFT = "gift"  # no value: something comes free, conditions say what


promotion_items = Table(
    "kb_promotion_items",
    Base.metadata,
    Column("promotion_id", ForeignKey("kb_items.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", ForeignKey("kb_items.id", ondelete="CASCADE"), primary_key=True),
)

PRICE = Numeric(12, 2)


class KbItem(Base):
    __tablename__ = "kb_items"
    __table_args__ = (
        Index("ix_kb_items_kind", "kind"),
        Index("ix_kb_items_uses", "uses", "id"),  # the empty query: most used, newest
        Index("ix_kb_items_category_id", "category_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    # Article number for products and services, a stable key for everything else: imports
    # update the item with the same code instead of adding a duplicate.
    code: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text, default="")  # richtext markup, never HTML
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("kb_categories.id", ondelete="SET NULL")
    )
    uses: Mapped[int] = mapped_column(default=0)  # opened or copied: the empty query's order
    retired_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    # Products and services.
    price: Mapped[Decimal | None] = mapped_column(PRICE)
    unit: Mapped[str] = mapped_column(String(32), default="")
    availability: Mapped[str | None] = mapped_column(String(16))
    # Promotions.
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)  # inclusive; None = until cancelled
    conditions: Mapped[str] = mapped_column(Text, default="")
    discount_kind: Mapped[str | None] = mapped_column(String(16))
    discount_value: Mapped[Decimal | None] = mapped_column(PRICE)
    # Articles: ordering, delivery, returns, recalculation, compensation, faq...
    topic: Mapped[str] = mapped_column(String(32), default="")

    category: Mapped[KbCategory | None] = relationship()
    plans: Mapped[list[KbTariffPlan]] = relationship(
        back_populates="tariff",
        cascade="all, delete-orphan",
        order_by="KbTariffPlan.position",
        passive_deletes=True,
    )
    applies_to: Mapped[list[KbItem]] = relationship(
        secondary=promotion_items,
        primaryjoin=lambda: KbItem.id == promotion_items.c.promotion_id,
        secondaryjoin=lambda: KbItem.id == promotion_items.c.item_id,
        order_by=lambda: KbItem.code,
    )

    @validates("kind")
    def _check_kind(self, _key: str, value: str) -> str:
        try:
            return ItemKind(value).value
        except ValueError:
            raise ValueError(f"неизвестный вид записи базы знаний: «{value}»") from None

    def __repr__(self) -> str:
        return f"KbItem(id={self.id!r}, kind={self.kind!r}, code={self.code!r})"
