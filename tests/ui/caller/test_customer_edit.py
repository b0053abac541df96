"""Correcting a known caller from the card, on a real CRM database (SQLite), offscreen."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from softphone.crm.customers.cards import CustomerCard, CustomerService
from softphone.crm.db import Database
from softphone.crm.models import Customer
from softphone.ui.caller.card import CallerCard
from softphone.ui.caller.customer_edit import CustomerEditDialog
from softphone.ui.tasks import TaskRunner

pytestmark = pytest.mark.timeout(30)
NUMBER = "+79161234567"


@pytest.fixture
def card(qtbot, db: Database, runner: TaskRunner) -> CallerCard:
    widget = CallerCard(CustomerService(db), runner)
    qtbot.addWidget(widget)
    widget.show()
    widget.show_card(CustomerService(db).create_for_number(
        NUMBER, address_as="Наталья", full_name="Смирнова Наталия", notes="Звонит по вечерам"))
    return widget


def test_the_operator_corrects_the_form_of_address_and_the_card_shows_it(
    qtbot, db: Database, card: CallerCard
) -> None:
    addressed: list[str] = []
    card.address_changed.connect(addressed.append)
    assert card.edit_button.isVisible()
    qtbot.mouseClick(card.edit_button, Qt.MouseButton.LeftButton)
    dialog = card.findChild(CustomerEditDialog)  # the dialog the click opened
    assert dialog is not None and dialog.isVisible()
    assert dialog.full_name_edit.text() == "Смирнова Наталия"
    dialog.address_edit.setText("Наталья Петровна")
    dialog.full_name_edit.setText("Смирнова Наталья Петровна")
    dialog.notes_edit.setPlainText("Звонит по вечерам. Просит обращаться по отчеству.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.name_label.text() == "Наталья Петровна", timeout=5000)
    stored = CustomerService(db).find_by_number(NUMBER)
    assert stored is not None
    assert (stored.address_as, stored.full_name) == ("Наталья Петровна",
                                                     "Смирнова Наталья Петровна")
    assert stored.notes.endswith("по отчеству.")
    assert "отчеству" in card.notes_label.text()
    assert addressed[-1] == "Наталья Петровна"  # the script's greeting follows


def test_a_failed_save_keeps_every_typed_field(qtbot, db: Database, card: CallerCard) -> None:
    dialog = card.edit_customer()
    assert dialog is not None
    dialog.address_edit.clear()
    dialog.full_name_edit.clear()
    dialog.save()  # nothing to address the caller by: refused before the database
    assert dialog.error_label.isVisible() and dialog.isVisible()
    unchanged = CustomerService(db).find_by_number(NUMBER)
    assert unchanged is not None and unchanged.address_as == "Наталья"

    dialog.address_edit.setText("Наталья Петровна")
    with db.session(write=True) as session:  # another desk removed the customer meanwhile
        customer = session.get(Customer, card.card.id)  # type: ignore[union-attr]
        session.delete(customer)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=5000)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "This customer is no longer in the database."
    assert dialog.address_edit.text() == "Наталья Петровна"  # nothing typed was lost
    assert dialog.notes_edit.toPlainText() == "Звонит по вечерам"


class _FirstReadAnswersLate(CustomerService):
    """The real service; its first get() reads at once but answers only when released."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.release = threading.Event()
        self.reads = 0

    def get(self, customer_id: int) -> CustomerCard:
        self.reads += 1
        card = super().get(customer_id)
        if self.reads == 1:
            self.release.wait(5)
        return card


def test_an_older_refresh_answering_last_does_not_undo_a_newer_one(
    qtbot, db: Database, runner: TaskRunner
) -> None:
    """Wrap-up and call-log writes each refresh the card, on two runner threads."""
    service = _FirstReadAnswersLate(db)
    card = CallerCard(service, runner)
    qtbot.addWidget(card)
    try:
        card.show_card(service.create_for_number(NUMBER, address_as="Наталья"))
        card.refresh()  # reads "Наталья", answers late
        qtbot.waitUntil(lambda: service.reads == 1, timeout=5000)
        service.update(card.card.id, address_as="Наталья Петровна")  # type: ignore[union-attr]
        card.refresh()
        qtbot.waitUntil(lambda: card.name_label.text() == "Наталья Петровна", timeout=5000)
        service.release.set()
        qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
        assert card.name_label.text() == "Наталья Петровна"
    finally:
        service.release.set()
