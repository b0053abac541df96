"""The question for a caller nobody has a card for: «Как к Вам обращаться?», saved in one step.

The card decides when to ask (a number with no customer); this form knows what to ask, refuses
an empty answer and saves the new customer off the GUI thread. The network's caller-ID name
fills the full name when it is a name; the form of address is always asked, never guessed.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QPushButton, QWidget

from softphone.crm.customers.cards import CustomerCard, CustomerService
from softphone.ui.tasks import TaskRunner


class UnknownCallerQuestion(QWidget):
    saved = Signal(object)  # the new CustomerCard, while the question is still the one asked
    problem = Signal(str)  # what went wrong, for the card's error line

    def __init__(self, customers: CustomerService, runner: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._customers, self._runner = customers, runner
        self._number: str | None = None  # E.164 of the caller asked about
        self._asked = 0  # bumped per question asked or withdrawn: late answers are told so
        self.setObjectName("unknownCaller")
        form = QFormLayout(self)
        self.label = QLabel(self.tr("How may I address you?"), self)
        self.label.setObjectName("callerQuestion")
        self.address_edit = QLineEdit(self)
        self.address_edit.setPlaceholderText(self.tr("e.g. Maria Ivanovna"))
        self.full_name_edit = QLineEdit(self)
        self.full_name_edit.setPlaceholderText(self.tr("Surname, first name, patronymic"))
        self.vip_check = QCheckBox(self.tr("VIP customer"), self)
        self.save_button = QPushButton(self.tr("Save caller"), self)
        self.save_button.setDefault(True)
        form.addRow(self.label)
        form.addRow(self.tr("Form of address:"), self.address_edit)
        form.addRow(self.tr("Full name:"), self.full_name_edit)
        form.addRow(self.vip_check)
        form.addRow(self.save_button)
        self.save_button.clicked.connect(self.save)
        self.address_edit.returnPressed.connect(self.save)

    def ask(self, number: str, caller_id_name: str) -> None:
        """Show an empty question for `number`; a caller-ID name that is a name fills the full
        name and saves the operator typing."""
        self._asked += 1
        self._number = number
        self.address_edit.clear()
        name = caller_id_name.strip()
        self.full_name_edit.setText(name if any(ch.isalpha() for ch in name) else "")
        self.vip_check.setChecked(False)
        self.show()
        self.save_button.setEnabled(True)

    def withdraw(self) -> None:
        """The card shows another call: hide, and a save still running no longer answers it."""
        self._asked += 1
        self._number = None
        self.hide()

    def save(self) -> None:
        """Save the form of address and name as a new customer with this number, in one step."""
        number, address = self._number, self.address_edit.text().strip()
        full_name = self.full_name_edit.text().strip()
        vip = self.vip_check.isChecked()
        if number is None or not self.isVisible():
            return
        if not address and not full_name:
            self.problem.emit(self.tr("Write how to address the caller first."))
            self.address_edit.setFocus()
            return
        self.save_button.setEnabled(False)
        asked = self._asked
        self._runner.run(
            lambda: self._customers.create_for_number(
                number, address_as=address, full_name=full_name, vip=vip
            ),
            lambda card: self._saved(asked, card),
            on_failure=lambda exc: self._save_failed(asked, exc),
            changes="customers",
            label="save new caller",
        )

    def _saved(self, asked: int, card: CustomerCard) -> None:
        if asked == self._asked:  # else the card has moved on to another call
            self.saved.emit(card)

    def _save_failed(self, asked: int, exc: Exception) -> None:
        if asked == self._asked:
            self.save_button.setEnabled(True)
            self.problem.emit(str(exc) or type(exc).__name__)
