"""Records calls when the admin's policy says so, shows the operator that a call is recorded,
and hands the finished WAV to RecordingService, which encrypts it and deletes the clear file.

PJSIP can only record into a file, so the clear WAV exists in `<folder>/incoming` while the
call lasts; whatever a crash left there is encrypted at the next start.
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from softphone.crm.recordings.service import RecordingService
from softphone.sip import CallEnded, CallInfo
from softphone.ui.bridge import EngineBridge
from softphone.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class CallRecorder(QObject):
    recording_changed = Signal(int, bool)  # call id, being recorded

    def __init__(
        self,
        bridge: EngineBridge,
        runner: TaskRunner,
        service: RecordingService,
        folder: Path,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bridge, self._runner, self._service = bridge, runner, service
        self._incoming = folder / "incoming"
        self.enabled = False
        self.active: dict[int, Path] = {}
        self.indicator = QLabel(self.tr("● Recording"))
        self.indicator.setObjectName("recording_indicator")
        self.indicator.setToolTip(self.tr("This call is recorded by the company's policy."))
        self.indicator.setVisible(False)
        bridge.call_state_changed.connect(self.on_call_changed)
        bridge.call_ended.connect(self.on_call_ended)
        self.refresh_policy()
        self._runner.run(self._tidy, label="recordings: leftovers and retention")

    def refresh_policy(self) -> None:
        self._runner.run(self._service.policy, self._policy_loaded, label="recording policy")

    def _policy_loaded(self, policy: object) -> None:
        self.enabled = bool(getattr(policy, "enabled", False))

    def on_call_changed(self, info: CallInfo) -> None:
        if not self.enabled or not info.media_active or info.call_id in self.active:
            return
        self._incoming.mkdir(parents=True, exist_ok=True)
        path = self._incoming / f"{uuid.uuid4().hex}.wav"
        call_id = info.call_id

        def refused(text: str) -> None:
            log.warning("Call %s not recorded: %s", call_id, text)

        if not self._bridge.start_recording(call_id, str(path), report=refused):
            return
        self.active[info.call_id] = path
        self._show()
        self.recording_changed.emit(info.call_id, True)

    def on_call_ended(self, event: CallEnded) -> None:
        path = self.active.pop(event.call.call_id, None)
        self._show()
        if path is None:
            return
        self.recording_changed.emit(event.call.call_id, False)
        service = self._service
        self._runner.run(lambda: service.store(path), label="encrypt recording")
        self.refresh_policy()

    def _show(self) -> None:
        self.indicator.setVisible(bool(self.active))

    def _tidy(self) -> int:
        """Encrypt what a crash left in clear, then apply the retention period."""
        for path in sorted(self._incoming.glob("*.wav")) if self._incoming.exists() else []:
            try:
                self._service.store(path)
            except Exception as exc:
                log.warning("Leftover recording %s: %s", path.name, exc)
                path.unlink(missing_ok=True)  # never leave a clear call on disk
        return self._service.purge()
