"""What the order and the application form share: a draft saved as it is typed, Submit, and the
status moves of the saved document.

Until the CRM accepts it a form is a draft: a form_id, fields autosaved into the draft store
(FormAutosaver), brought back by restore() after a crash. Submit waits for the last autosave,
then asks the CRM to create the document with draft_id=form_id (the draft goes in the same
transaction). Accepted, `details` holds what was saved and the form is read-only with its status
moves; refused, FormErrors go next to the fields and anything else to the status line, and the
draft is kept.

Each form keeps its fields, how they are read (to_form) and written back (_fill, _clear), and how
they are shown. The words it shows are its own too (FormTexts): they stay translated under its
class name.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from softphone.crm.orders.drafts import DraftRecord, DraftStore
from softphone.crm.orders.forms import FormErrors
from softphone.ui.crm_link import CrmLink
from softphone.ui.documents.actions import DocumentActions
from softphone.ui.documents.autosave import FormAutosaver
from softphone.ui.tasks import TaskRunner


class _Form(Protocol):
    @property
    def customer_id(self) -> int | None: ...

    def to_dict(self) -> dict[str, Any]: ...


class _Saved(Protocol):
    @property
    def id(self) -> int: ...


FormT = TypeVar("FormT", bound=_Form)
DetailsT = TypeVar("DetailsT", bound=_Saved)
_FormIn = TypeVar("_FormIn", contravariant=True)
_DetailsOut = TypeVar("_DetailsOut", covariant=True)


class DocumentService(Protocol[_FormIn, _DetailsOut]):
    """OrderService and ApplicationService, as far as a form uses them."""

    def create(
        self, form: _FormIn, /, *, operator: str = "", draft_id: str | None = None
    ) -> _DetailsOut: ...

    def change_status(
        self, document_id: int, status: str, /, *, operator: str = ""
    ) -> _DetailsOut: ...


@dataclass(frozen=True)
class FormTexts:
    """What the shared steps show, in the form's own words (already translated)."""

    new: str  # heading of a blank form
    restored: str  # heading of a draft brought back
    correct_fields: str  # status line when the CRM refused some fields
    not_saved: str  # status line for any other failure; {0} is the error


