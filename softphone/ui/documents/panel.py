"""The "Orders" side tab: the order form, the application form, and finding documents.

A call pre-fills both forms with the caller (a CRM look-up through the TaskRunner) and lists
the caller's orders and applications; at start-up the newest unfinished order and application
drafts of this operator come back into the forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.customers.cards import CustomerCard, CustomerService
from softphone.crm.orders.applications import ApplicationService
from softphone.crm.orders.drafts import DraftRecord
from softphone.crm.orders.views import DocumentSummary, OrderDetails
from softphone.crm.phone import pretty, try_normalize
from softphone.sip.events import CallInfo
from softphone.ui.crm_link import CrmLink
from softphone.ui.documents.application_form import ApplicationFormPanel
from softphone.ui.documents.autosave import KEPT_KIND, deliver_kept_draft
from softphone.ui.documents.customer_documents import summary_text
from softphone.ui.documents.order_form import OrderFormPanel, OrderServices
from softphone.ui.tasks import TaskRunner

SEARCH_DELAY_MS = 250


@dataclass(frozen=True)
class DocumentServices(OrderServices):
    applications: ApplicationService
    customers: CustomerService


def _scrolled(widget: QWidget, parent: QWidget) -> QScrollArea:
    area = QScrollArea(parent)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the form's fields, not the frame
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


class DocumentsPanel(QWidget):
    drafts_restored = Signal(int)  # how many forms came back
    caller_shown = Signal()  # the forms hold the caller and their documents are listed

    def __init__(
        self,
        services: DocumentServices,
        runner: TaskRunner,
        operator: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._s, self._runner, self._operator = services, runner, operator
        self.customer_id: int | None = None
        self.restored: int | None = None  # forms brought back at start-up, once known
        self.order_form = OrderFormPanel(services, runner, operator)
        self.application_form = ApplicationFormPanel(
            services.applications, services.kb, services.drafts, runner, operator
        )
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Order number, customer or product"))
        self.search_edit.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setAccessibleName(self.tr("Documents found"))
        self.customer_label = QLabel(self.tr("The caller's orders and applications"))
        self.customer_list = QListWidget()
        self.customer_list.setAccessibleName(self.customer_label.text())
        find = QWidget()
        column = QVBoxLayout(find)
        column.addWidget(self.search_edit)
        column.addWidget(self.results, 1)
        column.addWidget(self.customer_label)
        column.addWidget(self.customer_list, 1)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.title())
        self.order_tab = self.tabs.addTab(_scrolled(self.order_form, self), self.tr("Order"))
        self.application_tab = self.tabs.addTab(
            _scrolled(self.application_form, self), self.tr("Application")
        )
        self.find_tab = self.tabs.addTab(find, self.tr("Find"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.search)
        self.search_edit.textEdited.connect(lambda _t: self._search_timer.start())
        self.results.itemActivated.connect(self._open)
        self.customer_list.itemActivated.connect(self._open)
        self._seq = 0
        self._link: CrmLink | None = None

    def title(self) -> str:
        return self.tr("Orders")

    # -- the call -------------------------------------------------------------------------

    def set_caller(self, call: CallInfo) -> None:
        """Pre-fill the forms with who is on the line (known customer or just the number)."""
        self._seq += 1
        seq, customers = self._seq, self._s.customers
        remote = call.remote_number or call.remote_uri
        self._runner.run(
            lambda: customers.find_by_number(remote),
            lambda card: self._show_caller(seq, call, card),
            label="order form caller",
        )

    def _show_caller(self, seq: int, call: CallInfo, card: CustomerCard | None) -> None:
        if seq != self._seq:
            return
        e164 = try_normalize(call.remote_number) if call.remote_number else None
        phone = pretty(e164) if e164 else call.remote_number
        name = card.display_name if card else call.display_name
        customer_id = card.id if card else None
        self.order_form.set_customer(customer_id, name, phone)
        self.application_form.set_customer(customer_id, name, phone)
        self.customer_id = customer_id
        self.refresh_customer()
        self.caller_shown.emit()

    def refresh_customer(self) -> None:
        self.customer_list.clear()
        if self.customer_id is None:
            return
        orders, customer_id = self._s.orders, self.customer_id
        self._runner.run(
            lambda: orders.customer_documents(customer_id),
            lambda rows: self._fill(self.customer_list, rows),
            label="customer documents",
        )

    # -- finding --------------------------------------------------------------------------

    def search(self) -> None:
        text, orders = self.search_edit.text(), self._s.orders
        self._runner.run(
            lambda: orders.search(text),
            lambda rows: self._fill(self.results, rows),
            label="order search",
        )

    def _fill(self, widget: QListWidget, rows: list[DocumentSummary]) -> None:
        widget.clear()
        for row in rows:
            status = self.order_form.document_actions.status_name(row.status)
            item = QListWidgetItem(f"{summary_text(row, status)} · {row.contact_name}")
            item.setData(Qt.ItemDataRole.UserRole, row)
            widget.addItem(item)

    def _open(self, item: QListWidgetItem) -> None:
        row: DocumentSummary = item.data(Qt.ItemDataRole.UserRole)
        if row.kind != "order":
            return
        orders = self._s.orders
        self._runner.run(lambda: orders.get(row.id), self._show_order, label="open order")

    def _show_order(self, details: OrderDetails) -> None:
        self.order_form.show_order(details)
        self.tabs.setCurrentIndex(self.order_tab)

    def data_changed(self, what: str) -> None:
        if what in ("orders", "applications"):
            self.refresh_customer()
            if self.search_edit.text():
                self.search()

    # -- drafts ---------------------------------------------------------------------------

    def keep_offline(self, link: CrmLink) -> None:
        """Drafts typed while the database is unreachable go to the desk's outbox; call
        before restore_drafts, which brings back the ones kept by an earlier desk too."""
        self._link = link
        self.order_form.keep_offline(link)
        self.application_form.keep_offline(link)

    def restore_drafts(self) -> None:
        drafts, operator = self._s.drafts, self._operator
        self._runner.run(
            lambda: drafts.unfinished(operator=operator),
            self._restore,
            on_failure=lambda _exc: self._restore([]),  # the database is away: the outbox's
            label="restore drafts",
        )

    def _restore(self, records: list[DraftRecord]) -> None:
        if self._link is not None:  # kept on this desk during an outage: newer than the CRM's
            records = _kept_drafts(self._link, self._operator) + records
            # only now may the link deliver them: a delivery racing the query above could
            # leave a draft in neither place this restore looked
            self._link.handle(KEPT_KIND, deliver_kept_draft(self._s.drafts))
        restored = 0
        for kind, form in (("order", self.order_form), ("application", self.application_form)):
            newest = next((r for r in records if r.form_kind == kind), None)
            if newest is not None and form.is_blank():  # never over what is being typed
                form.restore(newest)
                restored += 1
        if restored:
            first = next(r.form_kind for r in records if r.form_kind in ("order", "application"))
            self.tabs.setCurrentIndex(self.order_tab if first == "order" else self.application_tab)
        self.restored = restored
        self.drafts_restored.emit(restored)


def _kept_drafts(link: CrmLink, operator: str) -> list[DraftRecord]:
    """This operator's drafts waiting in the desk's outbox, newest first."""
    now = datetime.now(UTC)
    return [
        DraftRecord(kept["form_id"], kept["form_kind"], kept["customer_id"], kept["operator"],
                    kept["data"], now)
        for kept in reversed(link.kept_of(KEPT_KIND))
        if kept.get("operator") == operator
    ]
