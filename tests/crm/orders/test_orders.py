"""Orders on SQLite and PostgreSQL: pricing from the demo catalogue, numbers, statuses,
validation that saves nothing, search and the customer's list."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from softphone.crm.customers.cards import CustomerCard
from softphone.crm.db import Database
from softphone.crm.kb.models import KbItem
from softphone.crm.orders.documents import customer_documents
from softphone.crm.orders.drafts import DraftStore
from softphone.crm.orders.forms import FormErrors, LineInput, OrderForm
from softphone.crm.orders.models import Order
from softphone.crm.orders.service import OrderNotFound, OrderService
from softphone.crm.orders.status import TransitionError
from softphone.crm.orders.text import order_html, order_text
from tests.crm.orders.conftest import router_order


def _count(db: Database) -> int:
    with db.session() as session:
        return int(session.execute(select(func.count(Order.id))).scalar_one())


def test_order_is_priced_with_promotions_and_explained(
    orders: OrderService, catalogue: dict[str, int], customer: CustomerCard
) -> None:
    order = orders.create(router_order(catalogue, customer.id), operator="anna")
    assert order.number == "З-2026-000001"
    assert order.status == "submitted"
    assert order.contact_phone == "+79161234567"
    ax, n300, setup = order.lines
    assert (ax.unit_price, ax.discount, ax.total) == (
        Decimal("5490.00"),
        Decimal("1098.00"),
        Decimal("4392.00"),
    )
    assert (n300.subtotal, n300.discount) == (Decimal("3980.00"), Decimal("796.00"))
    assert (setup.discount, setup.total) == (Decimal("450.00"), Decimal("450.00"))
    assert "Осенняя скидка на роутеры" in ax.explanation and "−20 %" in ax.explanation
    assert "Настройка Wi-Fi за полцены" in setup.explanation
    assert (order.subtotal, order.discount_total, order.total) == (
        Decimal("10370.00"),
        Decimal("2344.00"),
        Decimal("8026.00"),
    )
    assert [(h.from_status, h.to_status, h.changed_by) for h in order.history] == [
        (None, "submitted", "anna")
    ]
    text = order_text(order)
    assert "З-2026-000001" in text and "Итого к оплате: 8\u202f026 ₽" in text
    assert "<" not in order.comment and "Позвонить за час" in order_html(order)


def test_lines_keep_the_price_and_name_of_the_moment_of_ordering(
    database: Database, orders: OrderService, catalogue: dict[str, int]
) -> None:
    order = orders.create(router_order(catalogue))
    with database.session(write=True) as session:
        session.execute(
            update(KbItem)
            .where(KbItem.code == "SD-RT-N300")
            .values(price=Decimal("2590"), title="Другое имя")
        )
    again = orders.get(order.id)
    assert again.lines[1].title == "Роутер Wi-Fi «Связь-Дом N300»"
    assert again.lines[1].unit_price == Decimal("1990.00")
    assert again.total == order.total


def test_numbers_follow_each_other(orders: OrderService, catalogue: dict[str, int]) -> None:
    numbers = [orders.create(router_order(catalogue)).number for _ in range(3)]
    assert numbers == ["З-2026-000001", "З-2026-000002", "З-2026-000003"]


def test_status_changes_follow_the_table_and_are_recorded(
    orders: OrderService, catalogue: dict[str, int]
) -> None:
    order = orders.create(router_order(catalogue), submit=False, operator="anna")
    assert order.status == "draft"
    orders.change_status(order.id, "submitted", operator="anna")
    orders.change_status(order.id, "confirmed", operator="boris", note="оплачен")
    done = orders.change_status(order.id, "done", operator="boris")
    assert [(h.from_status, h.to_status, h.changed_by) for h in done.history] == [
        (None, "draft", "anna"),
        ("draft", "submitted", "anna"),
        ("submitted", "confirmed", "boris"),
        ("confirmed", "done", "boris"),
    ]
    assert done.history[2].note == "оплачен"
    assert all(h.changed_at.tzinfo is not None for h in done.history)
    with pytest.raises(TransitionError, match="Нельзя перевести из статуса «выполнен» в «отменён»"):
        orders.change_status(order.id, "cancelled")
    with pytest.raises(TransitionError, match="Неизвестный статус"):
        orders.change_status(order.id, "lost")
    with pytest.raises(OrderNotFound, match="Заказ №999999 не найден"):
        orders.change_status(999999, "done")
    assert orders.get(order.id).status == "done"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"contact_name": " "}, "contact_name", "Заполните поле «Контактное лицо»"),
        ({"contact_phone": ""}, "contact_phone", "Укажите телефон для связи"),
        ({"contact_phone": "12"}, "contact_phone", "не похоже на номер телефона"),
        ({"delivery_address": ""}, "delivery_address", "Заполните поле «Адрес доставки»"),
        ({"lines": ()}, "lines", "Добавьте в заказ хотя бы одну позицию"),
        ({"quantity": "0"}, "lines.0.quantity", "Количество должно быть больше нуля"),
        ({"quantity": "-2"}, "lines.0.quantity", "Количество должно быть больше нуля"),
        ({"quantity": "два"}, "lines.0.quantity", "«два» — не число"),
        ({"quantity": ""}, "lines.0.quantity", "Укажите количество"),
        ({"quantity": "100000"}, "lines.0.quantity", "Количество больше 9 999"),
        ({"quantity": "1,0005"}, "lines.0.quantity", "не больше трёх знаков"),
        ({"quantity": "NaN"}, "lines.0.quantity", "не число"),
        ({"item": None}, "lines.0.item", "Выберите товар или услугу"),
        ({"item": "SD-PR-ROUTER"}, "lines.0.item", "нельзя заказать"),
        ({"promotion": "SD-PR-SUMMER"}, "promotions", "закончилась"),
        ({"promotion": "SD-PR-NY"}, "promotions", "начнётся только"),
        ({"promotion": "SD-PR-SETUP", "only": "SD-RT-N300"}, "promotions", "не относится"),
    ],
)
def test_invalid_orders_are_refused_per_field_and_nothing_is_saved(
    database: Database,
    orders: OrderService,
    catalogue: dict[str, int],
    change: dict[str, object],
    field: str,
    message: str,
) -> None:
    change = dict(change)  # the parameter is shared by both databases' runs
    form = router_order(catalogue)
    first = form.lines[0]
    if "quantity" in change:
        first = replace(first, quantity=str(change.pop("quantity")))
    if "item" in change:
        code = change.pop("item")
        first = replace(first, item_id=None if code is None else catalogue[str(code)])
    lines = (first, *form.lines[1:])
    if "only" in change:
        lines = (LineInput(catalogue[str(change.pop("only"))], "1"),)
    if "promotion" in change:
        change["promotion_ids"] = (catalogue[str(change.pop("promotion"))],)
    form = replace(form, **{"lines": lines, **change})
    preview = orders.preview(form)
    assert message in preview.errors[field], preview.errors
    with pytest.raises(FormErrors) as caught:
        orders.create(form)
    assert message in caught.value.errors[field]
    assert _count(database) == 0


def test_retired_item_cannot_be_ordered(
    database: Database, orders: OrderService, catalogue: dict[str, int]
) -> None:
    from softphone.crm.kb.service import KnowledgeBaseService

    KnowledgeBaseService(database).retire(catalogue["SD-RT-N300"])
    errors = orders.preview(router_order(catalogue)).errors
    assert errors == {"lines.1.item": "«Роутер Wi-Fi «Связь-Дом N300»» больше не продаётся"}


def test_services_alone_need_no_delivery_address(
    orders: OrderService, catalogue: dict[str, int]
) -> None:
    form = OrderForm(
        contact_name="Пётр",
        contact_phone="+79161112233",
        lines=(LineInput(catalogue["SD-SRV-IP"], "3"),),
    )
    order = orders.create(form)
    assert order.total == Decimal("450.00") and order.delivery_address == ""


def test_requested_gift_promotion_is_noted_on_the_order(
    orders: OrderService, catalogue: dict[str, int]
) -> None:
    form = replace(router_order(catalogue), promotion_ids=(catalogue["SD-PR-FRIEND"],))
    order = orders.create(form)
    assert len(order.notes) == 1 and "Приведи друга" in order.notes[0]
    assert order.total == Decimal("8026.00")


def test_search_by_number_customer_and_product(
    orders: OrderService, catalogue: dict[str, int], customer: CustomerCard
) -> None:
    first = orders.create(router_order(catalogue, customer.id))
    other = OrderForm(
        contact_name="Иван Сидоров",
        contact_phone="+79165550000",
        lines=(LineInput(catalogue["SD-SRV-URGENT"], "1"),),
    )
    second = orders.create(other)
    assert [s.number for s in orders.search("000001")] == [first.number]
    assert [s.number for s in orders.search("ЕЛКИНА")] == [first.number]  # ё/е, case
    assert [s.number for s in orders.search("n300")] == [first.number]
    assert [s.number for s in orders.search("SD-SRV-URGENT")] == [second.number]
    assert [s.number for s in orders.search("")] == [second.number, first.number]
    assert orders.search("100%_") == []
    [row] = orders.search("сидоров срочный")
    assert row.amount == Decimal("1500.00") and row.title == "Срочный выезд мастера"


def test_customer_card_lists_orders_and_applications(
    database: Database, orders: OrderService, catalogue: dict[str, int], customer: CustomerCard
) -> None:
    from softphone.crm.orders.applications import ApplicationService
    from softphone.crm.orders.forms import ApplicationForm

    order = orders.create(router_order(catalogue, customer.id))
    orders.create(replace(router_order(catalogue), contact_name="Не этот клиент"))
    app = ApplicationService(database).create(
        ApplicationForm(
            kind="complaint",
            customer_id=customer.id,
            contact_name="Мария Петровна",
            contact_phone="+79161234567",
            topic="Грубость мастера",
            description="Мастер опоздал на два часа",
        )
    )
    rows = customer_documents(database, customer.id)
    assert [r.number for r in rows] == [app.number, order.number]
    assert rows[0].title == "Жалоба: Грубость мастера"
    assert rows[1].kind == "order" and rows[1].amount == Decimal("8026.00")


def test_submitting_removes_the_forms_draft_in_the_same_transaction(
    database: Database, orders: OrderService, catalogue: dict[str, int]
) -> None:
    drafts = DraftStore(database)
    form = router_order(catalogue)
    drafts.save("order-1", "order", form.to_dict(), operator="anna")
    drafts.save("order-1", "order", {**form.to_dict(), "comment": "изменён"}, operator="anna")
    [record] = drafts.unfinished(operator="anna")
    assert OrderForm.from_dict(record.data) == replace(form, comment="изменён")
    with pytest.raises(FormErrors):
        orders.create(replace(form, contact_name=""), draft_id="order-1")
    assert drafts.load("order-1") is not None  # a refused submit loses nothing
    orders.create(form, draft_id="order-1")
    assert drafts.load("order-1") is None
    assert drafts.unfinished() == []
