"""The guide editor's playbooks page: what to do with an unhappy or a rude caller, as the admin
words it.

A playbook is a title and a few short points; the operator opens it with one click beside the
script. The points are typed one per line and checked for phrases to avoid, since operators
read them out. Validation is the service's (ScriptService.replace_playbooks): the page keeps
whatever was typed, so a refused save loses nothing.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.script import PlaybookText
from softphone.ui.phrase_check import CheckedTextEdit, PhraseRules


class PlaybooksEditor(QWidget):
    """A list of playbooks on the left, the selected one's title and points on the right."""

    def __init__(self, rules: PhraseRules | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.books: list[PlaybookText] = []
        self.list = QListWidget(self)
        self.title = QLineEdit(self)
        self.lines = CheckedTextEdit(rules, self)
        hint = QLabel(self.tr("One point per line; empty lines are dropped."), self)
        hint.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Add playbook"), self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.up_button = QPushButton(self.tr("Up"), self)
        self.down_button = QPushButton(self.tr("Down"), self)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        form = QFormLayout()
        form.addRow(self.tr("Title:"), self.title)
        form.addRow(self.tr("Points:"), self.lines)
        form.addRow(hint)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(form, 2)
        self._row = -1
        self.list.currentRowChanged.connect(self._select)
        self.add_button.clicked.connect(self.add_playbook)
        self.remove_button.clicked.connect(self.remove_playbook)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        self._select(-1)

    def set_playbooks(self, books: list[PlaybookText]) -> None:
        self.books = list(books)
        self._row = -1
        self._refill(0 if books else -1)

    def collected(self) -> list[PlaybookText]:
        """Every playbook as typed (the form's pending edit included), in list order."""
        self._store()
        return list(self.books)

    def add_playbook(self) -> None:
        self._store()
        self.books.append(PlaybookText(self.tr("New playbook"), ()))
        self._refill(len(self.books) - 1)
        self.title.selectAll()
        self.title.setFocus()

    def remove_playbook(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.books):
            del self.books[row]
            self._row = -1
            self._refill(min(row, len(self.books) - 1))

    def move(self, delta: int) -> None:
        self._store()
        row = self.list.currentRow()
        target = row + delta
        if 0 <= row < len(self.books) and 0 <= target < len(self.books):
            self.books[row], self.books[target] = self.books[target], self.books[row]
            self._row = -1
            self._refill(target)

    def _refill(self, row: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for book in self.books:
            self.list.addItem(self._label(book.title))
        self.list.blockSignals(False)
        self.list.setCurrentRow(row)
        self._select(row)

    def _label(self, title: str) -> str:
        return title.strip() or self.tr("(no title)")

    def _store(self) -> None:
        if 0 <= self._row < len(self.books):
            # Lines are kept as typed (blank ones too) so nothing moves under the admin's cursor;
            # the service drops the blank ones when it saves.
            lines = tuple(self.lines.toPlainText().split("\n"))
            self.books[self._row] = PlaybookText(self.title.text(), lines)
            item = self.list.item(self._row)
            if item is not None:
                item.setText(self._label(self.title.text()))

    def _select(self, row: int) -> None:
        self._store()
        self._row = row
        valid = 0 <= row < len(self.books)
        book = self.books[row] if valid else PlaybookText("", ())
        self.title.setText(book.title)
        self.lines.setPlainText(book.body)
        for widget in (self.title, self.lines, self.remove_button, self.up_button,
                       self.down_button):
            widget.setEnabled(valid)
