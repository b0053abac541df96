"""Buttons under a saved order or application: status moves the table allows, print, PDF,
copy as text. The form hands over the document's status, text and HTML; nothing else."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from softphone.crm.orders.status import TRANSITIONS, Status


class StatusNames(QObject):
    """Translated names of document statuses, for every list and form that shows one."""

    def name(self, status: str) -> str:
        names = {
            Status.DRAFT: self.tr("draft"),
            Status.SUBMITTED: self.tr("submitted"),
            Status.CONFIRMED: self.tr("confirmed"),
            Status.CANCELLED: self.tr("cancelled"),
            Status.DONE: self.tr("done"),
        }
        try:
            return names[Status(status)]
        except ValueError:
            return status


class DocumentActions(QWidget):
    status_requested = Signal(str)  # a Status value

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = self._html = self._name = ""
        self._names = StatusNames(self)
        self.confirm_button = QPushButton(self.tr("Confirm"), self)
        self.done_button = QPushButton(self.tr("Mark as done"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.pdf_button = QPushButton(self.tr("Save as PDF…"), self)
        self.copy_button = QPushButton(self.tr("Copy as text"), self)
        moves, outputs = QHBoxLayout(), QHBoxLayout()
        for button in (self.confirm_button, self.done_button, self.cancel_button):
            moves.addWidget(button)
        for button in (self.print_button, self.pdf_button, self.copy_button):
            outputs.addWidget(button)
        moves.addStretch(1)
        outputs.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(moves)
        layout.addLayout(outputs)
        self.confirm_button.clicked.connect(lambda: self.status_requested.emit(Status.CONFIRMED))
        self.done_button.clicked.connect(lambda: self.status_requested.emit(Status.DONE))
        self.cancel_button.clicked.connect(lambda: self.status_requested.emit(Status.CANCELLED))
        self.copy_button.clicked.connect(self.copy_text)
        self.print_button.clicked.connect(self.print_document)
        self.pdf_button.clicked.connect(self._ask_pdf)
        self.set_document(None)

    def status_name(self, status: str) -> str:
        return self._names.name(status)

    def set_document(
        self, status: str | None, text: str = "", html: str = "", name: str = ""
    ) -> None:
        """None: nothing saved yet, so only the form's own Submit makes sense."""
        self._text, self._html, self._name = text, html, name
        allowed = TRANSITIONS[Status(status)] if status else frozenset()
        self.confirm_button.setVisible(Status.CONFIRMED in allowed)
        self.done_button.setVisible(Status.DONE in allowed)
        self.cancel_button.setVisible(Status.CANCELLED in allowed)
        for button in (self.print_button, self.pdf_button, self.copy_button):
            button.setEnabled(status is not None)

    def copy_text(self) -> None:
        if self._text:
            QGuiApplication.clipboard().setText(self._text)

    # QtPrintSupport loads with the first print or PDF, not with the forms (issue #15).
    def print_document(self) -> None:
        from softphone.ui.widgets.printing import print_with_dialog

        print_with_dialog(self._html, self)

    def save_pdf(self, path: Path) -> None:
        from softphone.ui.widgets.printing import save_pdf

        if self._html:
            save_pdf(self._html, path)

    def _ask_pdf(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save as PDF"), f"{self._name}.pdf", "PDF (*.pdf)"
        )
        if path:
            self.save_pdf(Path(path))
