"""Read-only shapes handed to the UI: an order or application as saved, and list rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from softphone.crm.orders.forms import FormErrors
from softphone.crm.orders.pricing import Quote


@dataclass(frozen=True)
class StatusEntry:
    from_status: str | None
    to_status: str
    changed_by: str
    changed_at: datetime
    note: str


@dataclass(frozen=True)
class LineView:
    code: str
    title: str
    unit: str
    unit_price: Decimal
    quantity: Decimal
    subtotal: Decimal
    discount: Decimal
    total: Decimal
    explanation: str


@dataclass(frozen=True)
class OrderDetails:
    id: int
    number: str
    status: str
    customer_id: int | None
    contact_name: str
    contact_phone: str
    delivery_address: str
    comment: str
    lines: tuple[LineView, ...]
    notes: tuple[str, ...]  # order-wide discounts and gifts, explained
    subtotal: Decimal
    discount_total: Decimal
    total: Decimal
    created_by: str
    created_at: datetime
    history: tuple[StatusEntry, ...]


@dataclass(frozen=True)
class ApplicationDetails:
    id: int
    number: str
    kind: str
    status: str
    customer_id: int | None
    contact_name: str
    contact_phone: str
    service_title: str
    address: str
    topic: str
    description: str
    period_from: date | None
    period_to: date | None
    amount_claimed: Decimal | None
    reason: str
    decision: str | None
    amount_granted: Decimal | None
    callback_at: datetime | None
    created_by: str
    created_at: datetime
    history: tuple[StatusEntry, ...]


@dataclass(frozen=True)
class DocumentSummary:
    """One row of a customer's orders and applications, or of an order search."""

    kind: str  # "order" or an ApplicationKind value
    id: int
    number: str
    status: str
    title: str  # what it is about: first line titles, or the application's subject
    amount: Decimal | None  # order total, claimed amount
    customer_id: int | None
    contact_name: str
    created_at: datetime


@dataclass(frozen=True)
class Preview:
    """The order as priced so far and what is still wrong with the form (field -> message)."""

    quote: Quote
    errors: dict[str, str]

    def raise_if_invalid(self) -> None:
        if self.errors:
            raise FormErrors(self.errors)
