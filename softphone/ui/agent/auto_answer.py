"""Auto-answer for headset operators: a ringing call is answered by itself after the team's
delay, with a short beep in the headset first so the operator knows a caller is on.

Only for an operator who switched it on (off by default), only while «Готов», and never while
another call is up: a second caller rings as usual and waits for the operator's own choice.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from softphone.resources import resource_path
from softphone.sip.events import CallState, IncomingCall
from softphone.ui.agent.desk_status import AgentDesk
from softphone.ui.bridge import EngineBridge

log = logging.getLogger(__name__)
BEEP = "auto-answer.wav"
_RINGING = (CallState.INCOMING, CallState.EARLY)


class AutoAnswer(QObject):
    answered = Signal(int)  # call id answered by itself

    def __init__(self, bridge: EngineBridge, agent: AgentDesk, parent: QObject | None = None):
        super().__init__(parent)
        self._bridge, self._agent = bridge, agent
        self._timers: dict[int, QTimer] = {}
        self.beeps = 0  # beeps played (the operator's cue; tests read it)
        bridge.incoming_call.connect(self._on_incoming)
        bridge.call_ended.connect(lambda event: self._drop(event.call.call_id))

    def _on_incoming(self, event: IncomingCall) -> None:
        call_id = event.call.call_id
        if not self._agent.options.auto_answer or not self._agent.ready or event.waiting:
            return
        if self._another_call_up(call_id):
            return
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(lambda: self._answer(call_id))
        self._timers[call_id] = timer
        delay = self._agent.policy.auto_answer_delay_ms
        if self._bridge.start_tone(str(resource_path("sounds", BEEP)), loop=False):
            self.beeps += 1
        timer.start(max(delay, 0))

    def _another_call_up(self, call_id: int) -> bool:
        return any(c.call_id != call_id and c.state is not CallState.DISCONNECTED
                   for c in self._bridge.calls())

    def _answer(self, call_id: int) -> None:
        self._drop(call_id)
        call = self._bridge.call(call_id)
        if call is None or call.state not in _RINGING:
            return  # the caller gave up or the operator answered first
        if (not self._agent.options.auto_answer or not self._agent.ready
                or self._another_call_up(call_id)):
            log.info("auto-answer of call %s skipped: switched off, not ready or another call "
                     "is up", call_id)
            return
        if self._bridge.answer(call_id):
            self.answered.emit(call_id)

    def _drop(self, call_id: int) -> None:
        timer = self._timers.pop(call_id, None)
        if timer is not None:
            timer.stop()
            timer.deleteLater()
