"""Promotions and totals without a database: fixed examples and properties (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from softphone.crm.orders.pricing import CatalogueItem, PromotionRule, kopecks, price_order

TODAY = date(2026, 11, 25)
ROUTER = CatalogueItem(1, "RT", "Роутер", "шт.", Decimal("1990.00"))
SETUP = CatalogueItem(2, "SRV", "Настройка", "услуга", Decimal("900.00"))
CABLE = CatalogueItem(3, "CBL", "Кабель", "м", Decimal("35.00"))


def rule(pid: int, kind: str, value: str | None, items: set[int], **dates: date) -> PromotionRule:
    return PromotionRule(
        promotion_id=pid,
        title=f"Акция {pid}",
        discount_kind=kind,
        value=None if value is None else Decimal(value),
        starts_on=dates.get("starts_on", TODAY - timedelta(days=5)),
        ends_on=dates.get("ends_on", TODAY + timedelta(days=5)),
        item_ids=frozenset(items),
        conditions="Для новых абонентов",
    )


def test_half_up_rounding_of_kopecks() -> None:
    assert kopecks(Decimal("2.345")) == Decimal("2.35")
    assert kopecks(Decimal("2.344")) == Decimal("2.34")
    assert kopecks(Decimal("0.005")) == Decimal("0.01")  # banker's rounding would give 0.00


def test_percent_discount_rounds_half_up_per_line() -> None:
    # 35.00 × 1.5 = 52.50; 15 % of it = 7.875 -> 7.88
    quote = price_order([(CABLE, Decimal("1.5"))], [rule(10, "percent", "15", {3})], TODAY)
    [line] = quote.lines
    assert (line.subtotal, line.discount, line.total) == (
        Decimal("52.50"),
        Decimal("7.88"),
        Decimal("44.62"),
    )
    assert "Акция 10" in line.explanation and "−15 %" in line.explanation
    assert "до 30.11.2026" in line.explanation


def test_amount_discount_is_per_unit_and_never_above_the_price() -> None:
    quote = price_order(
        [(SETUP, Decimal(2)), (CABLE, Decimal(3))],
        [rule(11, "amount", "450", {2}), rule(12, "amount", "100", {3})],
        TODAY,
    )
    setup, cable = quote.lines
    assert setup.discount == Decimal("900.00")  # 450 × 2
    assert cable.discount == Decimal("105.00")  # capped at the 35.00 price × 3
    assert cable.total == Decimal("0.00")
    assert quote.total == Decimal("900.00")
    assert quote.subtotal - quote.discount_total == quote.total


def test_the_largest_discount_wins_and_promotions_do_not_stack() -> None:
    rules = [rule(20, "percent", "10", {1}), rule(21, "amount", "300", {1})]
    [line] = price_order([(ROUTER, Decimal(1))], rules, TODAY).lines
    assert line.discount == Decimal("300.00")  # 300 > 199
    assert line.promotion is not None and line.promotion.promotion_id == 21


def test_expired_and_upcoming_promotions_do_not_apply() -> None:
    rules = [
        rule(30, "percent", "50", {1}, ends_on=TODAY - timedelta(days=1)),
        rule(31, "percent", "50", {1}, starts_on=TODAY + timedelta(days=1)),
    ]
    quote = price_order([(ROUTER, Decimal(1))], rules, TODAY)
    assert quote.discount_total == Decimal("0.00") and quote.notes == ()


def test_last_day_of_a_promotion_still_counts() -> None:
    [line] = price_order(
        [(ROUTER, Decimal(1))], [rule(32, "percent", "10", {1}, ends_on=TODAY)], TODAY
    ).lines
    assert line.discount == Decimal("199.00")


def test_gift_costs_nothing_and_is_explained_with_conditions() -> None:
    quote = price_order([(ROUTER, Decimal(1))], [rule(40, "gift", None, {1})], TODAY)
    assert quote.total == quote.subtotal == Decimal("1990.00")
    [note] = quote.notes
    assert note.amount == 0 and "подарок" in note.text and "Для новых абонентов" in note.text
    assert quote.order_notes == (note,)


def test_order_wide_promotion_applies_only_when_requested() -> None:
    order_wide = rule(50, "amount", "999", set())
    lines = [(ROUTER, Decimal(1))]
    assert price_order(lines, [order_wide], TODAY).discount_total == 0
    quote = price_order(lines, [order_wide], TODAY, requested=[50])
    assert quote.total == Decimal("991.00")
    assert [n.promotion_id for n in quote.order_notes] == [50]


def test_order_wide_percent_after_line_discounts() -> None:
    rules = [rule(60, "amount", "90", {1}), rule(61, "percent", "10", set())]
    quote = price_order([(ROUTER, Decimal(1))], rules, TODAY, requested=[61])
    assert quote.total == Decimal("1710.00")  # (1990 − 90) × 0.9
    assert quote.discount_total == Decimal("280.00")


prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)
quantities = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("9999"), places=3)
percents = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100"), places=2)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(prices, quantities), min_size=1, max_size=6),
    percents,
    prices,
    st.sets(st.integers(0, 5)),
    st.sets(st.integers(0, 5)),
)
def test_totals_are_exact_kopecks_and_add_up(
    lines: list[tuple[Decimal, Decimal]],
    percent: Decimal,
    amount: Decimal,
    percent_items: set[int],
    amount_items: set[int],
) -> None:
    items = [
        (CatalogueItem(i, f"C{i}", f"Товар {i}", "шт.", price), qty)
        for i, (price, qty) in enumerate(lines)
    ]
    rules = [
        rule(100, "percent", str(percent), percent_items),
        rule(101, "amount", str(amount), amount_items),
    ]
    quote = price_order(items, rules, TODAY)
    for (item, qty), line in zip(items, quote.lines, strict=True):
        exact = Fraction(item.price) * Fraction(qty)
        assert line.subtotal == _half_up(exact)
        for value in (line.subtotal, line.discount, line.total):
            assert value.as_tuple().exponent == -2
        assert Decimal(0) <= line.discount <= line.subtotal
        assert line.total == line.subtotal - line.discount
        candidates = [Decimal(0)]
        if item.item_id in percent_items:
            candidates.append(_half_up(Fraction(line.subtotal) * Fraction(percent) / 100))
        if item.item_id in amount_items:
            candidates.append(
                min(_half_up(Fraction(min(amount, item.price)) * Fraction(qty)), line.subtotal)
            )
        assert line.discount == max(candidates)
        assert bool(line.explanation) == (line.discount > 0)
    assert quote.subtotal == sum(line.subtotal for line in quote.lines)
    assert quote.total == quote.subtotal - quote.discount_total >= 0


def _half_up(value: Fraction) -> Decimal:
    """Exact rational rounded half up, independent of the code under test."""
    scaled = value * 100
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return (Decimal(whole) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