class DocumentForm(QWidget, Generic[FormT, DetailsT]):
    """A document form's draft, Submit and status steps; the fields are the subclass's."""

    submitted = Signal(object)  # the details the CRM saved

    form_kind: str  # of the drafts, and the task labels: "order", "application"
    changes: str  # what the runner announces as changed: "orders", "applications"
    # new_*() drops the draft of a form still being typed; also when the form looks blank?
    discard_blank_draft = False

    # Widgets the form builds where its layout wants them; the shared steps use them.
    heading: QLabel
    status_label: QLabel
    submit_button: QPushButton
    new_button: QPushButton
    document_actions: DocumentActions  # status moves, print, PDF, copy
    link: CrmLink | None = None  # the desk's outbox for drafts typed during an outage

    def __init__(
        self,
        service: DocumentService[FormT, DetailsT],
        drafts: DraftStore,
        runner: TaskRunner,
        operator: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service, self._drafts = service, drafts
        self._runner, self._operator = runner, operator
        self.form_id = uuid.uuid4().hex
        self.customer_id: int | None = None
        self._prefilled = ("", "")  # the name and phone the last call put in the contact
        self.details: DetailsT | None = None  # None while the form is being typed
        self.errors: dict[str, str] = {}
        self._strict = False  # after the first Submit, missing fields are reported too
        self._restoring = False  # the fields are being set by the program, not typed
        self._submitting = False  # keystrokes now would bring back the draft being removed
        self.autosaver = self._new_autosaver()

    # -- what each form provides ----------------------------------------------------------

    def to_form(self) -> FormT:
        raise NotImplementedError

    def is_blank(self) -> bool:
        raise NotImplementedError

    def _read(self, data: dict[str, Any]) -> FormT:
        """A draft's saved data as a form."""
        raise NotImplementedError

    def _fill(self, form: FormT, data: dict[str, Any]) -> None:
        """Put a draft back into the fields (keystroke signals are ignored meanwhile)."""
        raise NotImplementedError

    def _clear(self) -> None:
        """Blank fields for a new form (keystroke signals are ignored meanwhile)."""
        raise NotImplementedError

    def _contact_edits(self) -> tuple[QLineEdit, QLineEdit]:
        """The contact's name and phone fields, which a call pre-fills."""
        raise NotImplementedError

    def _show_errors(self, errors: dict[str, str]) -> None:
        raise NotImplementedError

    def _set_editable(self, editable: bool) -> None:
        raise NotImplementedError

    def _show_saved(self, details: DetailsT) -> None:
        """Heading, status line and outputs of a saved document."""
        raise NotImplementedError

    def _texts(self) -> FormTexts:
        raise NotImplementedError

    def _refresh(self) -> None:
        """The fields changed (typed, restored or pre-filled): update what depends on them."""

    def _show_refused(self, errors: dict[str, str]) -> None:
        """The fields the CRM refused at Submit."""
        self._show_errors(errors)

    def _draft_data(self) -> dict[str, Any]:
        return self.to_form().to_dict()

    def _finish_layout(self, layout: QVBoxLayout) -> None:
        """Below the fields: the status line, Submit and New, the saved document's actions."""
        self.document_actions = DocumentActions(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.submit_button)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        layout.addWidget(self.document_actions)
        layout.addStretch(1)
        self.submit_button.clicked.connect(self.submit)
        self.new_button.clicked.connect(self._start_new)
        self.document_actions.status_requested.connect(self.change_status)

    # -- the draft ------------------------------------------------------------------------

    def _new_autosaver(self) -> FormAutosaver:
        return FormAutosaver(
            self._drafts, self._runner, self.form_kind, self._draft, self._operator, self,
            link=self.link,
        )

    def keep_offline(self, link: CrmLink) -> None:
        """Drafts that cannot reach the database go to the desk's outbox (see autosave)."""
        self.link = self.autosaver.link = link

    def _draft(self) -> tuple[str, dict[str, Any], int | None]:
        return self.form_id, self._draft_data(), self.customer_id

    def _changed(self) -> None:
        if self._restoring or self._submitting or self.details is not None:
            return
        self.autosaver.touch()
        self._refresh()

    def restore(self, record: DraftRecord) -> None:
        """Bring an unfinished form back exactly as it was typed."""
        form = self._read(record.data)
        self._restoring = True
        try:
            self.form_id, self.customer_id = record.form_id, form.customer_id
            self._fill(form, record.data)
        finally:
            self._restoring = False
        self.heading.setText(self._texts().restored)
        self._refresh()

    def set_customer(self, customer_id: int | None, name: str, phone: str) -> None:
        """Prefill from the call; what the operator already typed is kept."""
        if self.details is not None:
            return
        edits = self._contact_edits()
        untouched = all(  # the contact is still only what the previous call put there
            not edit.text().strip() or edit.text() == old
            for edit, old in zip(edits, self._prefilled, strict=True)
        )
        if untouched and self._prefilled != ("", ""):  # a new caller: not the last one's form
            self.customer_id = customer_id
        else:
            self.customer_id = customer_id if customer_id is not None else self.customer_id
        for edit, value, old in zip(edits, (name, phone), self._prefilled, strict=True):
            current = edit.text().strip()
            if not current or (untouched and current == old.strip()):
                edit.setText(value)  # nothing typed here: this call's contact
        self._prefilled = (name, phone)
        self._refresh()

    def _start_new(self) -> None:
        """A blank form; an unfinished one's draft is dropped (the operator asked for it)."""
        if self.details is None and (self.discard_blank_draft or not self.is_blank()):
            drafts, form_id = self._drafts, self.form_id
            self.autosaver.flush_then(
                lambda: self._runner.run(lambda: drafts.discard(form_id), label="discard draft")
            )
        self.form_id, self.customer_id, self.details = uuid.uuid4().hex, None, None
        self._strict = False
        self.autosaver = self._new_autosaver()
        self._show_errors({})
        self._restoring = True
        try:
            self._clear()
        finally:
            self._restoring = False
        self.heading.setText(self._texts().new)
        self._show_state()

    # -- submit and status ----------------------------------------------------------------

    def submit(self) -> None:
        if self.details is not None:
            return
        self._strict = True
        self.submit_button.setEnabled(False)
        self._submitting = True
        self.autosaver.flush_then(self._create)

    def _create(self) -> None:
        form, service, operator, form_id = (
            self.to_form(),
            self._service,
            self._operator,
            self.form_id,
        )
        self._runner.run(
            lambda: service.create(form, operator=operator, draft_id=form_id),
            self._created,
            on_failure=self._refused,
            changes=self.changes,
            label=f"submit {self.form_kind}",
        )

    def _created(self, details: DetailsT) -> None:
        self._submitting = False
        self.autosaver.stop()
        self.details = details
        self._show_errors({})
        self._show_state()
        self.submitted.emit(details)

    def _refused(self, exc: Exception) -> None:
        self._submitting = False
        self.submit_button.setEnabled(True)
        self.autosaver.enabled = True
        if isinstance(exc, FormErrors):
            self._show_refused(exc.errors)
            self.status_label.setText(self._texts().correct_fields)
        else:
            self.status_label.setText(self._texts().not_saved.format(exc))
            self.autosaver.touch()

    def change_status(self, status: str) -> None:
        if self.details is None:
            return
        document_id, service, operator = self.details.id, self._service, self._operator
        self._runner.run(
            lambda: service.change_status(document_id, status, operator=operator),
            self._status_changed,
            changes=self.changes,
            label=f"{self.form_kind} status",
        )

    def _status_changed(self, details: DetailsT) -> None:
        self.details = details
        self._show_state()

    def _show_state(self) -> None:
        """Editable while a draft; read-only, with its status and outputs, once saved."""
        details = self.details
        self.submit_button.setVisible(details is None)
        self.submit_button.setEnabled(True)
        self._set_editable(details is None)
        if details is None:
            self.document_actions.set_document(None)
            self.status_label.clear()
        else:
            self._show_saved(details)
