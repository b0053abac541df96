"""Read-only shapes the knowledge base hands to the UI, and the text an operator copies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from softphone.crm.kb.drafts import PlanDraft
from softphone.crm.kb.richtext import render_html
from softphone.crm.kb.search import PromoState
from softphone.formatting import format_date, money

AVAILABILITY_RU = {
    "in_stock": "в наличии",
    "on_order": "под заказ",
    "out_of_stock": "нет в наличии",
}


@dataclass(frozen=True)
class Category:
    id: int
    name: str


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int


@dataclass(frozen=True)
class ItemDetails:
    item_id: int
    kind: str
    code: str
    title: str
    body: str  # stored markup; body_html is what a view shows
    text: str  # plain readable text: body, conditions, plans
    category: str | None
    price: Decimal | None
    unit: str
    availability: str | None
    starts_on: date | None
    ends_on: date | None
    promo_state: PromoState | None
    conditions: str
    discount_kind: str | None
    discount_value: Decimal | None
    plans: tuple[PlanDraft, ...]
    applies_to: tuple[tuple[str, str], ...]  # (code, title)
    topic: str
    retired: bool
    uses: int

    @property
    def body_html(self) -> str:
        return render_html(self.body)

    def clipboard_text(self) -> str:
        """What the operator pastes into a chat or an e-mail to the caller."""
        lines = [self.title]
        if self.price is not None:
            lines.append(f"Цена: {money(self.price)} за {self.unit}".rstrip())
        if self.availability:
            lines.append(f"Наличие: {AVAILABILITY_RU.get(self.availability, self.availability)}")
        if self.kind == "promotion":
            lines.append(f"Срок: {period_text(self.starts_on, self.ends_on)}")
        for plan in self.plans:
            lines.append(f"{plan.name}: {money(plan.price)} / {plan.period}")
        if self.text:
            lines += ["", self.text]
        if self.code and self.kind in ("product", "service"):
            lines.append(f"Артикул: {self.code}")
        return "\n".join(lines)


def period_text(starts_on: date | None, ends_on: date | None) -> str:
    start = format_date(starts_on) if starts_on else "—"
    if ends_on is None:
        return f"с {start}, бессрочно"
    return f"с {start} по {format_date(ends_on)}"
