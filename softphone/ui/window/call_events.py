"""What the engine's call events mean on screen: the call list, the status line, the notice.

The window owns the status line and the ringer; this part only says what each event shows,
so the window's own code stays the wiring and the commands.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from softphone.sip.events import (
    CallEnded,
    CallInfo,
    CallState,
    IncomingCall,
    RegistrationChanged,
    TransferResult,
)
from softphone.ui.bridge import EngineBridge
from softphone.ui.phone.call_card import is_ringing_here
from softphone.ui.phone.call_list import CallList
from softphone.ui.phone.notifications import CallNotifier
from softphone.ui.status_widgets import AccountHeader


class CallEventsView(QObject):
    def __init__(
        self,
        call_list: CallList,
        notifier: CallNotifier,
        header: AccountHeader,
        show_status: Callable[[str], None],
        clear_status: Callable[[], None],
        show_error: Callable[[str], None],
        bring_forward: Callable[[], None],
        calls_changed: Callable[[bool | None], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.call_list, self.notifier, self.header = call_list, notifier, header
        self.show_status, self.clear_status = show_status, clear_status
        self.show_error, self.bring_forward = show_error, bring_forward
        self.calls_changed = calls_changed

    def connect_to(self, bridge: EngineBridge) -> None:
        bridge.incoming_call.connect(self.on_incoming)
        bridge.call_state_changed.connect(self.on_call_changed)
        bridge.call_ended.connect(self.on_call_ended)
        bridge.registration_changed.connect(self.on_registration)
        bridge.dtmf_received.connect(
            lambda _cid, digit: self.show_status(self.tr("Tone received: {0}").format(digit))
        )
        bridge.transfer_result.connect(self.on_transfer_result)

    def on_incoming(self, event: IncomingCall) -> None:
        self.call_list.upsert(event.call)
        self.bring_forward()
        caller = event.call.display_name or event.call.remote_number or event.call.remote_uri
        self.show_status(self.tr("Incoming call: {0}").format(caller))
        call = event.call
        self.notifier.notify_incoming(call.call_id, call.display_name, call.remote_number or caller)
        self.calls_changed(event.waiting)

    def on_call_changed(self, call: CallInfo) -> None:
        if not is_ringing_here(call):
            self.notifier.withdraw(call.call_id)
        if call.state is not CallState.DISCONNECTED:
            known = self.call_list.card(call.call_id)
            if call.state is CallState.CONFIRMED and known and known.call.state is not call.state:
                self.clear_status()  # "incoming call from..." is old news now
            self.call_list.upsert(call)  # new cards too: calls the engine made (a transfer)
        self.calls_changed(None)

    def on_call_ended(self, event: CallEnded) -> None:
        self.notifier.withdraw(event.call.call_id)
        self.call_list.remove(event.call.call_id)
        self.calls_changed(None)
        who = event.call.display_name or event.call.remote_number or event.call.remote_uri
        if event.answered:
            text = self.tr("Call with {0} ended").format(who)
        else:
            detail = f"{event.status_code} {event.reason}".strip()
            text = self.tr("Call with {0} not connected: {1}").format(who, detail)
        self.show_status(text)

    def on_transfer_result(self, result: TransferResult) -> None:
        if result.success:
            self.show_status(self.tr("Call transferred"))
        else:
            detail = f"{result.status_code} {result.reason}".strip()
            self.show_error(self.tr("The transfer failed: {0}").format(detail))

    def on_registration(self, event: RegistrationChanged) -> None:
        level, text = self.header.show_registration(event)
        if level == "error":
            self.show_status(text)
