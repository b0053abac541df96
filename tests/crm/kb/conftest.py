"""A small catalogue on each database, with promotions dated around a fixed `today`."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from softphone.crm.db import Database
from softphone.crm.kb.drafts import ItemDraft, PlanDraft
from softphone.crm.kb.service import KnowledgeBaseService

TODAY = date(2026, 11, 25)


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


CATALOGUE = [
    ItemDraft(
        kind="product",
        code="RT-AX55",
        title="Роутер Wi-Fi 6 «Домашний»",
        body="Двухдиапазонный **роутер** для квартиры.\n- до 64 устройств\n- гарантия 2 года",
        category="Оборудование",
        price=Decimal("4990"),
        unit="шт.",
        availability="in_stock",
    ),
    ItemDraft(
        kind="service",
        code="SRV-SETUP",
        title="Настройка оборудования на дому",
        body="Мастер приедет в удобное время и настроит роутер и телевизионную приставку.",
        category="Услуги",
        price=Decimal("900"),
        unit="услуга",
        availability="in_stock",
    ),
    ItemDraft(
        kind="article",
        code="ART-DELIVERY",
        title="Доставка курьером",
        body="Курьер привозит заказ в течение двух дней. Стоимость зависит от района.",
        category="Условия",
        topic="delivery",
    ),
    ItemDraft(
        kind="article",
        code="ART-RETURNS",
        title="Возврат товара",
        body="Товар надлежащего качества можно вернуть в течение 14 дней. "
        "Бесплатная доставка при возврате не предоставляется.",
        category="Условия",
        topic="returns",
    ),
    ItemDraft(
        kind="promotion",
        code="PR-NOW",
        title="Осенняя акция на роутеры",
        body="Скидка на роутеры для новых абонентов.",
        starts_on=days(-5),
        ends_on=days(10),
        conditions="При подключении любого тарифа домашнего интернета.",
        discount_kind="percent",
        discount_value=Decimal("15"),
        applies_to=("RT-AX55",),
    ),
    ItemDraft(
        kind="promotion",
        code="PR-OLD",
        title="Летняя акция на подключение",
        body="Подключение за 1 рубль.",
        starts_on=days(-120),
        ends_on=days(-30),
        conditions="Для квартир в новостройках.",
        discount_kind="amount",
        discount_value=Decimal("499"),
    ),
    ItemDraft(
        kind="promotion",
        code="PR-SOON",
        title="Новогодняя акция: приставка в подарок",
        body="Телевизионная приставка в подарок.",
        starts_on=days(20),
        ends_on=None,
        conditions="При оплате тарифа на год вперёд.",
        discount_kind="gift",
    ),
    ItemDraft(
        kind="tariff",
        code="TF-HOME",
        title="Домашний интернет",
        body="Безлимитный интернет для квартиры.",
        category="Тарифы",
        plans=(
            PlanDraft("Базовый", Decimal("490"), "мес.", "100 Мбит/с"),
            PlanDraft("Быстрый", Decimal("790"), "мес.", "500 Мбит/с\nроутер в аренду"),
        ),
    ),
]


@pytest.fixture
def kb(database: Database) -> KnowledgeBaseService:
    return KnowledgeBaseService(database, today=lambda: TODAY)


@pytest.fixture
def catalogue(kb: KnowledgeBaseService) -> dict[str, int]:
    """The catalogue loaded through the admin API; code -> item id."""
    return {draft.code: kb.create(draft) for draft in CATALOGUE}
