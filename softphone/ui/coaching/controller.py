"""Owns the CoachTap for the desk: starts it with a talking call, follows hold, shows the
meters, and saves the call's figures with its log row once the call is logged.

The tap sits on the engine's headset port (SoundBuffers.tap): what the operator hears is the
caller, what the microphone sends is the operator. One call is coached at a time, the first
one talking; a second call started while it lasts is coached after it ends. A call that starts
ringing or dialling has the tap load numpy on its thread (CoachTap.prepare) before it talks.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from softphone.coaching.coach import CoachFigures
from softphone.coaching.limits import CoachLimits
from softphone.coaching.tap import CoachTap
from softphone.crm.coaching.service import CallCoaching, CoachingService
from softphone.crm.customers.calls import CallRecord
from softphone.sip.events import CallEnded, CallInfo, CallState
from softphone.sip.sound import SoundBuffers
from softphone.ui.bridge import EngineBridge
from softphone.ui.coaching.meters import CoachMeters
from softphone.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from softphone.ui.crm_link import CrmLink

log = logging.getLogger("softphone.ui.coaching")
KEPT_KIND = "speech"  # the CRM link's name for figures kept while the database is away
REFRESH_MS = 250  # the meters follow the speech within a quarter of a second


def to_crm(figures: CoachFigures) -> CallCoaching:
    return CallCoaching(
        operator_rate=figures.operator.rate, caller_rate=figures.caller.rate,
        pace_match=figures.pace_match, operator_dbfs=figures.operator.dbfs,
        caller_dbfs=figures.caller.dbfs, in_band=figures.in_band,
        longest_pause_s=figures.longest_pause_s, overtalk_count=figures.overtalk_count,
        overtalk_s=figures.overtalk_s, talk_s=figures.operator.talk_s,
        listen_s=figures.caller.talk_s,
    )


class CoachController(QObject):
    def __init__(self, bridge: EngineBridge, service: CoachingService, runner: TaskRunner,
                 meters: CoachMeters, parent: QObject | None = None,
                 link: CrmLink | None = None) -> None:
        super().__init__(parent)
        self.service, self.runner, self.meters = service, runner, meters
        self._link = link
        if link is not None:
            link.handle(KEPT_KIND, self._deliver_kept)
        self.tap = CoachTap()
        self.coached: int | None = None  # the call id being coached
        self.finished: dict[int, CoachFigures] = {}  # ended calls waiting for their log row
        self.saved: list[int] = []  # interaction ids saved (the last few; tests read it)
        self._buffers: SoundBuffers | None = None
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self._refresh)
        bridge.incoming_call.connect(self.on_incoming)
        bridge.call_state_changed.connect(self.on_call_changed)
        bridge.call_ended.connect(self.on_call_ended)
        self._bridge = bridge
        meters.hide()

    def start(self) -> None:
        """Hook the tap onto the engine's sound path (none: nothing to coach) and load limits."""
        sound = self._bridge.sound
        if sound is None:
            log.info("speech coaching: no sound path, nothing to analyse")
            return
        self._buffers = sound.buffers
        self._buffers.tap = self.tap.offer
        self.tap.start()
        self.runner.run(self.service.limits, self.set_limits, label="coaching limits")

    def stop(self) -> None:
        self._timer.stop()
        if self._buffers is not None and self._buffers.tap == self.tap.offer:
            self._buffers.tap = None
        self.tap.stop()

    def set_limits(self, limits: CoachLimits) -> None:
        self.tap.set_limits(limits)

    # --- following the calls ----------------------------------------------------------------
    def on_incoming(self, _event: object) -> None:
        if self._buffers is not None:  # it rings: numpy loads while it does
            self.tap.prepare()

    def on_call_changed(self, call: CallInfo) -> None:
        if self._buffers is None:
            return
        if call.state is not CallState.DISCONNECTED:  # ringing or dialling: numpy loads now
            self.tap.prepare()
        talking = call.state is CallState.CONFIRMED
        if self.coached is None and talking:
            self.coached = call.call_id
            self.tap.begin_call()
            self.meters.show_snapshot(None)
            self.meters.show()
            self._timer.start()
        if call.call_id == self.coached:
            self.tap.set_held(call.on_hold or call.remote_hold)

    def on_call_ended(self, event: CallEnded) -> None:
        if event.call.call_id != self.coached:
            return
        figures = self.tap.end_call()
        self.coached = None
        self._timer.stop()
        self.meters.hide()
        if figures is not None:
            self.finished[event.call.call_id] = figures

    def on_call_logged(self, event: CallEnded, record: CallRecord) -> None:
        """The call has its row: keep the figures with it (in the background). With the CRM
        away, or the call only provisionally logged, the CRM link keeps them until it is back."""
        if event.call.call_id == self.coached:
            self.on_call_ended(event)
        figures = self.finished.pop(event.call.call_id, None)
        if figures is None:
            return
        interaction_id, data = record.id, to_crm(figures)
        link = self._link
        if interaction_id < 0:
            if link is not None:  # the call is not in the CRM yet: the link delivers both
                link.keep(KEPT_KIND, interaction_id, asdict(data))
            return

        def saved(_: object) -> None:
            self.saved = [*self.saved[-9:], interaction_id]

        def failed(exc: Exception) -> None:
            if link is not None and link.report(exc):
                link.keep(KEPT_KIND, interaction_id, asdict(data))
            else:
                log.error("speech figures of call %s not saved: %s", interaction_id, exc)

        self.runner.run(lambda: self.service.save(interaction_id, data), saved,
                        on_failure=failed, changes="calls", label="coaching figures")

    def _deliver_kept(self, row_id: int | None, data: dict[str, Any]) -> int | None:
        assert row_id is not None  # (worker thread) the link resolved the call's row
        self.service.save(row_id, CallCoaching(**data))
        return row_id

    def _refresh(self) -> None:
        self.meters.show_snapshot(self.tap.snapshot())
