"""Customers: the card on ring for any spelling, cards for unknown callers, and search."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from softphone.crm.customers import cards as customers_module
from softphone.crm.customers.calls import CallLogService
from softphone.crm.customers.cards import CustomerNotFound, CustomerService
from softphone.crm.db import Database
from softphone.crm.models import Customer, Interaction, PhoneNumber
from softphone.crm.phone import InvalidPhoneNumber

SPELLINGS = [
    "8 (912) 345-67-89",
    "+7 912 345 67 89",
    "9123456789",
    "sip:+79123456789@pbx.example",
    "sip:89123456789@10.0.0.1;user=phone",
    "tel:+7-912-345-67-89",
]


def _count(db: Database, model: type) -> int:
    with db.session() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def test_any_spelling_finds_the_same_customer(database: Database) -> None:
    service = CustomerService(database)
    card = service.create_for_number(
        "8 (912) 345-67-89", address_as="Мария Ивановна", full_name="Ёлкина Мария Ивановна"
    )
    assert card.numbers == ["+79123456789"]
    for spelling in SPELLINGS:
        found = service.find_by_number(spelling)
        assert found is not None, spelling
        assert found.id == card.id
        assert found.address_as == "Мария Ивановна"
        assert found.display_name == "Мария Ивановна"


def test_unknown_and_non_numbers_find_nobody(database: Database) -> None:
    service = CustomerService(database)
    assert service.find_by_number("+7 912 000 00 00") is None
    assert service.find_by_number("sip:bob@pbx.example") is None
    assert service.find_by_number("101") is None


def test_creating_again_returns_the_existing_customer_unchanged(database: Database) -> None:
    service = CustomerService(database)
    first = service.create_for_number("+79123456789", address_as="Пётр")
    again = service.create_for_number("8 912 345 67 89", address_as="Другое имя")
    assert again.id == first.id
    assert again.address_as == "Пётр"
    assert _count(database, Customer) == 1


def test_new_card_picks_up_calls_logged_before_it_existed(database: Database) -> None:
    now = datetime.now(UTC)
    log = CallLogService(database)
    call = log.record_call(
        inbound=True,
        remote="sip:89123456789@10.0.0.1",
        display_name="",
        started_at=now,
        answered_at=now,
        ended_at=now + timedelta(seconds=30),
    )
    assert call.customer_id is None
    card = CustomerService(database).create_for_number("+79123456789", address_as="Ольга")
    assert [r.id for r in card.recent] == [call.id]
    assert card.recent[0].customer_name == "Ольга"


def test_invalid_number_is_refused_and_nothing_is_written(database: Database) -> None:
    service = CustomerService(database)
    with pytest.raises(InvalidPhoneNumber, match="«12-34»"):
        service.create_for_number("12-34", address_as="Иван")
    assert _count(database, Customer) == 0


def test_a_failure_mid_write_leaves_nothing_half_written(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fault injection: the last step of the transaction fails after customer and number rows
    # were flushed; nothing may remain.
    def broken(*_args: object) -> None:
        raise RuntimeError("сбой при записи")

    monkeypatch.setattr(customers_module, "_link_earlier_calls", broken)
    with pytest.raises(RuntimeError):
        CustomerService(database).create_for_number("+79123456789", address_as="Иван")
    assert _count(database, Customer) == 0
    assert _count(database, PhoneNumber) == 0


def test_number_of_another_customer_cannot_be_added(database: Database) -> None:
    service = CustomerService(database)
    anna = service.create_for_number("+79123456789", address_as="Анна")
    oleg = service.create_for_number("+79161112233", address_as="Олег")
    with pytest.raises(ValueError, match=r"\+79123456789"):
        service.add_number(oleg.id, "8 912 345-67-89")
    assert service.get(anna.id).numbers == ["+79123456789"]
    card = service.add_number(oleg.id, "8 (495) 123-45-67", kind="work")
    assert card.numbers == ["+79161112233", "+74951234567"]
    assert service.find_by_number("84951234567").id == oleg.id  # type: ignore[union-attr]


def test_update_and_missing_customer(database: Database) -> None:
    service = CustomerService(database)
    card = service.create_for_number("+79123456789", address_as="Анна")
    updated = service.update(card.id, full_name="Семёнова Анна Петровна", notes="VIP")
    assert (updated.full_name, updated.address_as, updated.notes) == (
        "Семёнова Анна Петровна",
        "Анна",
        "VIP",
    )
    assert service.search("семенова")[0].id == card.id  # search text follows the update
    with pytest.raises(CustomerNotFound, match="№424242"):
        service.get(424242)


@pytest.fixture
def people(database: Database) -> CustomerService:
    service = CustomerService(database)
    service.create_for_number(
        "+79123456789", full_name="Ёлкина Мария Ивановна", address_as="Мария Ивановна"
    )
    service.create_for_number(
        "+79161112233", full_name="Семёнов Пётр Олегович", address_as="господин Семёнов"
    )
    service.create_for_number("+74951234567", full_name="Ivanov Ivan", address_as="Ivan")
    service.create_for_number(
        "+79035550100", full_name="Иванова Ольга 50%_скидка", address_as="Ольга"
    )
    return service


def _names(cards: list) -> list[str]:  # type: ignore[type-arg]
    return [c.full_name for c in cards]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("елкина", ["Ёлкина Мария Ивановна"]),
        ("ЁЛКИНА", ["Ёлкина Мария Ивановна"]),
        ("мАрИя", ["Ёлкина Мария Ивановна"]),
        ("семен", ["Семёнов Пётр Олегович"]),
        ("пётр  СЕМЁНОВ", ["Семёнов Пётр Олегович"]),
        ("иван", ["Ёлкина Мария Ивановна", "Иванова Ольга 50%_скидка"]),
        ("IVAN", ["Ivanov Ivan"]),
        ("50%", ["Иванова Ольга 50%_скидка"]),
        ("_", ["Иванова Ольга 50%_скидка"]),
        ("нет такого", []),
        ("   ", []),
    ],
)
def test_search_by_name(people: CustomerService, query: str, expected: list[str]) -> None:
    assert sorted(_names(people.search(query))) == sorted(expected)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("345-67-89", ["Ёлкина Мария Ивановна"]),
        ("34567", ["Ёлкина Мария Ивановна", "Ivanov Ivan"]),
        ("912", ["Ёлкина Мария Ивановна"]),
        ("8 912", ["Ёлкина Мария Ивановна"]),
        ("+7 916", ["Семёнов Пётр Олегович"]),
        ("(495)", ["Ivanov Ivan"]),
        ("0100", ["Иванова Ольга 50%_скидка"]),
        ("иван 0100", ["Иванова Ольга 50%_скидка"]),
        ("77777", []),
    ],
)
def test_search_by_partial_number(people: CustomerService, query: str, expected: list[str]) -> None:
    assert sorted(_names(people.search(query))) == sorted(expected)


def test_search_honours_the_limit(people: CustomerService) -> None:
    assert len(people.search("а", limit=2)) == 2


def test_card_lists_recent_calls_newest_first(database: Database) -> None:
    service = CustomerService(database)
    card = service.create_for_number("+79123456789", address_as="Анна")
    log = CallLogService(database)
    base = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    for minute in range(7):
        log.record_call(
            inbound=False,
            remote="+79123456789",
            display_name="",
            started_at=base + timedelta(minutes=minute),
            answered_at=None,
            ended_at=base + timedelta(minutes=minute, seconds=20),
        )
    card = service.get(card.id)
    assert len(card.recent) == customers_module.RECENT_CALLS
    starts = [r.started_at for r in card.recent]
    assert starts == sorted(starts, reverse=True)
    assert starts[0] == base + timedelta(minutes=6)
    assert _count(database, Interaction) == 7


def test_control_characters_are_dropped_not_fatal(database: Database) -> None:
    """PostgreSQL refuses NUL in text; pasted names and SIP headers may carry one."""
    service = CustomerService(database)
    card = service.create_for_number(
        "+79123456789",
        full_name="Иван\x00ов",
        address_as="Ив\x07ан",
        notes="строка 1\nстрока 2\x00",
    )
    assert (card.full_name, card.address_as, card.notes) == ("Иванов", "Иван", "строка 1\nстрока 2")
    assert [c.id for c in service.search("иванов\x00")] == [card.id]
