"""The caller's card: who is calling, shown while the phone still rings.

The look-up runs off the GUI thread (TaskRunner) and a late answer for an earlier call never
replaces the card of a newer one. An unknown number gets the question «Как к Вам обращаться?»
and is saved as a new customer in one step; any number on a card can be called with a click.
The question (unknown_caller.py) and the recent contacts (recent_contacts.py) are their own
widgets; the card decides which parts a call shows.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.coaching.service import CoachingService
from softphone.crm.customers.cards import CustomerCard, CustomerService
from softphone.crm.db import is_connection_error
from softphone.crm.phone import pretty, try_normalize
from softphone.sip.events import CallInfo, CallState, Direction
from softphone.ui.caller.recent_contacts import RecentContacts
from softphone.ui.caller.unknown_caller import UnknownCallerQuestion
from softphone.ui.tasks import TaskRunner

if TYPE_CHECKING:  # «Исправить…» loads its dialog on first use, not at start
    from softphone.ui.caller.customer_edit import CustomerEditDialog

log = logging.getLogger(__name__)


class CallerCard(QWidget):
    call_requested = Signal(str)  # a number on the card was clicked: dial it
    address_changed = Signal(str)  # how to address the caller ("" while unknown)
    caller_known = Signal(str, bool)  # the same name, and whether the customer is a VIP
    painted = Signal(int)  # call id: its card (or question) has just been painted
    customer_shown = Signal(object)  # id of the customer on the card, None when there is none

    def __init__(
        self, customers: CustomerService, runner: TaskRunner, parent: QWidget | None = None,
        coaching: CoachingService | None = None,
    ) -> None:
        super().__init__(parent)
        self._customers, self._runner = customers, runner
        self._coaching = coaching  # the speech figures saved with past calls (issue #18)
        self._seq = 0  # bumped per call shown: answers for older calls are dropped
        self._refreshes = 0  # refresh() calls: only the newest one's answer is shown
        self.call: CallInfo | None = None
        self.card: CustomerCard | None = None
        self.number: str | None = None  # E.164 of the caller, None for extensions/SIP names
        self._paint_pending: int | None = None
        self._build()
        self.show_idle()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel(self)
        self.heading.setObjectName("callerHeading")
        self.name_label = QLabel(self)
        self.name_label.setObjectName("callerName")
        self.name_label.setWordWrap(True)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.vip_label = QLabel(self.tr("VIP"), self)  # beside the name: seen before a word
        self.vip_label.setObjectName("callerVip")
        self.vip_label.setToolTip(self.tr("A VIP customer: take particular care"))
        self.vip_label.setAccessibleName(self.tr("VIP customer"))
        self.vip_label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)
        self.detail_label = QLabel(self)
        self.detail_label.setWordWrap(True)
        self.vip_check = QCheckBox(self.tr("VIP customer"), self)  # a known customer's mark
        self.vip_check.setAccessibleDescription(
            self.tr("Marks the customer as VIP for every operator; saved at once")
        )
        self.vip_check.clicked.connect(self.save_vip)
        self.edit_button = QPushButton(self.tr("Correct…"), self)  # address, name, notes
        self.edit_button.setToolTip(self.tr("Correct the form of address, full name or notes"))
        self.edit_button.clicked.connect(self.edit_customer)
        self.notes_label = QLabel(self)  # what colleagues noted about the customer: read first
        self.notes_label.setObjectName("callerNotes")
        self.notes_label.setWordWrap(True)
        self.notes_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.numbers_row = QHBoxLayout()
        self.numbers_row.setSpacing(6)
        self.number_buttons: list[QPushButton] = []

        self.question = UnknownCallerQuestion(self._customers, self._runner, self)
        self.question.saved.connect(self.show_card)  # the saved caller's card replaces it
        self.question.problem.connect(self._show_error)

        self.recent = RecentContacts(self._runner, self._coaching, self)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("callerError")
        self.error_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.heading)
        name_row = QHBoxLayout()
        name_row.setSpacing(8)
        name_row.addWidget(self.vip_label, 0, Qt.AlignmentFlag.AlignVCenter)
        name_row.addWidget(self.name_label, 1)
        layout.addLayout(name_row)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.notes_label)
        layout.addLayout(self.numbers_row)
        marks_row = QHBoxLayout()
        marks_row.addWidget(self.vip_check)
        marks_row.addWidget(self.edit_button)
        marks_row.addStretch()
        layout.addLayout(marks_row)
        layout.addWidget(self.question)
        layout.addWidget(self.error_label)
        layout.addWidget(self.recent, 1)
        layout.addStretch()  # keeps a short card at the top while the list is hidden

    # -- what the card shows --------------------------------------------------------------------

    def show_idle(self) -> None:
        self.call, self.card, self.number = None, None, None
        self.customer_shown.emit(None)
        self.heading.setText(self.tr("No call"))
        self.name_label.setText(self.tr("The caller's card appears here when the phone rings."))
        self._reset_parts()

    def show_call(self, call: CallInfo) -> None:
        """A new call (ringing here or dialled): show it at once, then its card when found."""
        self._seq += 1
        seq = self._seq
        self.call, self.card = call, None
        self.number = try_normalize(call.remote_uri or call.remote_number)
        self.heading.setText(self._heading_text(call))
        self._reset_parts()
        self.name_label.setText(self._caller_text(call))
        self.detail_label.setText(self.tr("Looking up the caller…"))
        self.address_changed.emit("")
        self.caller_known.emit("", False)
        self.customer_shown.emit(None)
        if self.number is None:
            self._show_not_a_number(call)
            return
        number = self.number
        self._runner.run(
            lambda: self._customers.find_by_number(number),
            lambda card: self._found(seq, card),
            on_failure=lambda exc: self._failed(seq, exc),
            label="caller card",
        )

    def update_call(self, call: CallInfo) -> None:
        """The shown call moved on (answered, held, ended): the heading says so, the card stays."""
        if self.call is not None and self.call.call_id == call.call_id:
            self.call = call
            self.heading.setText(self._heading_text(call))

    def _heading_text(self, call: CallInfo) -> str:
        if call.state is CallState.DISCONNECTED:
            return self.tr("Call ended")
        if call.state is CallState.CONFIRMED:
            return self.tr("On hold") if call.on_hold else self.tr("Talking")
        if call.direction is Direction.INBOUND:
            return self.tr("Incoming call")
        return self.tr("Outgoing call")

    def _caller_text(self, call: CallInfo) -> str:
        if self.number is not None:
            return pretty(self.number)
        return call.display_name or call.remote_number or call.remote_uri

    def _reset_parts(self) -> None:
        self.detail_label.clear()
        self.notes_label.clear()
        self.notes_label.hide()
        self.vip_label.hide()
        self.vip_check.hide()
        self.edit_button.hide()
        self.error_label.hide()
        self.question.withdraw()
        self.recent.reset()
        self._clear_numbers()

    def _clear_numbers(self) -> None:
        for button in self.number_buttons:
            self.numbers_row.removeWidget(button)
            button.deleteLater()
        self.number_buttons.clear()

    def _found(self, seq: int, card: CustomerCard | None) -> None:
        if seq != self._seq or self.call is None:
            return  # an older call's answer
        if card is None:
            self._show_unknown()
        else:
            self.show_card(card)
        self._paint_soon()

    def _failed(self, seq: int, exc: Exception) -> None:
        if seq != self._seq:
            return
        if is_connection_error(exc):  # the phone works without the CRM: say so, calmly
            self.detail_label.setText(
                self.tr("The customer database is unavailable — the call goes on")
            )
        else:
            self.detail_label.setText(self.tr("The caller's card could not be loaded."))
            self._show_error(str(exc) or type(exc).__name__)
        self._paint_soon()

    def show_card(self, card: CustomerCard) -> None:
        self.card = card
        self.question.hide()
        self.error_label.hide()
        self.name_label.setText(card.display_name or self.tr("(no name)"))
        details = []
        if card.address_as and card.full_name and card.full_name != card.address_as:
            details.append(card.full_name)
        self.detail_label.setText("\n".join(details))
        self.notes_label.setText(card.notes)
        self.notes_label.setVisible(bool(card.notes))
        self.vip_label.setVisible(card.vip)
        self.vip_check.setChecked(card.vip)
        self.vip_check.setEnabled(True)
        self.vip_check.show()
        self.edit_button.show()
        self._clear_numbers()
        self._set_numbers(card.numbers)
        self.recent.show_records(card.recent)
        self.address_changed.emit(card.display_name)
        self.caller_known.emit(card.display_name, card.vip)
        self.customer_shown.emit(card.id)

    def _show_unknown(self) -> None:
        self.detail_label.setText(self.tr("New caller: ask how to address them."))
        if self.number is not None:
            self.question.ask(self.number, self.call.display_name if self.call is not None else "")
            self._set_numbers([self.number])

    def _show_not_a_number(self, call: CallInfo) -> None:
        self.detail_label.setText(
            self.tr("{0} is not a phone number, so there is no customer card for it.").format(
                call.remote_number or call.remote_uri
            )
        )
        self._paint_soon()

    def _set_numbers(self, numbers: list[str]) -> None:
        for e164 in numbers:
            button = QPushButton(pretty(e164), self)
            button.setObjectName("callerNumber")
            button.setToolTip(self.tr("Call {0}").format(pretty(e164)))
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _checked=False, n=e164: self.call_requested.emit(n))
            self.numbers_row.addWidget(button)
            self.number_buttons.append(button)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    # -- the known customer's marks -------------------------------------------------------------

    def save_vip(self, vip: bool) -> None:
        """The operator ticked or cleared the known customer's VIP mark: saved at once."""
        if self.card is None:
            return
        seq, customer_id = self._seq, self.card.id
        self.vip_check.setEnabled(False)
        self._runner.run(
            lambda: self._customers.update(customer_id, vip=vip),
            lambda card: self.show_card(card) if seq == self._seq else None,
            on_failure=lambda exc: self._vip_failed(seq, exc),
            changes="customers",
            label="save VIP mark",
        )

    def edit_customer(self) -> CustomerEditDialog | None:
        """Open the known caller's correction dialog; what it saves is shown on the card."""
        if self.card is None:
            return None
        from softphone.ui.caller.customer_edit import CustomerEditDialog

        seq = self._seq
        dialog = CustomerEditDialog(self.card, self._customers, self._runner, self)
        dialog.saved.connect(lambda card: self.show_card(card) if seq == self._seq else None)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _vip_failed(self, seq: int, exc: Exception) -> None:
        if seq != self._seq or self.card is None:
            return
        self.vip_check.setChecked(self.card.vip)  # nothing was saved: show what is
        self.vip_check.setEnabled(True)
        if is_connection_error(exc):
            self._show_error(
                self.tr("The customer database is unavailable — the mark was not saved")
            )
        else:
            self._show_error(str(exc) or type(exc).__name__)

    def refresh(self) -> None:
        """Reload the shown customer (a wrap-up added notes, another desk edited the card)."""
        if self.card is None:
            return
        self._refreshes += 1  # two runner threads: an older read may answer after a newer one
        seq, customer_id, mine = self._seq, self.card.id, self._refreshes
        self._runner.run(
            lambda: self._customers.get(customer_id),
            lambda card: self.show_card(card) if (seq, mine) == (self._seq, self._refreshes)
            else None,
            on_failure=lambda exc: log.warning("Refreshing the caller card failed: %s", exc),
            label="refresh caller card",
        )

    # -- paint notification (the screen-pop benchmark measures up to here) ----------------------

    def _paint_soon(self) -> None:
        if self.call is not None:
            self._paint_pending = self.call.call_id
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._paint_pending is not None:
            call_id, self._paint_pending = self._paint_pending, None
            self.painted.emit(call_id)
