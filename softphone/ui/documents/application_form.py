"""The application form: service request, complaint, recalculation or compensation claim,
callback request. One form whose rows follow the kind; the CRM says which are required.

Autosaved as typed like the order form; messages appear next to the fields after Submit.
"""

from __future__ import annotations

from typing import Any

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

from softphone.crm.kb.service import KnowledgeBaseService
from softphone.crm.orders.applications import ApplicationService
from softphone.crm.orders.drafts import DraftStore
from softphone.crm.orders.forms import ApplicationForm, ApplicationKind
from softphone.crm.orders.text import application_html, application_text
from softphone.crm.orders.views import ApplicationDetails
from softphone.ui.documents.form_base import DocumentForm, FormTexts
from softphone.ui.documents.order_lines import error_label, show_error
from softphone.ui.tasks import TaskRunner
from softphone.ui.widgets.item_picker import ItemPicker

SERVICE_KINDS = ("service", "tariff", "product")
_K = ApplicationKind
# Which rows each kind shows (contact rows are always there).
ROWS: dict[ApplicationKind, tuple[str, ...]] = {
    _K.SERVICE_REQUEST: ("service_item_id", "address", "description"),
    _K.COMPLAINT: ("topic", "description"),
    _K.RECALCULATION: (
        "service_item_id",
        "period_from",
        "period_to",
        "amount_claimed",
        "reason",
        "decision",
        "amount_granted",
    ),
    _K.CALLBACK: ("callback_at", "topic"),
}
ROWS[_K.COMPENSATION] = ROWS[_K.RECALCULATION]
TEXT_FIELDS = (
    "address",
    "topic",
    "period_from",
    "period_to",
    "amount_claimed",
    "amount_granted",
    "callback_at",
)


