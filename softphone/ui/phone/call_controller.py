"""What each call command means for the calls on screen: one place for the phone's rules.

Rules an operator relies on: dialling or answering while talking puts the current call on
hold first (call waiting); resuming a held call while talking switches calls; shortcuts act
on the highlighted call, else the one being talked on. The controller sends commands through
the bridge (errors become its `error` signal) and reports outcomes on `message`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from softphone.sip.events import CallInfo, CallState
from softphone.ui.bridge import EngineBridge
from softphone.ui.phone.call_card import is_ringing_here
from softphone.ui.phone.call_list import CallList


class TransferKind(enum.StrEnum):
    BLIND = "blind"  # REFER to the number at once
    CONSULT = "consult"  # hold this call and dial the number; transfer later to that call
    ATTENDED = "attended"  # connect this call with another current call


@dataclass(frozen=True, slots=True)
class TransferRequest:
    """What the transfer dialog (F7) asks for; here, so the dialog loads only when opened."""

    kind: TransferKind
    call_id: int
    target: str = ""
    to_call_id: int | None = None


class CallController(QObject):
    message = Signal(str)  # a short outcome for the status bar
    changed = Signal()  # calls or their states may have changed: refresh actions and ringer

    def __init__(self, bridge: EngineBridge, calls: CallList, parent: QObject | None = None):
        super().__init__(parent)
        self.bridge = bridge
        self.calls = calls
        calls.requested.connect(self.on_card_request)

    # -- commands -------------------------------------------------------------------------------

    def dial(self, target: str) -> int | None:
        self.hold_active()
        call_id = self.bridge.dial(target)
        if call_id is not None:
            self._refresh(call_id)
            self.calls.select(call_id)
        self.changed.emit()
        return call_id

    def answer(self, call_id: int | None = None) -> bool:
        """Answer the given call, or the oldest ringing one; the active call goes on hold."""
        if call_id is None:
            ringing = self.calls.ringing_call()
            if ringing is None:
                return False
            call_id = ringing.call_id
        self.hold_active(except_id=call_id)
        ok = self.bridge.answer(call_id)
        if ok:
            self.calls.select(call_id)
        self._refresh(call_id)
        self.changed.emit()
        return ok

    def reject(self, call_id: int | None = None) -> None:
        if call_id is None:
            ringing = self.calls.ringing_call()
            call_id = None if ringing is None else ringing.call_id
        if call_id is not None:
            self.bridge.reject(call_id, True)
            self.changed.emit()

    def hangup(self, call_id: int | None = None) -> None:
        call = self._call(call_id) or self.calls.current_call()
        if call is None:
            return
        if is_ringing_here(call):
            self.bridge.reject(call.call_id, True)
        else:
            self.bridge.hangup(call.call_id)
        self.changed.emit()

    def toggle_hold(self, call_id: int | None = None) -> None:
        call = self._call(call_id) or self.talking_call()
        if call is None:
            return
        if call.on_hold:
            self.resume(call.call_id)
        else:
            self.bridge.hold(call.call_id)
            self._refresh(call.call_id)
        self.changed.emit()

    def toggle_mute(self, call_id: int | None = None) -> None:
        call = self._call(call_id) or self.talking_call()
        if call is not None:
            self.bridge.set_mute(call.call_id, not call.muted)
            self._refresh(call.call_id)
            self.changed.emit()

    def switch_calls(self) -> None:
        held = self.calls.held_calls()
        if held:
            self.resume(held[0].call_id)

    def resume(self, call_id: int) -> None:
        """Resume one call; if another is being talked on, switch (that one goes on hold)."""
        active = self.calls.active_call()
        if active is not None and active.call_id != call_id:
            ok = self.bridge.switch_to(call_id)
            self._refresh(active.call_id)
        else:
            ok = self.bridge.resume(call_id)
        if ok:
            self.calls.select(call_id)
        self._refresh(call_id)
        self.changed.emit()

    def send_digit(self, digit: str) -> bool:
        """A DTMF tone into the call being talked on; False if there is none."""
        call = self.calls.active_call()
        if call is None:
            return False
        if self.bridge.send_dtmf(call.call_id, digit):
            self.message.emit(self.tr("Tone sent: {0}").format(digit))
        return True

    def carry_out(self, request: TransferRequest | None) -> None:
        if request is None:
            return
        if request.kind is TransferKind.BLIND:
            if self.bridge.transfer_blind(request.call_id, request.target):
                self.message.emit(self.tr("Transferring the call…"))
        elif request.kind is TransferKind.CONSULT:
            self.dial(request.target)  # puts the call being transferred on hold first
        elif request.to_call_id is not None and self.bridge.transfer_attended(
            request.call_id, request.to_call_id
        ):
            self.message.emit(self.tr("Connecting the two calls…"))

    def on_card_request(self, action: str, call_id: int) -> None:
        """Buttons on a call card; 'transfer' is the window's (it opens a dialog)."""
        handlers: dict[str, Callable[[], object]] = {
            "answer": lambda: self.answer(call_id),
            "reject": lambda: self.reject(call_id),
            "hangup": lambda: self.hangup(call_id),
            "hold": lambda: self.toggle_hold(call_id),
            "resume": lambda: self.toggle_hold(call_id),
            "mute": lambda: self.toggle_mute(call_id),
            "unmute": lambda: self.toggle_mute(call_id),
        }
        handler = handlers.get(action)
        if handler is not None:
            handler()

    # -- which call ------------------------------------------------------------------------------

    def talking_call(self) -> CallInfo | None:
        """The highlighted call if it is connected, else the one being talked on."""
        call = self.calls.current_call()
        if call is None or call.state is not CallState.CONFIRMED:
            return self.calls.active_call()
        return call

    def transfer_candidates(self, call: CallInfo) -> list[CallInfo]:
        return [
            c
            for c in self.calls.calls()
            if c.call_id != call.call_id and c.state is CallState.CONFIRMED
        ]

    def hold_active(self, except_id: int | None = None) -> None:
        active = self.calls.active_call()
        if active is not None and active.call_id != except_id:
            self.bridge.hold(active.call_id)
            self._refresh(active.call_id)

    def _call(self, call_id: int | None) -> CallInfo | None:
        card = self.calls.card(call_id) if call_id is not None else None
        return None if card is None else card.call

    def _refresh(self, call_id: int) -> None:
        """Show the engine's view at once (and undo a toggled button if a command failed)."""
        info = self.bridge.call(call_id)
        if info is not None and info.state is not CallState.DISCONNECTED:
            self.calls.upsert(info)
