"""Plugs the call side panels into the main window: caller card with wrap-up, and the script.

Data flows one way: bridge signal -> this wiring -> panel, which asks its CRM service through
the TaskRunner and renders. Panels never call each other; what one learns that another needs
(the caller's form of address for the script) travels as a signal connected here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QVBoxLayout, QWidget

from softphone.crm.auth import signed_in
from softphone.crm.coaching.service import CoachingService
from softphone.crm.customers.calls import CallRecord
from softphone.crm.customers.cards import CustomerService
from softphone.crm.db import Database
from softphone.crm.guide.company import CompanyService
from softphone.crm.guide.editing import GuideService
from softphone.crm.guide.phrases import PhraseService
from softphone.crm.guide.script import ScriptService
from softphone.crm.guide.wrapup import WrapUp, WrapUpService
from softphone.crm.orders.service import OrderService
from softphone.crm.phone import pretty
from softphone.settings import CallCenterSettings
from softphone.sip.events import CallEnded, CallInfo, CallState, Direction, IncomingCall
from softphone.ui.caller.card import CallerCard
from softphone.ui.caller.company import CompanyName
from softphone.ui.caller.script import ScriptPanel
from softphone.ui.caller.wrapup import WrapUpPanel
from softphone.ui.desk import Desk
from softphone.ui.documents.customer_documents import CustomerDocuments
from softphone.ui.widgets.phrase_check import PhraseRules

if TYPE_CHECKING:
    from softphone.ui.caller.guide_editor import GuideEditor  # loads when first opened
    from softphone.ui.settings.dialog import SettingsDialog

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CallServices:
    customers: CustomerService
    script: ScriptService
    phrases: PhraseService
    wrapups: WrapUpService
    guide: GuideService
    orders: OrderService | None = None  # the card lists the customer's orders and applications

    @classmethod
    def for_database(cls, db: Database) -> CallServices:
        return cls(
            CustomerService(db), ScriptService(db), PhraseService(db), WrapUpService(db),
            GuideService(db), OrderService(db),
        )


class CallPanels(QObject):
    """Owns the panels' wiring; the widgets themselves live in the window's side tabs."""

    def __init__(self, desk: Desk, services: CallServices, *, can_edit: bool) -> None:
        super().__init__(desk.window.owner)
        self.desk, self.window, self.services = desk, desk.window, services
        runner, center = desk.runner, desk.settings.call_center
        self.rules = PhraseRules(services.phrases, runner, self)
        self.card = CallerCard(services.customers, runner,
                               coaching=CoachingService(desk.db, desk.principal))
        self.wrapup = WrapUpPanel(services.wrapups, runner, self.rules, link=desk.window.crm_link)
        self.caller_tab = QWidget()
        column = QVBoxLayout(self.caller_tab)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.card, 1)
        self.documents: CustomerDocuments | None = None
        if services.orders is not None:
            self.documents = CustomerDocuments(services.orders, runner)
            self.card.customer_shown.connect(self.documents.show_customer)
            column.addWidget(self.documents)
        column.addWidget(self.wrapup)
        self.script = ScriptPanel(
            services.script,
            runner,
            operator=self.operator_name(center),
            company=center.company,
            can_edit=can_edit,
        )
        self.company = CompanyName(CompanyService(desk.db, desk.principal), runner,
                                   desk.principal, self)
        self.window.add_side_panel(self.caller_tab, self.tr("Caller"))
        self.window.add_side_panel(self.script, self.tr("Script"))
        self.editor: GuideEditor | None = None
        self._open_rows: dict[int, CallRecord] = {}  # engine call id -> its open log row
        self._talking: dict[int, CallInfo] = {}  # answered calls whose wrap-up may open
        self._connect()
        self.reload()

    def _connect(self) -> None:
        bridge, window = self.desk.bridge, self.window
        bridge.incoming_call.connect(self.on_incoming)
        bridge.call_state_changed.connect(self.on_call_changed)
        bridge.call_ended.connect(self.on_call_ended)
        window.call_logged.connect(self.on_call_logged)
        if window.call_opened is not None:
            window.call_opened.connect(self.on_call_opened)
        self.card.call_requested.connect(window.dial)
        self.card.address_changed.connect(lambda text: self.script.set_value("address", text))
        self.script.edit_requested.connect(self.open_editor)
        self.company.changed.connect(lambda _name: self.script.set_value(
            "company", self.company.said(self.desk.settings.call_center.company)))
        self.wrapup.saved.connect(self._wrapped_up)
        self.desk.runner.data_changed.connect(self._data_changed)
        window.settings_opened.connect(self._add_settings_page)

    def reload(self) -> None:
        self.company.load()
        self.rules.reload()
        self.script.reload()
        self.wrapup.reload()

    # -- calls ----------------------------------------------------------------------------------

    def on_incoming(self, event: IncomingCall) -> None:
        self.pop(event.call)  # after-call work refuses callers in the engine (agent status)

    def on_call_opened(self, call: CallInfo, record: CallRecord) -> None:
        self._open_rows[call.call_id] = record
        self._wrap_up_while_talking(call.call_id)

    def _wrap_up_while_talking(self, call_id: int) -> None:
        """Once a call is answered and has its log row, its wrap-up opens for notes."""
        call, row = self._talking.get(call_id), self._open_rows.get(call_id)
        if call is None or row is None or self.wrapup.interaction_id == row.id:
            return
        self.wrapup.start(row.id, _who(row), in_call=True)

    def on_call_changed(self, call: CallInfo) -> None:
        if call.state is CallState.CONFIRMED and call.call_id not in self._talking:
            self._talking[call.call_id] = call
            self._wrap_up_while_talking(call.call_id)
        self.card.update_call(call)
        is_new_dial = call.direction is Direction.OUTBOUND and call.state is CallState.CALLING
        if is_new_dial and (self.card.call is None or self.card.call.call_id != call.call_id):
            self.pop(call)

    def on_call_ended(self, event: CallEnded) -> None:
        """A waiting call that ended must not leave its card over the call still being talked on."""
        row = self._open_rows.get(event.call.call_id)
        if row is not None:
            self.wrapup.call_finished(row.id)  # opened while talking: after-call work now
        shown = self.card.call
        if shown is None or shown.call_id != event.call.call_id:
            return
        self.card.update_call(event.call)
        others = [c for c in self.desk.bridge.calls() if c.call_id != event.call.call_id]
        live = [c for c in others if c.state is not CallState.DISCONNECTED]
        if live:
            talking = next((c for c in live if c.state is CallState.CONFIRMED), live[0])
            self.pop(talking)

    def pop(self, call: CallInfo) -> None:
        """Show the caller's card (and the matching script) in front."""
        self.window.show_side_panel(self.caller_tab)
        self.script.set_call(inbound=call.direction is Direction.INBOUND)
        self.card.show_call(call)

    def on_call_logged(self, event: CallEnded, record: CallRecord) -> None:
        self._open_rows.pop(event.call.call_id, None)
        self._talking.pop(event.call.call_id, None)
        if not event.answered:
            return  # nothing was said: no outcome to record
        if self.wrapup.interaction_id == record.id:
            self.wrapup.call_finished(record.id)  # (if the end was not seen before the row)
            self.window.show_side_panel(self.caller_tab)
            return
        self.wrapup.start(record.id, _who(record))
        self.window.show_side_panel(self.caller_tab)

    def _wrapped_up(self, wrap_up: WrapUp) -> None:
        self.window.show_status(self.tr("Wrap-up saved: {0}").format(wrap_up.disposition))

    def _data_changed(self, what: str) -> None:
        if what in ("calls", "customers"):
            self.card.refresh()
        elif what == "guide":
            self.reload()

    # -- admin ----------------------------------------------------------------------------------

    def _add_settings_page(self, dialog: SettingsDialog) -> None:
        from softphone.ui.caller.settings_page import CallCenterPage  # with the dialog

        dialog.add_page(CallCenterPage(self.apply_settings, company=self.company,
                                       report=self.window.show_error))

    def operator_name(self, center: CallCenterSettings) -> str:
        """{operator} in the script: the signed-in person's display name from their profile
        (the «Оператор» and «Пользователи» tabs, `softphone users add --name`), else the name
        typed in this desk's settings. A profile made without a name carries the login there,
        which is no name to introduce oneself by."""
        principal = signed_in(self.desk.db) or self.desk.principal  # a renamed profile: live
        name = principal.display_name.strip() if principal is not None else ""
        if principal is not None and name and name != principal.login:
            return name
        return center.operator_name

    def apply_settings(self, center: CallCenterSettings) -> None:
        """New names from the settings dialog, live in the running panels."""
        self.script.set_value("operator", self.operator_name(center))
        self.script.set_value("company", self.company.said(center.company))

    def open_editor(self) -> GuideEditor:
        s = self.services
        from softphone.ui.caller.guide_editor import GuideEditor, GuideServices

        editor = GuideEditor(
            GuideServices(s.script, s.phrases, s.wrapups, s.guide), self.desk.runner, self.rules,
            self.window.owner,
        )
        editor.finished.connect(lambda _r: setattr(self, "editor", None))
        self.editor = editor
        editor.load()
        editor.open()
        return editor


def _who(record: CallRecord) -> str:
    return record.customer_name or (pretty(record.number) if record.number else record.remote)


def install_call_panels(desk: Desk, *, can_edit: bool = True) -> CallPanels:
    """The caller card, wrap-up and script tabs for a desk with a CRM database."""
    return CallPanels(desk, CallServices.for_database(desk.db), can_edit=can_edit)