class ApplicationFormPanel(DocumentForm[ApplicationForm, ApplicationDetails]):
    form_kind, changes = "application", "applications"
    discard_blank_draft = True  # a form typed, then erased, still has a draft

    def __init__(
        self,
        applications: ApplicationService,
        kb: KnowledgeBaseService,
        drafts: DraftStore,
        runner: TaskRunner,
        operator: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(applications, drafts, runner, operator, parent)
        self._build(kb)
        self._show_kind()

    def _build(self, kb: KnowledgeBaseService) -> None:
        self.heading = QLabel(self.tr("New application"), self)
        self.heading.setObjectName("sectionTitle")
        self.kind_combo = QComboBox(self)
        for kind, label in (
            (_K.SERVICE_REQUEST, self.tr("Service request")),
            (_K.COMPLAINT, self.tr("Complaint")),
            (_K.RECALCULATION, self.tr("Recalculation claim")),
            (_K.COMPENSATION, self.tr("Compensation claim")),
            (_K.CALLBACK, self.tr("Callback request")),
        ):
            self.kind_combo.addItem(label, kind.value)
        self.edits: dict[str, QWidget] = {
            "contact_name": QLineEdit(self),
            "contact_phone": QLineEdit(self),
            "service_item_id": ItemPicker(kb, self._runner, SERVICE_KINDS, self),
            "address": QLineEdit(self),
            "topic": QLineEdit(self),
            "description": QPlainTextEdit(self),
            "period_from": QLineEdit(self),
            "period_to": QLineEdit(self),
            "amount_claimed": QLineEdit(self),
            "reason": QPlainTextEdit(self),
            "decision": QComboBox(self),
            "amount_granted": QLineEdit(self),
            "callback_at": QLineEdit(self),
        }
        for name in ("description", "reason"):  # Tab moves on, as in every other field
            text_edit = self.edits[name]
            assert isinstance(text_edit, QPlainTextEdit)
            text_edit.setTabChangesFocus(True)
        for name in ("period_from", "period_to"):
            self.line(name).setPlaceholderText(self.tr("DD.MM.YYYY"))
        self.line("callback_at").setPlaceholderText(self.tr("DD.MM.YYYY HH:MM"))
        decision = self.decision_combo
        for value, label in (
            ("pending", self.tr("under review")),
            ("granted", self.tr("granted")),
            ("partly", self.tr("partly granted")),
            ("refused", self.tr("refused")),
        ):
            decision.addItem(label, value)
        for name in ("description", "reason"):
            self.edits[name].setMaximumHeight(70)
        labels = {
            "contact_name": self.tr("Contact:"),
            "contact_phone": self.tr("Phone:"),
            "service_item_id": self.tr("Service:"),
            "address": self.tr("Address:"),
            "topic": self.tr("Subject:"),
            "description": self.tr("Description:"),
            "period_from": self.tr("Period from:"),
            "period_to": self.tr("Period to:"),
            "amount_claimed": self.tr("Amount claimed, ₽:"),
            "reason": self.tr("Reason:"),
            "decision": self.tr("Decision:"),
            "amount_granted": self.tr("Amount granted, ₽:"),
            "callback_at": self.tr("Call back at:"),
        }
        self.error_labels: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow panes
        self.form.addRow(self.tr("Kind:"), self.kind_combo)
        self.rows: dict[str, int] = {}
        for name, edit in self.edits.items():
            column = QVBoxLayout()
            column.addWidget(edit)
            self.error_labels[name] = error_label(self)
            column.addWidget(self.error_labels[name])
            self.rows[name] = self.form.rowCount()
            self.form.addRow(labels[name], column)
        self.submit_button = QPushButton(self.tr("Submit the application"), self)
        self.new_button = QPushButton(self.tr("New application"), self)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        self._finish_layout(layout)

        self.kind_combo.currentIndexChanged.connect(lambda _i: self._kind_changed())
        for edit in self.edits.values():
            if isinstance(edit, QLineEdit):
                edit.textEdited.connect(lambda _t: self._changed())
            elif isinstance(edit, QPlainTextEdit):
                edit.textChanged.connect(self._changed)
        self.decision_combo.currentIndexChanged.connect(lambda _i: self._changed())
        self.service_picker.item_chosen.connect(lambda _i, _t: self._changed())

    # -- widgets by field -----------------------------------------------------------------

    def line(self, name: str) -> QLineEdit:
        edit = self.edits[name]
        assert isinstance(edit, QLineEdit)
        return edit

    def text_edit(self, name: str) -> QPlainTextEdit:
        edit = self.edits[name]
        assert isinstance(edit, QPlainTextEdit)
        return edit

    @property
    def service_picker(self) -> ItemPicker:
        picker = self.edits["service_item_id"]
        assert isinstance(picker, ItemPicker)
        return picker

    @property
    def decision_combo(self) -> QComboBox:
        combo = self.edits["decision"]
        assert isinstance(combo, QComboBox)
        return combo

    def kind(self) -> ApplicationKind:
        return ApplicationKind(self.kind_combo.currentData())

    def _show_kind(self) -> None:
        shown = set(ROWS[self.kind()]) | {"contact_name", "contact_phone"}
        for name, row in self.rows.items():
            self.form.setRowVisible(row, name in shown)

    def _kind_changed(self) -> None:
        self._show_kind()
        self._changed()

    # -- data -----------------------------------------------------------------------------

    def to_form(self) -> ApplicationForm:
        values: dict[str, Any] = {
            "kind": self.kind().value,
            "customer_id": self.customer_id,
            "contact_name": self.line("contact_name").text(),
            "contact_phone": self.line("contact_phone").text(),
            "service_item_id": self.service_picker.item_id,
            "description": self.text_edit("description").toPlainText(),
            "reason": self.text_edit("reason").toPlainText(),
            "decision": self.decision_combo.currentData(),
        }
        values.update({name: self.line(name).text() for name in TEXT_FIELDS})
        return ApplicationForm.from_dict(values)

    def _draft_data(self) -> dict[str, Any]:
        data = self.to_form().to_dict()
        data["service_title"] = self.service_picker.text()
        return data

    def _read(self, data: dict[str, Any]) -> ApplicationForm:
        return ApplicationForm.from_dict(data)

    def _fill(self, form: ApplicationForm, data: dict[str, Any]) -> None:
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(form.kind)))
        self.line("contact_name").setText(form.contact_name)
        self.line("contact_phone").setText(form.contact_phone)
        self.service_picker.set_item(form.service_item_id, str(data.get("service_title", "")))
        self.text_edit("description").setPlainText(form.description)
        self.text_edit("reason").setPlainText(form.reason)
        self.decision_combo.setCurrentIndex(max(0, self.decision_combo.findData(form.decision)))
        for name in TEXT_FIELDS:
            self.line(name).setText(str(getattr(form, name)))
        self._show_kind()

    def _clear(self) -> None:
        for edit in self.edits.values():
            if isinstance(edit, QLineEdit | QPlainTextEdit):
                edit.clear()
        self.service_picker.set_item(None, "")
        self.decision_combo.setCurrentIndex(0)
        self._show_kind()

    def _contact_edits(self) -> tuple[QLineEdit, QLineEdit]:
        return self.line("contact_name"), self.line("contact_phone")

    def is_blank(self) -> bool:
        form = self.to_form()
        typed = [getattr(form, name) for name in (*TEXT_FIELDS, "description", "reason")]
        return not (form.contact_name or form.service_item_id or any(typed))

    def _texts(self) -> FormTexts:
        return FormTexts(
            new=self.tr("New application"),
            restored=self.tr("Unfinished application (restored)"),
            correct_fields=self.tr("The application is not saved: correct the fields"),
            not_saved=self.tr("The application is not saved: {0}"),
        )

    # -- showing it -----------------------------------------------------------------------

    def _show_errors(self, errors: dict[str, str]) -> None:
        self.errors = errors
        for name, label in self.error_labels.items():
            show_error(label, errors.get(name))

    def _set_editable(self, editable: bool) -> None:
        for edit in self.edits.values():
            edit.setEnabled(editable)
        self.kind_combo.setEnabled(editable)

    def _show_saved(self, details: ApplicationDetails) -> None:
        self.heading.setText(self.tr("Application {0}").format(details.number))
        self.status_label.setText(
            self.tr("Application {0}: {1}").format(
                details.number, self.document_actions.status_name(details.status)
            )
        )
        self.document_actions.set_document(
            details.status, application_text(details), application_html(details), details.number
        )

    def new_application(self) -> None:
        """A blank form; an unfinished one's draft is dropped (the operator asked for it)."""
        self._start_new()
