"""Shows the call workspace while a call rings or lasts and until its wrap-up is saved.

The workspace knows the other features only as what `softphone/ui/features.py` hands it: the
panes (widgets and their main fields) and the wrap-up's state, so it imports no feature.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, SignalInstance

from softphone.sip.events import CallEnded, CallInfo, CallState, IncomingCall
from softphone.ui.desk import Desk
from softphone.ui.workspace.layout_store import LayoutStore
from softphone.ui.workspace.view import CallWorkspace, Pane

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CallSide:
    """What the workspace follows besides the engine's calls."""

    panes: list[Pane]
    after_call: Callable[[], bool]  # an unfinished wrap-up keeps the workspace up
    after_call_done: SignalInstance  # the wrap-up was saved
    caller_named: SignalInstance  # (str, bool): the CRM's name for the caller ("" unknown), VIP
    named_call: Callable[[], int | None]  # the call id that name belongs to


class WorkspaceSetup(QObject):
    def __init__(self, desk: Desk, side: CallSide) -> None:
        super().__init__(desk.window.owner)
        self.desk, self.side, hooks = desk, side, desk.window
        self.view = CallWorkspace(side.panes, hooks.owner)
        self.view.hide()
        self.view.set_keys_enabled(False)
        folder = desk.settings.path.parent if desk.settings.path is not None else None
        self.store = LayoutStore(folder, desk.login)
        self._restored = False
        self.shown = False
        self.view.layout_changed.connect(lambda: self.store.save(self.view.states()))
        if hooks.focus_call is not None:
            self.view.back_to_call.connect(hooks.focus_call)
        bridge = desk.bridge
        bridge.incoming_call.connect(self._on_incoming)
        bridge.call_state_changed.connect(self._on_call_changed)
        bridge.call_ended.connect(self._on_call_ended)
        side.after_call_done.connect(lambda _w: self._maybe_leave())
        side.caller_named.connect(self._name_call)

    # -- following the calls --------------------------------------------------------------------

    def _on_incoming(self, event: IncomingCall) -> None:
        self.enter()

    def _on_call_changed(self, call: CallInfo) -> None:
        if call.state is not CallState.DISCONNECTED:
            self.enter()

    def _on_call_ended(self, event: CallEnded) -> None:
        self._maybe_leave(ended=event.call.call_id)

    def _live_calls(self, ended: int | None = None) -> list[CallInfo]:
        return [
            c for c in self.desk.bridge.calls()
            if c.state is not CallState.DISCONNECTED and c.call_id != ended
        ]

    def _maybe_leave(self, ended: int | None = None) -> None:
        if self.shown and not self._live_calls(ended) and not self.side.after_call():
            self.leave()

    def _name_call(self, name: str, vip: bool) -> None:
        call_id = self.side.named_call()
        if name and call_id is not None and self.desk.window.name_call is not None:
            self.desk.window.name_call(call_id, name, vip)

    # -- showing --------------------------------------------------------------------------------

    def enter(self) -> None:
        hooks = self.desk.window
        if self.shown or hooks.lend_side_panel is None or hooks.show_workspace is None:
            return
        for pane in self.side.panes:
            hooks.lend_side_panel(pane.widget)
        self.view.hold_panels()
        if not self._restored:
            self._restored = True
            self.view.restore(self.store.load())
        hooks.show_workspace(self.view, lambda: self.view.open_pane("kb"))
        self.view.set_keys_enabled(True)
        self.shown = True

    def leave(self) -> None:
        hooks = self.desk.window
        if not self.shown or hooks.give_back_side_panel is None or hooks.show_workspace is None:
            return
        self.store.save(self.view.states())
        self.view.set_keys_enabled(False)
        hooks.show_workspace(None)
        for widget in self.view.release_panels():
            hooks.give_back_side_panel(widget)
        self.shown = False


def install_workspace(desk: Desk, side: CallSide) -> WorkspaceSetup:
    return WorkspaceSetup(desk, side)
