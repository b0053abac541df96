"""The caller's card lists their orders and applications while the phone rings, and the list
follows an order submitted from the Orders tab (real engine, sipp calling from the number)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from softphone.crm.kb.demo import load_demo_catalogue
from softphone.crm.kb.models import KbItem
from softphone.crm.orders.applications import ApplicationService
from softphone.crm.orders.forms import ApplicationForm, LineInput, OrderForm
from softphone.crm.orders.service import OrderService
from softphone.ui.documents.setup import install_order_panel
from tests.sip.sip_helpers import Processes
from tests.ui.call_panel_helpers import PanelDesk, call_from, close_desk, open_desk
from tests.ui.order_helpers import type_into
from tests.ui.phone_helpers import wait_exit
from tests.ui.session_helpers import create_user, desk_of

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def desk(tmp_path: Path, qtbot, processes: Processes) -> Iterator[PanelDesk]:
    desk = open_desk(
        f"sqlite:///{tmp_path / 'crm.sqlite3'}", tmp_path, qtbot, seed=load_demo_catalogue
    )
    try:
        yield desk
    finally:
        close_desk(desk)


def test_card_lists_orders_and_applications_of_the_caller(
    desk: PanelDesk, processes: Processes, qtbot
) -> None:
    customer = desk.customers.create_for_number("+79161234567", address_as="Мария Петровна")
    other = desk.customers.create_for_number("+79165550000", address_as="Иван")
    orders = OrderService(desk.db)
    with desk.db.session() as session:
        ip = session.scalars(select(KbItem.id).where(KbItem.code == "SD-SRV-IP")).one()
    line = (LineInput(ip, "2"),)
    mine = orders.create(OrderForm(customer.id, None, "Мария Петровна", "+79161234567", lines=line))
    orders.create(OrderForm(other.id, None, "Иван", "+79165550000", lines=line))
    complaint = ApplicationService(desk.db).create(
        ApplicationForm(
            kind="complaint",
            customer_id=customer.id,
            contact_name="Мария Петровна",
            contact_phone="+79161234567",
            topic="Пропадает интернет",
            description="Каждый вечер с 20 до 22",
        )
    )
    panel = install_order_panel(desk_of(desk.window, desk.db, create_user(desk.db, "anna")))
    documents = desk.panels.documents
    assert documents is not None

    sipp = call_from(processes, desk, "+79161234567", talk_ms=300)
    qtbot.waitUntil(lambda: documents.list.count() == 2, timeout=10_000)
    texts = [documents.list.item(i).text() for i in range(2)]
    assert texts[0].startswith(complaint.number) and "Пропадает интернет" in texts[0]
    assert texts[1].startswith(mine.number) and "300 ₽" in texts[1]
    assert documents.isVisibleTo(desk.panels.caller_tab)
    qtbot.waitUntil(lambda: panel.order_form.name_edit.text() == "Мария Петровна", timeout=10_000)
    assert panel.order_form.customer_id == customer.id

    desk.window.call_actions.answer.trigger()
    assert wait_exit(qtbot, sipp) == 0
    form = panel.order_form
    form.lines.add_button.click()
    form.lines.rows[0].picker.set_item(ip, "Статический IP-адрес")
    with qtbot.waitSignal(form.submitted, timeout=10_000):
        form.submit_button.click()
    qtbot.waitUntil(lambda: documents.list.count() == 3, timeout=10_000)

    panel.tabs.setCurrentIndex(panel.find_tab)
    type_into(panel.search_edit, "иван")
    qtbot.waitUntil(lambda: panel.results.count() == 1, timeout=10_000)
    assert "Иван" in panel.results.item(0).text()
    type_into(panel.search_edit, mine.number[-6:])
    qtbot.waitUntil(lambda: mine.number in panel.results.item(0).text(), timeout=10_000)
    assert panel.results.count() == 1
    panel.results.itemActivated.emit(panel.results.item(0))  # opens the order read-only
    shown = panel.order_form
    qtbot.waitUntil(
        lambda: shown.details is not None and shown.details.id == mine.id, timeout=10_000
    )
    assert shown.phone_edit.text() == "+79161234567" and shown.lines.rows[0].quantity.text() == "2"
    assert shown.name_edit.isReadOnly() and not shown.submit_button.isVisibleTo(shown)
