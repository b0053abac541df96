"""Tables of orders, applications, their status history, number counters and form drafts.

Order lines copy the catalogue's name, article and price at the moment of ordering: a later
price change or a retired item must not rewrite what the customer was promised.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from softphone.crm.models.base import Base, utcnow

MONEY = Numeric(12, 2)
QUANTITY = Numeric(12, 3)


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_customer_created", "customer_id", "created_at"),
        Index("ix_orders_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    status: Mapped[str] = mapped_column(String(16))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"))
    interaction_id: Mapped[int | None] = mapped_column(
        ForeignKey("interactions.id", ondelete="SET NULL")
    )
    contact_name: Mapped[str] = mapped_column(String(255), default="")
    contact_phone: Mapped[str] = mapped_column(String(64), default="")
    delivery_address: Mapped[str] = mapped_column(Text, default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    subtotal: Mapped[Decimal] = mapped_column(MONEY)
    discount_total: Mapped[Decimal] = mapped_column(MONEY)
    total: Mapped[Decimal] = mapped_column(MONEY)
    # Order-level discounts and gifts, one explanation per line (line discounts sit on lines).
    notes: Mapped[str] = mapped_column(Text, default="")
    # Folded number, contact, customer and line titles/articles: one LIKE finds an order.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order",
        cascade="all, delete-orphan",
        order_by="OrderLine.position",
        passive_deletes=True,
    )


class OrderLine(Base):
    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("kb_items.id", ondelete="SET NULL"), index=True
    )
    code: Mapped[str] = mapped_column(String(64), default="")
    title: Mapped[str] = mapped_column(String(255))
    unit: Mapped[str] = mapped_column(String(32), default="")
    unit_price: Mapped[Decimal] = mapped_column(MONEY)
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    subtotal: Mapped[Decimal] = mapped_column(MONEY)
    discount: Mapped[Decimal] = mapped_column(MONEY)
    total: Mapped[Decimal] = mapped_column(MONEY)
    promotion_id: Mapped[int | None] = mapped_column(ForeignKey("kb_items.id", ondelete="SET NULL"))
    promotion_title: Mapped[str] = mapped_column(String(255), default="")
    explanation: Mapped[str] = mapped_column(Text, default="")

    order: Mapped[Order] = relationship(back_populates="lines")


class Application(Base):
    """Service request, complaint, recalculation or compensation claim, callback request.

    One table: they share number, contact and status; each kind's own required fields are
    nullable columns that softphone.crm.orders.forms checks per kind.
    """

    __tablename__ = "applications"
    __table_args__ = (Index("ix_applications_customer_created", "customer_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"))
    interaction_id: Mapped[int | None] = mapped_column(
        ForeignKey("interactions.id", ondelete="SET NULL")
    )
    contact_name: Mapped[str] = mapped_column(String(255), default="")
    contact_phone: Mapped[str] = mapped_column(String(64), default="")
    service_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("kb_items.id", ondelete="SET NULL")
    )
    service_title: Mapped[str] = mapped_column(String(255), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    topic: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    period_from: Mapped[date | None] = mapped_column(Date)
    period_to: Mapped[date | None] = mapped_column(Date)
    amount_claimed: Mapped[Decimal | None] = mapped_column(MONEY)
    reason: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str | None] = mapped_column(String(16))
    amount_granted: Mapped[Decimal | None] = mapped_column(MONEY)
    callback_at: Mapped[datetime | None]
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class StatusChange(Base):
    """Who moved an order or application to which status, and when."""

    __tablename__ = "document_status_changes"
    __table_args__ = (
        CheckConstraint("(order_id IS NULL) <> (application_id IS NULL)", name="one_document"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    changed_by: Mapped[str] = mapped_column(String(64), default="")
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")


class DocumentCounter(Base):
    """The last number given per series and year; bumped with UPDATE ... RETURNING, so the
    row lock makes desks writing to one PostgreSQL take turns instead of colliding."""

    __tablename__ = "document_counters"

    series: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_value: Mapped[int] = mapped_column(default=0)


class FormDraft(Base):
    """An unfinished form, every field as JSON, saved while the operator types."""

    __tablename__ = "form_drafts"

    form_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    form_kind: Mapped[str] = mapped_column(String(32))
    customer_id: Mapped[int | None]
    operator: Mapped[str] = mapped_column(String(64), default="")
    data: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
