"""The order and application forms in the real window with a real engine and sipp on
127.0.0.1: a call pre-fills the customer, the operator picks lines by completion, sees the
promotion explained and the totals, submits; validation messages appear next to fields."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from sqlalchemy import select

from softphone.crm.customers.cards import CustomerService
from softphone.crm.kb.demo import load_demo_catalogue
from softphone.crm.orders.drafts import DraftStore
from softphone.crm.orders.models import Application, Order
from softphone.ui.documents.panel import DocumentsPanel
from softphone.ui.documents.setup import install_order_panel
from tests.sip.sip_helpers import Processes
from tests.ui.order_helpers import pick, type_into
from tests.ui.phone_helpers import Phone, close_phone, open_phone, start_sipp, wait_exit
from tests.ui.session_helpers import create_user, desk_of

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def desk(tmp_path: Path, qtbot) -> Iterator[tuple[Phone, DocumentsPanel]]:
    phone = open_phone(tmp_path, qtbot, seed=load_demo_catalogue)
    try:
        CustomerService(phone.db).create_for_number(
            "+79161234567", full_name="Ёлкина Мария Петровна", address_as="Мария Петровна"
        )
        panel = install_order_panel(
            desk_of(phone.window, phone.db, create_user(phone.db, "anna"))
        )
        qtbot.waitUntil(lambda: not phone.runner.busy, timeout=10_000)
        yield phone, panel
    finally:
        close_phone(phone)


def _saved(phone: Phone, model: type) -> list:
    with phone.db.session() as session:
        return list(session.scalars(select(model)))


def test_order_filled_and_submitted_during_a_call(
    desk: tuple[Phone, DocumentsPanel], processes: Processes, qtbot, tmp_path: Path
) -> None:
    phone, panel = desk
    form = panel.order_form
    sipp, port = start_sipp(processes, "-sn", "uas")
    with qtbot.waitSignal(panel.caller_shown, timeout=10_000):
        phone.window.dial(f"sip:+79161234567@127.0.0.1:{port}")
    assert form.name_edit.text() == "Мария Петровна"
    assert form.phone_edit.text() == "+7 916 123-45-67"
    assert form.customer_id is not None
    qtbot.waitUntil(lambda: phone.window.controller.talking_call() is not None, timeout=10_000)

    type_into(form.address_edit, "Москва, ул. Лесная, д. 5, кв. 12")
    form.lines.add_button.click()
    row = form.lines.rows[0]
    pick(row.picker, "роутер ax3000", "AX3000", lambda c: qtbot.waitUntil(c, timeout=10_000))
    type_into(row.quantity, "2")
    qtbot.waitUntil(lambda: "8\u202f784" in form.totals_label.text(), timeout=10_000)
    assert "Осенняя скидка на роутеры" in row.explanation.text()
    assert "−20 %" in row.explanation.text() and row.explanation.isVisibleTo(form)
    assert "10\u202f980" in form.totals_label.text()  # 2 × 5 490 before the discount
    assert form.errors == {}

    with qtbot.waitSignal(form.submitted, timeout=10_000) as got:
        form.submit_button.click()
    details = got.args[0]
    assert details.total == Decimal("8784.00") and details.created_by == "anna"
    [order] = _saved(phone, Order)
    assert (order.number, order.status, order.customer_id) == (
        details.number,
        "submitted",
        form.customer_id,
    )
    assert form.status_label.text().startswith(f"Order {details.number}")  # no translator
    assert DraftStore(phone.db).unfinished() == []  # the autosaved draft went with the submit

    form.document_actions.copy_button.click()
    assert details.number in QGuiApplication.clipboard().text()
    pdf = tmp_path / "order.pdf"
    form.document_actions.save_pdf(pdf)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000
    with qtbot.waitSignal(phone.runner.data_changed, timeout=10_000):
        form.document_actions.confirm_button.click()
    assert _saved(phone, Order)[0].status == "confirmed"
    assert not form.document_actions.confirm_button.isVisibleTo(form)
    qtbot.waitUntil(lambda: panel.customer_list.count() == 1, timeout=10_000)
    assert details.number in panel.customer_list.item(0).text()

    phone.window.call_actions.hangup.trigger()
    assert wait_exit(qtbot, sipp) == 0


def test_validation_messages_next_to_the_fields(desk: tuple[Phone, DocumentsPanel], qtbot) -> None:
    phone, panel = desk
    form = panel.order_form
    form.submit_button.click()
    qtbot.waitUntil(lambda: form.name_error.isVisibleTo(form), timeout=10_000)
    assert form.name_error.text() == "Заполните поле «Контактное лицо»"
    assert form.phone_error.text() == "Укажите телефон для связи"
    assert form.lines.error.text() == "Добавьте в заказ хотя бы одну позицию"

    type_into(form.name_edit, "Пётр")
    type_into(form.phone_edit, "12")
    form.lines.add_button.click()
    row = form.lines.rows[0]
    pick(
        row.picker,
        "настройка роутера",
        "SD-SRV-SETUP",
        lambda c: qtbot.waitUntil(c, timeout=10_000),
    )
    type_into(row.quantity, "0")
    expired = next(
        i for i in range(form.promo_combo.count()) if "Летняя" in form.promo_combo.itemText(i)
    )
    form.promo_combo.setCurrentIndex(expired)
    qtbot.waitUntil(lambda: row.quantity_error.isVisibleTo(form), timeout=10_000)
    assert row.quantity_error.text() == "Количество должно быть больше нуля"
    assert "не похоже на номер телефона" in form.phone_error.text()
    assert "Летняя акция" in form.promo_error.text() and "закончилась" in form.promo_error.text()
    assert not form.name_error.isVisibleTo(form)  # corrected: its message went away

    form.submit_button.click()
    qtbot.waitUntil(lambda: "not saved" in form.status_label.text(), timeout=10_000)
    assert _saved(phone, Order) == []

    type_into(row.quantity, "1")
    type_into(form.phone_edit, "+7 916 000-00-01")
    form.promo_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: not row.quantity_error.isVisibleTo(form), timeout=10_000)
    assert "450" in row.explanation.text()  # «Настройка Wi-Fi за полцены»
    with qtbot.waitSignal(form.submitted, timeout=10_000):
        form.submit_button.click()
    assert len(_saved(phone, Order)) == 1


def test_claim_application_requires_its_fields_then_saves(
    desk: tuple[Phone, DocumentsPanel], qtbot
) -> None:
    phone, panel = desk
    form = panel.application_form
    form.kind_combo.setCurrentIndex(form.kind_combo.findData("recalculation"))
    assert form.line("period_from").isVisibleTo(form) or not form.isVisible()
    form.submit_button.click()
    qtbot.waitUntil(lambda: bool(form.errors), timeout=10_000)
    assert set(form.errors) >= {"contact_name", "service_item_id", "period_from", "reason"}
    assert form.error_labels["amount_claimed"].text() == "Укажите заявленную сумму"

    type_into(form.line("contact_name"), "Мария Петровна")
    type_into(form.line("contact_phone"), "+79161234567")
    pick(
        form.service_picker,
        "статический ip",
        "SD-SRV-IP",
        lambda c: qtbot.waitUntil(c, timeout=10_000),
    )
    type_into(form.line("period_from"), "01.10.2026")
    type_into(form.line("period_to"), "31.10.2026")
    type_into(form.line("amount_claimed"), "-150")
    type_into(form.text_edit("reason"), "Адрес не работал весь октябрь")
    form.submit_button.click()
    qtbot.waitUntil(
        lambda: "amount_claimed" in form.errors and len(form.errors) == 1, timeout=10_000
    )
    assert "не может быть отрицательной" in form.error_labels["amount_claimed"].text()

    type_into(form.line("amount_claimed"), "150")
    with qtbot.waitSignal(form.submitted, timeout=10_000) as got:
        form.submit_button.click()
    assert got.args[0].number.startswith("А-")
    [app] = _saved(phone, Application)
    assert (app.kind, app.amount_claimed, app.service_title) == (
        "recalculation",
        Decimal("150.00"),
        "Статический IP-адрес",
    )
