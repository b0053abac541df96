"""Whatever is typed into an amount or quantity field: a clean Decimal or a Russian message,
never an exception and never a float."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from softphone.crm.orders.forms import MAX_CLAIM, MAX_QUANTITY, Checker

typed = st.one_of(
    st.text(max_size=20),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
    st.from_regex(r"-?\d{1,9}([.,]\d{0,5})?", fullmatch=True),
)


@settings(max_examples=400, deadline=None)
@given(typed)
def test_quantity_is_valid_or_explained(text: str) -> None:
    check = Checker()
    value = check.quantity("q", text)
    if value is None:
        assert check.errors["q"] and isinstance(check.errors["q"], str)
    else:
        assert check.errors == {}
        assert isinstance(value, Decimal) and 0 < value <= MAX_QUANTITY
        assert -value.as_tuple().exponent <= 3


@settings(max_examples=400, deadline=None)
@given(typed, st.booleans())
def test_amount_is_valid_or_explained(text: str, required: bool) -> None:
    check = Checker()
    value = check.money("m", text, "сумму", required=required)
    if value is None:
        assert bool(check.errors) == (required or bool(text.strip()))
    else:
        assert check.errors == {}
        assert 0 <= value <= MAX_CLAIM and -value.as_tuple().exponent <= 2


def test_russian_spellings_of_numbers_are_understood() -> None:
    check = Checker()
    assert check.money("m", "1 234,50 ₽", "сумму", required=True) == Decimal("1234.50")
    assert check.quantity("q", " 7,5 ") == Decimal("7.5")
    assert check.errors == {}
