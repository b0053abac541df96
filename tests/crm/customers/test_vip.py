"""VIP customers: the mark is saved, comes with the card on ring, and a search can ask for it."""

from __future__ import annotations

from softphone.crm.customers.cards import CustomerService
from softphone.crm.db import Database


def test_vip_mark_is_saved_and_comes_with_the_ring_card(database: Database) -> None:
    service = CustomerService(database)
    plain = service.create_for_number("+79123456789", address_as="Пётр")
    assert plain.vip is False
    vip = service.create_for_number("+79123456780", address_as="Анна Сергеевна", vip=True)
    assert vip.vip is True
    ring_card = service.find_by_number("8 912 345 67 80")
    assert ring_card is not None and ring_card.vip is True
    assert service.get(plain.id).vip is False

    assert service.update(plain.id, vip=True).vip is True
    assert service.find_by_number("+79123456789").vip is True  # type: ignore[union-attr]
    # Editing other fields leaves the mark alone; clearing it works too.
    assert service.update(plain.id, notes="Любит утренние звонки").vip is True
    assert service.update(plain.id, vip=False).vip is False
    assert service.get(plain.id).vip is False


def test_search_for_vip_lists_only_vip_customers(database: Database) -> None:
    service = CustomerService(database)
    service.create_for_number("+79123456781", address_as="Анна", full_name="Смирнова Анна")
    service.create_for_number(
        "+79123456782", address_as="Анна Петровна", full_name="Иванова Анна", vip=True
    )
    service.create_for_number(
        "+79123456783", address_as="Олег", full_name="Кузнецов Олег", vip=True
    )

    assert sorted(c.address_as for c in service.search("VIP")) == ["Анна Петровна", "Олег"]
    assert [c.address_as for c in service.search("вип анна")] == ["Анна Петровна"]
    assert [c.address_as for c in service.search("vip 783")] == ["Олег"]
    assert len(service.search("анна")) == 2  # without the word, everyone
