"""A report tab that is one table filled in the background: the headers, the «Counting…»
message, and only the newest of several overlapping requests shown (the period or operator
may change again before an answer arrives)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from softphone.ui.tasks import TaskRunner

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
Row = TypeVar("Row")


class ReportTable(QWidget, Generic[Row]):
    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._asked = 0
        self.rows: list[Row] = []
        self.table = QTableWidget(0, 0, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

    def set_headers(self, headers: Sequence[str]) -> None:
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(list(headers))

    def fetch(self, query: Callable[[], list[Row]], counting: str, label: str) -> None:
        """Run `query` in the background; its rows replace the table unless a newer one ran."""
        self._asked += 1
        asked = self._asked
        self.message.setText(counting)
        self._runner.run(query, lambda rows: self._show(asked, rows),
                         on_failure=lambda exc: self._failed(asked, exc), label=label)

    def cells(self, row: Row) -> list[str]:
        raise NotImplementedError

    def right_aligned(self, column: int, columns: int) -> bool:
        return column > 0

    def empty_text(self) -> str:
        raise NotImplementedError

    def _show(self, asked: int, rows: list[Row]) -> None:
        if asked != self._asked:
            return
        self.rows = rows
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            cells = self.cells(row)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if self.right_aligned(column, len(cells)):
                    item.setTextAlignment(RIGHT)
                self.table.setItem(number, column, item)
        self.message.setText("" if rows else self.empty_text())

    def _failed(self, asked: int, exc: Exception) -> None:
        if asked == self._asked:
            self.message.setText(str(exc) or type(exc).__name__)
