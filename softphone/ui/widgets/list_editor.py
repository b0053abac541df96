"""A list of records on the left, the selected one's form on the right, with Add, Remove, Up
and Down: the shape of the guide editor's script and playbook pages.

Subclasses say how a record reads into and out of the form; the list keeps what was typed in
the form of the record that was left, so switching rows or saving loses nothing.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

T = TypeVar("T")


class RecordListEditor(QWidget, Generic[T]):
    def __init__(self, add_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records: list[T] = []
        self.list = QListWidget(self)
        self.form = QFormLayout()
        self.add_button = QPushButton(add_text, self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.up_button = QPushButton(self.tr("Up"), self)
        self.down_button = QPushButton(self.tr("Down"), self)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(self.form, 2)
        self._row = -1
        self.list.currentRowChanged.connect(self._select)
        self.add_button.clicked.connect(self.add_record)
        self.remove_button.clicked.connect(self.remove_record)
        self.up_button.clicked.connect(lambda: self.move_record(-1))
        self.down_button.clicked.connect(lambda: self.move_record(1))

    # -- what a subclass says -------------------------------------------------------------------
    def blank(self) -> T:
        """A new record, as Add puts it in the list."""
        raise NotImplementedError

    def empty(self) -> T:
        """What the form shows when no row is selected."""
        raise NotImplementedError

    def label(self, record: T) -> str:
        raise NotImplementedError

    def read_form(self) -> T:
        raise NotImplementedError

    def show_record(self, record: T, editable: bool) -> None:
        raise NotImplementedError

    # -- the list -------------------------------------------------------------------------------
    def set_records(self, records: list[T]) -> None:
        self.records = list(records)
        self._row = -1
        self._refill(0 if records else -1)

    def collected(self) -> list[T]:
        """Every record as typed (the form's pending edit included), in list order."""
        self._store()
        return list(self.records)

    def add_record(self) -> None:
        self._store()
        self.records.append(self.blank())
        self._refill(len(self.records) - 1)

    def remove_record(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.records):
            del self.records[row]
            self._row = -1
            self._refill(min(row, len(self.records) - 1))

    def move_record(self, delta: int) -> None:
        self._store()
        row = self.list.currentRow()
        target = row + delta
        if 0 <= row < len(self.records) and 0 <= target < len(self.records):
            self.records[row], self.records[target] = self.records[target], self.records[row]
            self._row = -1
            self._refill(target)

    def _refill(self, row: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for record in self.records:
            self.list.addItem(self.label(record))
        self.list.blockSignals(False)
        self.list.setCurrentRow(row)
        self._select(row)

    def _store(self) -> None:
        if 0 <= self._row < len(self.records):
            self.records[self._row] = record = self.read_form()
            item = self.list.item(self._row)
            if item is not None:
                item.setText(self.label(record))

    def _select(self, row: int) -> None:
        self._store()
        self._row = row
        valid = 0 <= row < len(self.records)
        self.show_record(self.records[row] if valid else self.empty(), valid)
        for button in (self.remove_button, self.up_button, self.down_button):
            button.setEnabled(valid)
