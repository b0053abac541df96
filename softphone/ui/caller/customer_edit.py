"""Correcting a known caller: form of address, full name and notes, from the caller's card.

Callers ask to be addressed differently, names get misspelt when typed during a ring. The
dialog saves through the TaskRunner; when the save fails (the database is unreachable, another
desk removed the customer) it says so and keeps every typed field, so nothing is lost.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.customers.cards import CustomerCard, CustomerNotFound, CustomerService
from softphone.crm.db import is_connection_error
from softphone.ui.tasks import TaskRunner


class CustomerEditDialog(QDialog):
    saved = Signal(object)  # the CustomerCard as stored

    def __init__(self, card: CustomerCard, customers: CustomerService, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._customer_id, self._customers, self._runner = card.id, customers, runner
        self.setWindowTitle(self.tr("Customer: {0}").format(card.display_name))
        self.address_edit = QLineEdit(card.address_as, self)
        self.address_edit.setPlaceholderText(self.tr("e.g. Maria Ivanovna"))
        self.full_name_edit = QLineEdit(card.full_name, self)
        self.full_name_edit.setPlaceholderText(self.tr("Surname, first name, patronymic"))
        self.notes_edit = QPlainTextEdit(card.notes, self)
        self.notes_edit.setTabChangesFocus(True)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("callerError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Form of address:"), self.address_edit)
        form.addRow(self.tr("Full name:"), self.full_name_edit)
        form.addRow(self.tr("Notes:"), self.notes_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.address_edit.setFocus()

    @property
    def save_button(self) -> QWidget:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert button is not None
        return button

    def save(self) -> None:
        address, full_name = self.address_edit.text().strip(), self.full_name_edit.text().strip()
        notes = self.notes_edit.toPlainText()
        if not address and not full_name:
            self._show_error(self.tr("Write how to address the caller first."))
            self.address_edit.setFocus()
            return
        self.save_button.setEnabled(False)
        customer_id = self._customer_id
        self._runner.run(
            lambda: self._customers.update(
                customer_id, address_as=address, full_name=full_name, notes=notes
            ),
            self._saved,
            on_failure=self._failed,
            changes="customers",
            label="correct a customer",
        )

    def _saved(self, card: CustomerCard) -> None:
        self.saved.emit(card)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        if is_connection_error(exc):
            self._show_error(self.tr(
                "The customer database is unavailable: nothing was saved, your text stays here."
            ))
        elif isinstance(exc, CustomerNotFound):
            self._show_error(self.tr("This customer is no longer in the database."))
        else:
            self._show_error(str(exc) or type(exc).__name__)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
