"""Prices, promotions and totals of an order, in kopecks with Decimal (never floats).

Pure functions over snapshots of the knowledge base, so the rules are tested without a
database. Each line gets at most one money discount (the largest that applies: promotions do
not stack); gifts cost nothing and are listed with their conditions for the operator to read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from softphone.crm.kb.models import DiscountKind
from softphone.crm.kb.search import PromoState, promo_state
from softphone.formatting import format_date, money

KOPECK = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


def kopecks(value: Decimal) -> Decimal:
    """Round to kopecks the way a receipt does: half up (2.345 -> 2.35)."""
    return value.quantize(KOPECK, rounding=ROUND_HALF_UP)


def quantity_text(quantity: Decimal) -> str:
    text = f"{quantity.normalize():f}"
    return text.replace(".", ",")


@dataclass(frozen=True)
class CatalogueItem:
    """A product or service as it stood when the order was priced."""

    item_id: int
    code: str
    title: str
    unit: str
    price: Decimal
    kind: str = "product"


@dataclass(frozen=True)
class PromotionRule:
    """A KB promotion reduced to what pricing needs (kb_items of kind promotion)."""

    promotion_id: int
    title: str
    discount_kind: str  # DiscountKind
    value: Decimal | None
    starts_on: date | None
    ends_on: date | None
    item_ids: frozenset[int]  # empty: applies to the whole order, only when asked for
    conditions: str = ""

    def state(self, today: date) -> PromoState:
        return promo_state(self.starts_on, self.ends_on, today)

    def line_discount(self, price: Decimal, quantity: Decimal, subtotal: Decimal) -> Decimal:
        if self.discount_kind == DiscountKind.PERCENT and self.value is not None:
            return min(kopecks(subtotal * self.value / HUNDRED), subtotal)
        if self.discount_kind == DiscountKind.AMOUNT and self.value is not None:
            return min(kopecks(min(self.value, price) * quantity), subtotal)
        return ZERO

    def until_text(self) -> str:
        return f" (до {format_date(self.ends_on)})" if self.ends_on else ""


@dataclass(frozen=True)
class PricedLine:
    item: CatalogueItem
    quantity: Decimal
    subtotal: Decimal
    discount: Decimal
    total: Decimal
    promotion: PromotionRule | None
    explanation: str  # why this discount, in words the operator can read out


@dataclass(frozen=True)
class Note:
    """A discount or gift explained: shown under the lines and printed on the order."""

    promotion_id: int
    title: str
    amount: Decimal  # 0 for gifts
    text: str


@dataclass(frozen=True)
class Quote:
    lines: tuple[PricedLine, ...]
    notes: tuple[Note, ...]  # every discount and gift: line ones, order ones, gifts
    order_notes: tuple[Note, ...]  # the part of notes no line carries (order-wide, gifts)
    subtotal: Decimal
    discount_total: Decimal
    total: Decimal


def _line_explanation(rule: PromotionRule, item: CatalogueItem, qty: Decimal, off: Decimal) -> str:
    if rule.discount_kind == DiscountKind.PERCENT:
        how = f"−{quantity_text(rule.value or ZERO)} %"
    else:
        how = f"−{money(rule.value or ZERO)} за {item.unit or 'шт.'}"
    return (
        f"Акция «{rule.title}»{rule.until_text()}: {how} на «{item.title}» × "
        f"{quantity_text(qty)} = −{money(off)}"
    )


def price_order(
    lines: Sequence[tuple[CatalogueItem, Decimal]],
    promotions: Sequence[PromotionRule],
    today: date,
    requested: Sequence[int] = (),
) -> Quote:
    """Price `lines` (item, quantity) with the current promotions that cover them.

    `requested` promotions (the customer named them) with no items of their own apply to the
    whole order after the line discounts. Expired and upcoming ones are skipped here; the
    form's validation refuses them with a message instead.
    """
    current = [p for p in promotions if p.state(today) is PromoState.CURRENT]
    priced: list[PricedLine] = []
    notes: list[Note] = []
    order_notes: list[Note] = []
    gifts: list[Note] = []
    for item, quantity in lines:
        subtotal = kopecks(item.price * quantity)
        best: tuple[Decimal, PromotionRule] | None = None
        for rule in current:
            if item.item_id not in rule.item_ids:
                continue
            if rule.discount_kind == DiscountKind.GIFT:
                text = f"Акция «{rule.title}»{rule.until_text()}: подарок к «{item.title}»"
                if rule.conditions:
                    text += f". Условия: {rule.conditions}"
                gifts.append(Note(rule.promotion_id, rule.title, ZERO, text))
                continue
            off = rule.line_discount(item.price, quantity, subtotal)
            if off > 0 and (best is None or off > best[0]):
                best = (off, rule)
        if best is None:
            priced.append(PricedLine(item, quantity, subtotal, ZERO, subtotal, None, ""))
            continue
        off, rule = best
        text = _line_explanation(rule, item, quantity, off)
        priced.append(PricedLine(item, quantity, subtotal, off, subtotal - off, rule, text))
        notes.append(Note(rule.promotion_id, rule.title, off, text))
    subtotal = sum((line.subtotal for line in priced), ZERO)
    after_lines = sum((line.total for line in priced), ZERO)
    wanted = set(requested)
    for rule in current:
        if rule.promotion_id not in wanted or rule.item_ids:
            continue
        if rule.discount_kind == DiscountKind.GIFT:
            text = f"Акция «{rule.title}»{rule.until_text()}: подарок"
            gifts.append(Note(rule.promotion_id, rule.title, ZERO, text + _conditions(rule)))
            continue
        if rule.discount_kind == DiscountKind.PERCENT:
            off = kopecks(after_lines * (rule.value or ZERO) / HUNDRED)
            how = f"−{quantity_text(rule.value or ZERO)} % от {money(after_lines)}"
        else:
            off = kopecks(rule.value or ZERO)
            how = f"−{money(off)} на заказ"
        off = min(off, after_lines)
        if off <= 0:
            continue
        after_lines -= off
        text = f"Акция «{rule.title}»{rule.until_text()}: {how} = −{money(off)}"
        order_notes.append(Note(rule.promotion_id, rule.title, off, text))
    unique_gifts = list({(g.promotion_id, g.text): g for g in gifts}.values())
    return Quote(
        lines=tuple(priced),
        notes=tuple(notes + order_notes + unique_gifts),
        order_notes=tuple(order_notes + unique_gifts),
        subtotal=subtotal,
        discount_total=subtotal - after_lines,
        total=after_lines,
    )


def _conditions(rule: PromotionRule) -> str:
    return f". Условия: {rule.conditions}" if rule.conditions else ""
