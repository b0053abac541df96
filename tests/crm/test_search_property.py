"""Property: any piece of a customer's name, in any case and with ё or е, finds them."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from softphone.crm.customers.cards import CustomerService
from softphone.crm.db import Database

NAMES = [
    ("Ёлкина Мария Фёдоровна", "Мария Фёдоровна", "+79123456789"),
    ("Семёнов Пётр Олегович", "господин Семёнов", "+79161112233"),
    ("Кузнецова Алёна", "Алёна", "+74951234567"),
]


@st.composite
def name_piece(draw: st.DrawFn) -> tuple[str, int]:
    """(query, index of the customer it must find): a substring, case and ё/е shuffled."""
    index = draw(st.integers(0, len(NAMES) - 1))
    full_name = NAMES[index][0]
    start = draw(st.integers(0, len(full_name) - 3))
    end = draw(st.integers(start + 3, len(full_name)))
    piece = full_name[start:end].strip()
    if len(piece) < 3:
        piece = full_name[:3]
    chars = []
    for char in piece:
        if char in "ёЁеЕ":
            char = draw(st.sampled_from("ёЁеЕ"))
        chars.append(char.upper() if draw(st.booleans()) else char.lower())
    return "".join(chars), index


@pytest.fixture
def service(database: Database) -> CustomerService:
    customers = CustomerService(database)
    for full_name, address_as, number in NAMES:
        customers.create_for_number(number, full_name=full_name, address_as=address_as)
    return customers


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)  # read-only examples
@given(case=name_piece())
def test_any_piece_of_the_name_finds_the_customer(
    service: CustomerService, case: tuple[str, int]
) -> None:
    query, index = case
    found = [card.full_name for card in service.search(query)]
    assert NAMES[index][0] in found, query


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=20))
def test_search_never_fails_on_arbitrary_text(service: CustomerService, query: str) -> None:
    results = service.search(query)
    assert len(results) <= len(NAMES)
