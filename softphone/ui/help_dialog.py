"""Keyboard shortcuts, generated from the window's own QActions.

Built from the actions themselves so the table can never drift from what the keys really do.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def action_label(action: QAction) -> str:
    """The action's text as a user reads it: no '&' mnemonics, no trailing ellipsis dots."""
    text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip(".…").strip()


def shortcut_label(action: QAction) -> str:
    """All shortcuts of the action in the platform's notation, e.g. "Ctrl+D, F5"."""
    keys = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()]
    return ", ".join(k for k in keys if k)


class HelpDialog(QDialog):
    """A table of every action's text and shortcut, with a filter box."""

    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.resize(520, 480)
        rows = [(action_label(a), shortcut_label(a), a.toolTip()) for a in actions]
        rows = [r for r in rows if r[0]]  # separators and unnamed actions have nothing to show

        intro = QLabel(self.tr("Every command of the window and its keyboard shortcut."))
        intro.setWordWrap(True)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Find a command or a key"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._apply_filter)

        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels([self.tr("Command"), self.tr("Shortcut")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        no_key = "—"
        for row, (text, keys, tip) in enumerate(rows):
            name_item = QTableWidgetItem(text)
            if tip and tip != text:
                name_item.setToolTip(tip)
            key_item = QTableWidgetItem(keys or no_key)
            key_item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, 0, name_item)
            self.table.setItem(row, 1, key_item)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def rows(self) -> list[tuple[str, str]]:
        """(command, shortcut) of every row shown, in order; for tests and accessibility tools."""
        out = []
        for row in range(self.table.rowCount()):
            if not self.table.isRowHidden(row):
                out.append((self._text(row, 0), self._text(row, 1)))
        return out

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return "" if item is None else item.text()

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.table.rowCount()):
            hay = f"{self._text(row, 0)} {self._text(row, 1)}".casefold()
            self.table.setRowHidden(row, bool(needle) and needle not in hay)
