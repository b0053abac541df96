"""The lines of an order: item with completion, quantity, price, discount and its message.

Rows only collect what was typed and show what the CRM computed (Preview); prices and
discounts are never calculated here, so the form shows exactly what will be saved.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.kb.service import KnowledgeBaseService
from softphone.crm.orders.forms import LineInput, OrderForm
from softphone.crm.orders.pricing import PricedLine
from softphone.formatting import money
from softphone.ui.tasks import TaskRunner
from softphone.ui.widgets.item_picker import ItemPicker

ERROR_STYLE = "color: #b00020;"


def error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def show_error(label: QLabel, text: str | None) -> None:
    label.setText(text or "")
    label.setVisible(bool(text))


def typed_wrong(form: OrderForm, errors: dict[str, str]) -> dict[str, str]:
    """Before Submit only what was typed wrong is reported, not what is still missing."""
    typed = {
        "contact_name": form.contact_name,
        "contact_phone": form.contact_phone,
        "delivery_address": form.delivery_address,
        "comment": form.comment,
        "promotions": "named",
    }
    for i, line in enumerate(form.lines):
        typed[f"lines.{i}.item"] = line.title
        typed[f"lines.{i}.quantity"] = line.quantity or ("chosen" if line.item_id else "")
    return {k: v for k, v in errors.items() if typed.get(k, "").strip()}


class LineRow(QWidget):
    changed = Signal()
    remove_requested = Signal(object)  # self

    def __init__(self, kb: KnowledgeBaseService, runner: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self.picker = ItemPicker(kb, runner, parent=self)
        self.picker.setPlaceholderText(self.tr("Product or service: start typing"))
        self.quantity = QLineEdit("1", self)
        self.quantity.setMaximumWidth(70)
        self.quantity.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.quantity.setToolTip(self.tr("Quantity"))
        self.price = QLabel(self)
        self.total = QLabel(self)
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.total.setMinimumWidth(90)
        self.remove = QToolButton(self)
        self.remove.setText("✕")
        self.remove.setToolTip(self.tr("Remove the line"))
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.explanation.setStyleSheet("color: #1b5e20; font-style: italic;")
        self.explanation.hide()
        self.item_error = error_label(self)
        self.quantity_error = error_label(self)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.picker, 0, 0)
        grid.addWidget(self.quantity, 0, 1)
        grid.addWidget(self.price, 0, 2)
        grid.addWidget(self.total, 0, 3)
        grid.addWidget(self.remove, 0, 4)
        grid.addWidget(self.item_error, 1, 0)
        grid.addWidget(self.quantity_error, 1, 1, 1, 3)
        grid.addWidget(self.explanation, 2, 0, 1, 5)
        grid.setColumnStretch(0, 1)
        self.picker.item_chosen.connect(lambda _i, _t: self.changed.emit())
        self.picker.item_cleared.connect(self.changed)
        self.quantity.textEdited.connect(lambda _t: self.changed.emit())
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))

    def to_input(self) -> LineInput:
        return LineInput(self.picker.item_id, self.quantity.text(), self.picker.text())

    def set_input(self, data: dict[str, Any]) -> None:
        self.picker.set_item(data.get("item_id"), str(data.get("title", "")))
        self.quantity.setText(str(data.get("quantity", "")))

    def show_priced(self, line: PricedLine | None) -> None:
        if line is None:
            self.price.clear()
            self.total.clear()
            show_error(self.explanation, None)
            return
        unit = f" / {line.item.unit}" if line.item.unit else ""
        self.price.setText(f"{money(line.item.price)}{unit}")
        self.total.setText(money(line.total))
        self.explanation.setText(line.explanation)
        self.explanation.setVisible(bool(line.explanation))


class LinesEditor(QWidget):
    changed = Signal()

    def __init__(self, kb: KnowledgeBaseService, runner: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._kb, self._runner = kb, runner
        self.rows: list[LineRow] = []
        self._column = QVBoxLayout()
        self._column.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(self.tr("Add a line"), self)
        self.error = error_label(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._column)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.add_button.clicked.connect(lambda: self.add_row().picker.setFocus())

    def add_row(self, data: dict[str, Any] | None = None) -> LineRow:
        row = LineRow(self._kb, self._runner, self)
        if data:
            row.set_input(data)
        row.changed.connect(self.changed)
        row.remove_requested.connect(self._remove)
        self._column.addWidget(row)
        self.rows.append(row)
        self.changed.emit()
        return row

    def _remove(self, row: LineRow) -> None:
        self.rows.remove(row)
        row.deleteLater()
        self.changed.emit()

    def clear(self) -> None:
        for row in self.rows:
            row.deleteLater()
        self.rows = []

    def inputs(self) -> tuple[LineInput, ...]:
        return tuple(row.to_input() for row in self.rows)

    def set_inputs(self, lines: list[dict[str, Any]]) -> None:
        self.clear()
        for data in lines:
            self.add_row(data)

    def show_result(self, lines: tuple[PricedLine, ...], errors: dict[str, str]) -> None:
        """Rows the CRM could price (no error of their own) get its lines, in order."""
        priced = iter(lines)
        for i, row in enumerate(self.rows):
            item_error = errors.get(f"lines.{i}.item")
            quantity_error = errors.get(f"lines.{i}.quantity")
            show_error(row.item_error, item_error)
            show_error(row.quantity_error, quantity_error)
            row.show_priced(None if item_error or quantity_error else next(priced, None))
        show_error(self.error, errors.get("lines"))
