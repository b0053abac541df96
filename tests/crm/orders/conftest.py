"""The Russian demo catalogue on each database, dated around a fixed `today`."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from softphone.crm.customers.cards import CustomerCard, CustomerService
from softphone.crm.db import Database
from softphone.crm.kb.demo import load_demo_catalogue
from softphone.crm.kb.models import KbItem
from softphone.crm.orders.forms import LineInput, OrderForm
from softphone.crm.orders.service import OrderService

TODAY = date(2026, 11, 25)


@pytest.fixture
def catalogue(database: Database) -> dict[str, int]:
    """code -> item id of the demo catalogue (promotions relative to TODAY)."""
    load_demo_catalogue(database, today=TODAY)
    with database.session() as session:
        return {code: item_id for code, item_id in session.execute(select(KbItem.code, KbItem.id))}


@pytest.fixture
def orders(database: Database, catalogue: dict[str, int]) -> OrderService:
    return OrderService(database, today=lambda: TODAY)


@pytest.fixture
def customer(database: Database) -> CustomerCard:
    return CustomerService(database).create_for_number(
        "+79161234567", full_name="Ёлкина Мария Петровна", address_as="Мария Петровна"
    )


def router_order(catalogue: dict[str, int], customer_id: int | None = None) -> OrderForm:
    """Two routers under the 20 % promotion and the set-up service under the 450 ₽ one."""
    return OrderForm(
        customer_id=customer_id,
        contact_name="Мария Петровна",
        contact_phone="8 916 123-45-67",
        delivery_address="Москва, ул. Лесная, д. 5, кв. 12",
        comment="Позвонить за час",
        lines=(
            LineInput(catalogue["SD-RT-AX3000"], "1"),
            LineInput(catalogue["SD-RT-N300"], "2"),
            LineInput(catalogue["SD-SRV-SETUP"], "1"),
        ),
    )
