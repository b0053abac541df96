"""What merge, split and add-participant mean for the calls on screen.

Merge joins the call being talked on with a held call (the first one put on hold), or with a
call that is up but not yet in its conference; split keeps the call being talked on and holds
the other legs; add dials a number that joins once answered. Commands go through the bridge,
so a refusal reaches the window's banner like every other call command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from softphone.sip.events import CallInfo, CallState
from softphone.ui.bridge import EngineBridge
from softphone.ui.conference.actions import ConferenceActions

if TYPE_CHECKING:  # the dialog loads when Ctrl+F10 first opens it, not at start
    from softphone.ui.conference.add_dialog import AddParticipantDialog

MAX_LINES = 4  # the engine's calls at once (the pjsua2 wheel's PJSUA_MAX_CALLS)


def in_same_conference(a: CallInfo, b: CallInfo) -> bool:
    return a.conference_id is not None and a.conference_id == b.conference_id


class ConferenceController(QObject):
    message = Signal(str)  # a short outcome for the status bar
    changed = Signal()  # calls changed here: the window refreshes its actions

    def __init__(
        self,
        bridge: EngineBridge,
        actions: ConferenceActions,
        talking_call: Callable[[], CallInfo | None],
        calls: Callable[[], list[CallInfo]],
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.bridge, self.actions, self.window = bridge, actions, window
        self._talking_call, self._calls = talking_call, calls
        self.dialog: AddParticipantDialog | None = None
        actions.merge.triggered.connect(self.merge)
        actions.split.triggered.connect(self.split)
        actions.add.triggered.connect(self.add)

    # -- which calls -----------------------------------------------------------------------------

    def partner(self, call: CallInfo) -> CallInfo | None:
        """The call merge would join with `call`: held ones first, oldest first."""
        others = [c for c in self._calls() if c.call_id != call.call_id
                  and c.state is CallState.CONFIRMED and not in_same_conference(c, call)]
        others.sort(key=lambda c: not c.on_hold)
        return others[0] if others else None

    def update(self) -> None:
        """Enable what applies to the call being talked on now."""
        call = self._talking_call()
        live = [c for c in self._calls() if c.state is not CallState.DISCONNECTED]
        self.actions.merge.setEnabled(call is not None and self.partner(call) is not None)
        self.actions.split.setEnabled(call is not None and call.conference_id is not None)
        self.actions.add.setEnabled(call is not None and len(live) < MAX_LINES)

    # -- commands --------------------------------------------------------------------------------

    def merge(self) -> bool:
        call = self._talking_call()
        other = self.partner(call) if call is not None else None
        if call is None or other is None:
            return False
        ok = self.bridge.join(call.call_id, other.call_id)
        if ok:
            self.message.emit(self.tr("Calls merged: everyone hears everyone"))
        self.changed.emit()
        return ok

    def split(self) -> bool:
        call = self._talking_call()
        if call is None or call.conference_id is None:
            return False
        ok = self.bridge.split(call.call_id)
        if ok:
            self.message.emit(self.tr("Conference split: the other calls are on hold"))
        self.changed.emit()
        return ok

    def add(self) -> AddParticipantDialog | None:
        """Ask for a number (window-modal, so calls keep being pumped), then dial it."""
        call = self._talking_call()
        if call is None:
            return None
        from softphone.ui.conference.add_dialog import AddParticipantDialog

        who = call.display_name or call.remote_number or call.remote_uri
        dialog = self.dialog = AddParticipantDialog(who, self.window)
        dialog.accepted.connect(lambda: self.dial_participant(call.call_id, dialog.target))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def dial_participant(self, call_id: int, target: str) -> int | None:
        new_id = self.bridge.add_to_conference(call_id, target)
        if new_id is not None:
            self.message.emit(self.tr("Calling {0}: they join the call once they answer")
                              .format(target))
        self.changed.emit()
        return new_id
