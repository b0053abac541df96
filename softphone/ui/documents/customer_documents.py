"""The caller's orders and applications under their card: number, date, what, sum, status.

Loaded through the TaskRunner whenever the card shows another customer, and again when an
order or application was saved anywhere in the window (the runner's data_changed).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from softphone.crm.orders.service import OrderService
from softphone.crm.orders.views import DocumentSummary
from softphone.formatting import format_date, money
from softphone.ui.documents.actions import StatusNames
from softphone.ui.tasks import TaskRunner


def summary_text(row: DocumentSummary, status: str) -> str:
    amount = f" — {money(row.amount)}" if row.amount is not None else ""
    when = format_date(row.created_at)
    return f"{row.number} {when} · {row.title}{amount} · {status}"


class CustomerDocuments(QWidget):
    def __init__(
        self, orders: OrderService, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._orders, self._runner = orders, runner
        self._names = StatusNames(self)
        self.customer_id: int | None = None
        self._seq = 0
        self.title = QLabel(self.tr("Orders and applications"), self)
        self.title.setObjectName("sectionTitle")
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.title.text())
        self.list.setWordWrap(True)
        self.list.setMaximumHeight(140)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        runner.data_changed.connect(self._data_changed)
        self.hide()

    def show_customer(self, customer_id: int | None) -> None:
        self.customer_id = customer_id
        self.refresh()

    def refresh(self) -> None:
        self._seq += 1
        seq, orders, customer_id = self._seq, self._orders, self.customer_id
        if customer_id is None:
            self._fill(seq, [])
            return
        self._runner.run(
            lambda: orders.customer_documents(customer_id),
            lambda rows: self._fill(seq, rows),
            label="customer's orders and applications",
        )

    def _fill(self, seq: int, rows: list[DocumentSummary]) -> None:
        if seq != self._seq:
            return
        self.list.clear()
        for row in rows:
            self.list.addItem(summary_text(row, self._names.name(row.status)))
        self.setVisible(bool(rows))

    def _data_changed(self, what: str) -> None:
        if what in ("orders", "applications") and self.customer_id is not None:
            self.refresh()
