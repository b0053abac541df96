"""Settings tab for supervisors and admins: call recordings (play inside the app) and, for
admins, the recording policy. Every playback is written to the audit log by the service.

Playback decrypts into a private temporary file (PJSIP plays files only) that is deleted when
the next recording starts or the dialog closes.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.auth import Permission, Principal
from softphone.crm.recordings.service import RecordingInfo, RecordingPolicy, RecordingService
from softphone.formatting import format_date_time
from softphone.ui.bridge import EngineBridge
from softphone.ui.settings.pages import SettingsPage
from softphone.ui.tasks import TaskRunner


class RecordingsPage(SettingsPage):
    def __init__(
        self,
        service: RecordingService,
        principal: Principal,
        runner: TaskRunner,
        bridge: EngineBridge,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service, self._runner, self._bridge = service, runner, bridge
        self._recordings: list[RecordingInfo] = []
        self._playing: Path | None = None
        self.enabled = QCheckBox(self.tr("Record calls"))
        self.retention = QSpinBox()
        self.retention.setRange(1, 3650)
        self.save_policy_button = QPushButton(self.tr("Save policy"))
        self.save_policy_button.clicked.connect(self.save_policy)
        admin = principal.can(Permission.MANAGE_RECORDING_POLICY)
        for widget in (self.enabled, self.retention, self.save_policy_button):
            widget.setEnabled(admin)
        self.list = QListWidget()
        self.play_button = QPushButton(self.tr("Play"))
        self.play_button.clicked.connect(self.play_selected)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.clicked.connect(self._stop)
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.enabled)
        form.addRow(self.tr("Keep recordings, days:"), self.retention)
        form.addRow(self.save_policy_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.play_button)
        buttons.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.reload()

    def title(self) -> str:
        return self.tr("Recordings")

    def shutdown(self) -> None:
        self._stop()

    def reload(self) -> None:
        service = self._service
        self._runner.run(
            lambda: (service.policy(), service.list()), self._loaded, on_failure=self._failed
        )

    def _loaded(self, loaded: tuple[RecordingPolicy, list[RecordingInfo]]) -> None:
        policy, self._recordings = loaded
        self.enabled.setChecked(policy.enabled)
        self.retention.setValue(policy.retention_days)
        self.list.clear()
        for info in self._recordings:
            when = format_date_time(info.recorded_at)
            text = self.tr("No. %1, %2, %3 KB")
            size = str(info.size // 1024)
            self.list.addItem(
                text.replace("%1", str(info.id)).replace("%2", when).replace("%3", size)
            )

    def save_policy(self) -> None:
        policy = RecordingPolicy(self.enabled.isChecked(), self.retention.value())
        self._runner.run(
            lambda: self._service.set_policy(policy),
            lambda _: self.message.setText(self.tr("Recording policy saved.")),
            on_failure=self._failed,
        )

    def play_selected(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self._recordings):
            return
        recording_id, service = self._recordings[row].id, self._service
        self._runner.run(lambda: service.play(recording_id), self._play, on_failure=self._failed)

    def _play(self, wav: bytes) -> None:
        self._stop()
        handle, name = tempfile.mkstemp(prefix="softphone-play-", suffix=".wav")
        with os.fdopen(handle, "wb") as out:  # mkstemp: readable by this user only
            out.write(wav)
        self._playing = Path(name)
        self._bridge.start_tone(name, loop=False, volume=1.0)
        self.message.setText(self.tr("Playing."))

    def _stop(self) -> None:
        if self._playing is not None:
            self._bridge.stop_tone()
            with contextlib.suppress(OSError):
                self._playing.unlink()
            self._playing = None

    def _failed(self, exc: Exception) -> None:
        self.message.setText(str(exc))
