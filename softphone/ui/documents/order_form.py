"""The order form of the side panel: customer from the call, lines with completion, promotions
with explanations, totals, validation next to each field, status, print/PDF and copy.

Every keystroke schedules two things through the TaskRunner: a draft autosave (so a crash
loses nothing) and a preview (the CRM prices and validates; this widget only shows it).
Field messages appear for what was typed wrong at once, for what is missing after Submit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.kb.search import PromoState, SearchHit
from softphone.crm.kb.service import KnowledgeBaseService
from softphone.crm.orders.drafts import DraftStore
from softphone.crm.orders.forms import OrderForm
from softphone.crm.orders.service import OrderService
from softphone.crm.orders.text import order_html, order_text
from softphone.crm.orders.views import OrderDetails, Preview
from softphone.formatting import money
from softphone.ui.documents.form_base import DocumentForm, FormTexts
from softphone.ui.documents.order_lines import LinesEditor, error_label, show_error, typed_wrong
from softphone.ui.tasks import TaskRunner

PREVIEW_DELAY_MS = 300


@dataclass(frozen=True)
class OrderServices:
    orders: OrderService
    kb: KnowledgeBaseService
    drafts: DraftStore


class OrderFormPanel(DocumentForm[OrderForm, OrderDetails]):
    previewed = Signal()  # the CRM's totals and messages are on screen
    form_kind, changes = "order", "orders"

    def __init__(
        self,
        services: OrderServices,
        runner: TaskRunner,
        operator: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services.orders, services.drafts, runner, operator, parent)
        self._s = services
        self._seq = 0
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._preview)
        self._build()
        self._connect()
        self._load_promotions()

    # -- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel(self.tr("New order"), self)
        self.heading.setObjectName("sectionTitle")
        self.name_edit = QLineEdit(self)
        self.phone_edit = QLineEdit(self)
        self.address_edit = QLineEdit(self)
        self.address_edit.setPlaceholderText(self.tr("City, street, house, flat"))
        self.comment_edit = QPlainTextEdit(self)
        self.comment_edit.setMaximumHeight(60)
        self.comment_edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.promo_combo = QComboBox(self)
        self.promo_combo.addItem(self.tr("(none)"), None)
        self.lines = LinesEditor(self._s.kb, self._runner, self)
        self.name_error, self.phone_error = error_label(self), error_label(self)
        self.address_error, self.comment_error = error_label(self), error_label(self)
        self.promo_error = error_label(self)
        self.notes_label = QLabel(self)
        self.notes_label.setWordWrap(True)
        self.notes_label.setStyleSheet("color: #1b5e20; font-style: italic;")
        self.totals_label = QLabel(self)
        self.totals_label.setObjectName("orderTotals")
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)

        form = QFormLayout()
        # in a narrow pane (the call workspace at 1366×768) a field goes under its label
        # instead of pushing the form wider than the pane
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for label, edit, error in (
            (self.tr("Contact:"), self.name_edit, self.name_error),
            (self.tr("Phone:"), self.phone_edit, self.phone_error),
            (self.tr("Delivery address:"), self.address_edit, self.address_error),
        ):
            column = QVBoxLayout()
            column.addWidget(edit)
            column.addWidget(error)
            form.addRow(label, column)
        promo = QVBoxLayout()
        promo.addWidget(self.promo_combo)
        promo.addWidget(self.promo_error)
        form.addRow(self.tr("Promotion the customer names:"), promo)
        comment = QVBoxLayout()
        comment.addWidget(self.comment_edit)
        comment.addWidget(self.comment_error)
        form.addRow(self.tr("Comment:"), comment)

        self.submit_button = QPushButton(self.tr("Submit the order"), self)
        self.submit_button.setDefault(True)
        self.new_button = QPushButton(self.tr("New order"), self)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Lines:"), self))
        layout.addWidget(self.lines)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.totals_label)
        self._finish_layout(layout)
        self._show_state()

    def _connect(self) -> None:
        for edit in (self.name_edit, self.phone_edit, self.address_edit):
            edit.textEdited.connect(lambda _t: self._changed())
        self.comment_edit.textChanged.connect(self._changed)
        self.promo_combo.currentIndexChanged.connect(lambda _i: self._changed())
        self.lines.changed.connect(self._changed)

    def _load_promotions(self) -> None:
        kb = self._s.kb
        self._runner.run(
            lambda: kb.search("", kind="promotion", limit=50),
            self._fill_promotions,
            label="promotions for the order form",
        )

    def _fill_promotions(self, hits: list[SearchHit]) -> None:
        wanted = self.promo_combo.currentData()
        self.promo_combo.blockSignals(True)
        for hit in hits:
            label = hit.title
            if hit.promo_state is PromoState.EXPIRED:
                label = self.tr("{0} (expired)").format(hit.title)
            self.promo_combo.addItem(label, hit.item_id)
        if wanted is not None:
            self.promo_combo.setCurrentIndex(max(0, self.promo_combo.findData(wanted)))
        self.promo_combo.blockSignals(False)

    # -- the form's data ------------------------------------------------------------------

    def to_form(self) -> OrderForm:
        promotion = self.promo_combo.currentData()
        return OrderForm(
            customer_id=self.customer_id,
            contact_name=self.name_edit.text(),
            contact_phone=self.phone_edit.text(),
            delivery_address=self.address_edit.text(),
            comment=self.comment_edit.toPlainText(),
            lines=self.lines.inputs(),
            promotion_ids=() if promotion is None else (int(promotion),),
        )

    def _read(self, data: dict[str, Any]) -> OrderForm:
        return OrderForm.from_dict(data)

    def _fill(self, form: OrderForm, data: dict[str, Any]) -> None:
        self.name_edit.setText(form.contact_name)
        self.phone_edit.setText(form.contact_phone)
        self.address_edit.setText(form.delivery_address)
        self.comment_edit.setPlainText(form.comment)
        self.lines.set_inputs([line.__dict__ for line in form.lines])
        if form.promotion_ids:
            index = self.promo_combo.findData(form.promotion_ids[0])
            if index < 0:
                self.promo_combo.addItem(str(form.promotion_ids[0]), form.promotion_ids[0])
                index = self.promo_combo.count() - 1
            self.promo_combo.setCurrentIndex(index)

    def _clear(self) -> None:
        for edit in (self.name_edit, self.phone_edit, self.address_edit):
            edit.clear()
        self.comment_edit.clear()
        self.promo_combo.setCurrentIndex(0)
        self.lines.set_inputs([])
        self.notes_label.clear()
        self.totals_label.clear()

    def _contact_edits(self) -> tuple[QLineEdit, QLineEdit]:
        return self.name_edit, self.phone_edit

    def is_blank(self) -> bool:
        form = self.to_form()
        return not (form.contact_name or form.delivery_address or form.comment or form.lines)

    def _texts(self) -> FormTexts:
        return FormTexts(
            new=self.tr("New order"),
            restored=self.tr("Unfinished order (restored)"),
            correct_fields=self.tr("The order is not saved: correct the fields"),
            not_saved=self.tr("The order is not saved: {0}"),
        )

    # -- preview and validation -----------------------------------------------------------

    def _refresh(self) -> None:
        self._preview_timer.start()

    def _preview(self) -> None:
        self._seq += 1
        seq, form, orders = self._seq, self.to_form(), self._s.orders
        self._runner.run(
            lambda: orders.preview(form),
            lambda preview: self._show_preview(seq, preview),
            label="order preview",
        )

    def _show_preview(self, seq: int, preview: Preview) -> None:
        if seq != self._seq or self.details is not None:
            return
        self._show_errors(preview.errors)
        self.lines.show_result(preview.quote.lines, self._visible(preview.errors))
        quote = preview.quote
        self.notes_label.setText("\n".join(n.text for n in quote.order_notes))
        self.notes_label.setVisible(bool(quote.order_notes))
        text = self.tr("Sum: {0}").format(money(quote.subtotal))
        if quote.discount_total:
            text += "   " + self.tr("Discount: −{0}").format(money(quote.discount_total))
        text += "   " + self.tr("Total: {0}").format(money(quote.total))
        self.totals_label.setText(text)
        self.previewed.emit()

    def _visible(self, errors: dict[str, str]) -> dict[str, str]:
        return errors if self._strict else typed_wrong(self.to_form(), errors)

    def _show_errors(self, errors: dict[str, str]) -> None:
        self.errors = self._visible(errors)
        for key, label in (
            ("contact_name", self.name_error),
            ("contact_phone", self.phone_error),
            ("delivery_address", self.address_error),
            ("comment", self.comment_error),
            ("promotions", self.promo_error),
        ):
            show_error(label, self.errors.get(key))

    # -- submit and status ----------------------------------------------------------------

    def submit(self) -> None:
        self._preview_timer.stop()
        super().submit()

    def _created(self, details: OrderDetails) -> None:
        self.lines.show_result((), {})
        super()._created(details)

    def _show_refused(self, errors: dict[str, str]) -> None:
        self._show_errors(errors)
        self.lines.show_result((), errors)  # messages at once; prices with the preview
        self._preview()

    def _set_editable(self, editable: bool) -> None:
        for edit in (self.name_edit, self.phone_edit, self.address_edit):
            edit.setReadOnly(not editable)
        self.comment_edit.setReadOnly(not editable)
        self.lines.setEnabled(editable)
        self.promo_combo.setEnabled(editable)

    def _show_saved(self, details: OrderDetails) -> None:
        text = order_text(details)
        actions = self.document_actions
        actions.set_document(details.status, text, order_html(details), details.number)
        self.heading.setText(self.tr("Order {0}").format(details.number))
        self.status_label.setText(
            self.tr("Order {0}: {1}, total {2}").format(
                details.number, actions.status_name(details.status), money(details.total)
            )
        )
        self.totals_label.setText(text.rsplit("\n", 1)[-1])

    def show_order(self, details: OrderDetails) -> None:
        """A saved order, read-only, with its status moves and outputs."""
        self.new_order()
        self._restoring = True
        self.name_edit.setText(details.contact_name)
        self.phone_edit.setText(details.contact_phone)
        self.address_edit.setText(details.delivery_address)
        self.comment_edit.setPlainText(details.comment)
        lines = [
            {"item_id": None, "title": ln.title, "quantity": str(ln.quantity.normalize())}
            for ln in details.lines
        ]
        self.lines.set_inputs(lines)
        self._restoring = False
        self.autosaver.stop()
        self.details = details
        self._show_state()

    def new_order(self) -> None:
        """A blank form; an unfinished one's draft is dropped (the operator asked for it)."""
        self._start_new()
