"""Customer name search through the trigram index: same answers as a scan, on both databases."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from softphone.crm.customers.cards import CustomerService
from softphone.crm.db import Database
from softphone.crm.models import Customer
from softphone.crm.models.customer import searchable_name
from softphone.crm.search import parse_query

_numbers = itertools.count(1)


def _number() -> str:
    """A fresh valid mobile number per call (examples share one database)."""
    return f"+7912{next(_numbers) % 10_000_000:07d}"


def _names(cards: list) -> list[str]:  # type: ignore[type-arg]
    return [card.full_name for card in cards]


@pytest.fixture
def service(database: Database) -> CustomerService:
    return CustomerService(database)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ёл", ["Ёлкина Мария Ивановна"]),  # two letters: still anywhere in the name
        ("ЕЛ", ["Ёлкина Мария Ивановна"]),
        ("КИ", ["Ёлкина Мария Ивановна"]),
        ("ё", ["Ёлкина Мария Ивановна", "Семёнов Пётр Олегович"]),
        ("й", []),
        ("ёлк ия", ["Ёлкина Мария Ивановна"]),  # indexed word plus a short one
        ("пётр ов", ["Семёнов Пётр Олегович"]),
        ("пётр ия", []),
    ],
)
def test_one_and_two_letter_pieces_match_anywhere(
    service: CustomerService, query: str, expected: list[str]
) -> None:
    service.create_for_number(_number(), full_name="Ёлкина Мария Ивановна", address_as="Мария")
    service.create_for_number(_number(), full_name="Семёнов Пётр Олегович", address_as="Пётр")
    assert sorted(_names(service.search(query))) == sorted(expected)


def test_the_newest_matches_come_back_in_alphabetical_order(service: CustomerService) -> None:
    names = ["Яковлев Иван", "Абрамов Иван", "Иванова Ольга", "Петров Пётр", "Быков Иван"]
    for name in names:
        service.create_for_number(_number(), full_name=name, address_as="")
    # All four Ivan-matches, alphabetically; with limit 2 the two added last (Иванова, Быков).
    assert _names(service.search("иван")) == [
        "Абрамов Иван",
        "Быков Иван",
        "Иванова Ольга",
        "Яковлев Иван",
    ]
    assert _names(service.search("иван", limit=2)) == ["Быков Иван", "Иванова Ольга"]
    assert _names(service.search("ва", limit=2)) == ["Быков Иван", "Иванова Ольга"]
    # Several pieces: all must match; still the newest first.
    assert _names(service.search("иван ков", limit=1)) == ["Быков Иван"]
    assert _names(service.search("иван ков", limit=2)) == ["Быков Иван", "Яковлев Иван"]
    assert _names(service.search("иван ков")) == ["Быков Иван", "Яковлев Иван"]


def test_a_renamed_customer_is_found_by_the_new_name_only(service: CustomerService) -> None:
    card = service.create_for_number(_number(), full_name="Кузнецова Алёна", address_as="Алёна")
    service.update(card.id, full_name="Смирнова Алёна Игоревна", address_as="Алёна Игоревна")
    assert [c.id for c in service.search("смирнова")] == [card.id]
    assert [c.id for c in service.search("игор")] == [card.id]
    assert service.search("кузнец") == []
    service.update(card.id, address_as="госпожа Смирнова")
    assert service.search("игоревна") == [service.get(card.id)]  # still in the full name
    assert service.search("алена игоревна") == [service.get(card.id)]
    assert service.search("госпожа") == [service.get(card.id)]


def test_a_deleted_customer_is_no_longer_found(
    database: Database, service: CustomerService
) -> None:
    card = service.create_for_number(_number(), full_name="Воробьёв Олег", address_as="")
    with database.session(write=True) as session:
        session.execute(delete(Customer).where(Customer.id == card.id))
    assert service.search("воробь") == []


SPECIAL = 'О\'Брайен "Кот" 100%_скидка * AND NEAR(x) -y ^z'


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("'бр", True),
        ('"кот"', True),
        ('"кот', True),
        ("0%_с", True),
        ("%_", True),
        ("%%", False),
        ("__", False),
        ("100%%", False),
        ("*", True),
        ("and near(x)", True),
        ("near(y)", False),
        ("-y ^z", True),
        ("^y", False),
        ('"""', False),
        ("'", True),
        ("o'bra", False),
    ],
)
def test_special_characters_match_literally(
    service: CustomerService, query: str, found: bool
) -> None:
    card = service.create_for_number(_number(), full_name=SPECIAL, address_as="")
    service.create_for_number(_number(), full_name="Иванов Иван", address_as="")
    assert [c.id for c in service.search(query)] == ([card.id] if found else [])


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)  # each example adds its own customer, the newest, so earlier ones cannot hide it
@given(data=st.data(), name=st.text(min_size=1, max_size=40))
def test_any_piece_of_any_name_finds_its_customer(
    service: CustomerService, data: st.DataObject, name: str
) -> None:
    folded = searchable_name(name, "")
    assume(folded)
    start = data.draw(st.integers(0, len(folded) - 1))
    end = data.draw(st.integers(start + 1, len(folded)))
    query = folded[start:end]
    terms = parse_query(query)
    assume(terms.words and not terms.numbers)  # digit runs are number searches
    card = service.create_for_number(_number(), full_name=name, address_as="")
    assert card.id in [c.id for c in service.search(query)], (name, query)
    assert card.id in [c.id for c in service.search(query.upper())], (name, query)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=30))
def test_arbitrary_queries_never_fail(service: CustomerService, query: str) -> None:
    if not hasattr(service, "_seeded"):
        service.create_for_number(_number(), full_name=SPECIAL, address_as="Кот")
        service._seeded = True  # type: ignore[attr-defined]
    assert len(service.search(query)) <= 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("7", ["Анна", "Борис"]),  # one and two digits: scanned, still anywhere
        ("55", ["Борис"]),
        ("8 9", ["Анна"]),  # 8 9... is also the start of +7 9...
        ("8 912", ["Анна"]),
        ("8 495", ["Борис"]),
        ("123", ["Анна"]),
        ("495 5", ["Борис"]),
        ("+7 4", ["Борис"]),
        ("912 анн", ["Анна"]),
        ("912 бор", []),
    ],
)
def test_number_pieces_of_any_length(
    service: CustomerService, query: str, expected: list[str]
) -> None:
    service.create_for_number("+79123456789", full_name="Анна", address_as="")
    service.create_for_number("+74955501203", full_name="Борис", address_as="")
    assert sorted(_names(service.search(query))) == sorted(expected)
