"""Sound settings: devices, a live microphone meter, ringtone with a test button, ring volume.

Devices are shown by their human names and saved by their stable ids (the sound server's
device names) when the app runs a sound path (the bridge's `sound_devices`); an engine without
one (tests, no sound server) lists PJSIP's own devices by name as before.
"""

from __future__ import annotations

import logging
import wave
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSlider,
    QWidget,
)

from softphone.settings import Settings
from softphone.sip.echo import available as processing_available
from softphone.ui.phone.ringer import CALL_WAITING, RINGTONE, bundled_sound
from softphone.ui.settings.pages import SettingsPage

log = logging.getLogger(__name__)

METER_INTERVAL_MS = 100
TEST_TONE_MS = 2000


class AudioEngine(Protocol):
    """The part of softphone.sip's engine this page uses (all on the GUI thread)."""

    def start_tone(self, wav: str, loop: bool = True, volume: float = 1.0) -> object: ...
    def stop_tone(self) -> object: ...
    def capture_level(self) -> float: ...


def wav_problem(path: Path) -> str | None:
    """Why PJSIP's file player could not play path, in English for the log; None if it can."""
    try:
        with wave.open(str(path), "rb") as wav:
            if wav.getsampwidth() != 2 or wav.getcomptype() != "NONE":
                return "not 16-bit PCM"
            if wav.getnframes() == 0:
                return "empty"
    except (OSError, EOFError, wave.Error) as exc:
        return str(exc) or type(exc).__name__
    return None


class AudioPage(SettingsPage):
    def __init__(self, engine: AudioEngine | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self.capture_combo = self._device_combo(self._list_devices("capture"))
        self.playback_combo = self._device_combo(self._list_devices("playback"))
        self.ringer_combo = self._device_combo(self._list_devices("ringer"))

        self.level_meter = QProgressBar()
        self.level_meter.setRange(0, 100)
        self.level_meter.setTextVisible(False)
        self.level_meter.setAccessibleName(self.tr("Microphone level"))
        self._meter_timer = QTimer(self, interval=METER_INTERVAL_MS)
        self._meter_timer.timeout.connect(self._update_meter)

        self.ringtone_combo = QComboBox()
        self.ringtone_combo.addItem(self.tr("Standard ringtone"), "")
        for path in self._bundled_ringtones():
            self.ringtone_combo.addItem(path.stem, str(path))
        self.browse_button = QPushButton(self.tr("Choose file…"))
        self.browse_button.clicked.connect(self._browse)
        self.test_button = QPushButton(self.tr("Test sound"))
        self.test_button.clicked.connect(self.play_test_tone)
        self._test_timer = QTimer(self, singleShot=True, interval=TEST_TONE_MS)
        self._test_timer.timeout.connect(self.stop_test_tone)

        self.volume_slider = QSlider(Qt.Orientation.Horizontal)
        self.volume_slider.setRange(0, 100)
        self.volume_label = QLabel()
        self.volume_slider.valueChanged.connect(self._show_volume)

        self.echo_check = QCheckBox(self.tr("Echo cancellation (for speakers without a headset)"))
        self.echo_check.setToolTip(self.tr(
            "Removes the caller's voice that the microphone picks up from the speakers. "
            "With a headset leave it off: there is no echo, and while both talk it makes "
            "your voice a little quieter."))
        self.noise_check = QCheckBox(self.tr("Noise suppression"))
        self.gain_check = QCheckBox(self.tr("Automatic microphone gain"))
        if not processing_available():
            for box in (self.echo_check, self.noise_check, self.gain_check):
                box.setEnabled(False)
                box.setToolTip(self.tr("Needs the pywebrtc-audio package"))

        self.notice = QLabel()
        self.notice.setWordWrap(True)
        if engine is None:
            self.notice.setText(self.tr("The phone engine is not running: sound cannot be tested."))
        self.notice.setVisible(engine is None)

        ring_row = QHBoxLayout()
        ring_row.addWidget(self.ringtone_combo, 1)
        ring_row.addWidget(self.browse_button)
        ring_row.addWidget(self.test_button)
        volume_row = QHBoxLayout()
        volume_row.addWidget(self.volume_slider, 1)
        volume_row.addWidget(self.volume_label)
        form = QFormLayout(self)
        form.addRow(self.tr("Microphone:"), self.capture_combo)
        form.addRow(self.tr("Microphone level:"), self.level_meter)
        form.addRow(self.tr("Speaker or headset:"), self.playback_combo)
        form.addRow(self.tr("Ring on:"), self.ringer_combo)
        form.addRow(self.tr("Ringtone:"), ring_row)
        form.addRow(self.tr("Ring volume:"), volume_row)
        form.addRow(self.tr("Microphone processing:"), self.echo_check)
        form.addRow("", self.noise_check)
        form.addRow("", self.gain_check)
        form.addRow(self.notice)
        self.test_button.setEnabled(engine is not None)

    def title(self) -> str:
        return self.tr("Sound")

    # -- SettingsPage ---------------------------------------------------------------------
    def load(self, settings: Settings) -> None:
        audio = settings.audio
        self._select_device(self.capture_combo, audio.capture_device)
        self._select_device(self.playback_combo, audio.playback_device)
        self._select_device(self.ringer_combo, audio.ringer_device)
        self.select_ringtone(audio.ringtone)
        self.volume_slider.setValue(round(audio.ring_volume * 100))
        self.echo_check.setChecked(audio.echo_cancellation)
        self.noise_check.setChecked(audio.noise_suppression)
        self.gain_check.setChecked(audio.gain_control)
        self._show_volume(self.volume_slider.value())
        if self._engine is not None:
            self._meter_timer.start()

    def validate(self) -> str | None:
        ringtone = self.ringtone()
        if not ringtone:
            return None
        path = Path(ringtone)
        if not path.is_file():
            return self.tr("The ringtone file does not exist: %1").replace("%1", ringtone)
        problem = wav_problem(path)
        if problem:
            log.info("Ringtone %s rejected: %s", path, problem)
            return self.tr(
                "The ringtone must be an uncompressed 16-bit WAV file: %1"
            ).replace("%1", ringtone)
        return None

    def apply(self, settings: Settings) -> None:
        settings.audio.capture_device = self.capture_combo.currentData()
        settings.audio.playback_device = self.playback_combo.currentData()
        settings.audio.ringer_device = self.ringer_combo.currentData()
        settings.audio.ringtone = self.ringtone()
        settings.audio.ring_volume = self.volume_slider.value() / 100
        settings.audio.echo_cancellation = self.echo_check.isChecked()
        settings.audio.noise_suppression = self.noise_check.isChecked()
        settings.audio.gain_control = self.gain_check.isChecked()

    def applied(self, old: Settings, new: Settings) -> None:
        def processing(s: Settings) -> tuple[bool, bool, bool]:
            return (s.audio.echo_cancellation, s.audio.noise_suppression, s.audio.gain_control)

        switch = getattr(self._engine, "set_sound_processing", None)
        if switch is not None and processing(new) != processing(old):
            problem = switch(*processing(new))
            if problem:
                log.warning("Microphone processing not applied: %s", problem)
        self._apply_devices(old, new)

    def _apply_devices(self, old: Settings, new: Settings) -> None:
        def chosen(s: Settings) -> tuple[str, str, str]:
            return (s.audio.capture_device, s.audio.playback_device, s.audio.ringer_device)

        if self._engine is None or chosen(new) == chosen(old):
            return
        switch = getattr(self._engine, "set_sound_devices", None)
        if switch is not None:
            switch(*chosen(new))
        else:  # an engine without a sound path: PJSIP's own devices by name
            self._engine.set_audio_devices(*chosen(new)[:2])  # type: ignore[attr-defined]

    def shutdown(self) -> None:
        self._meter_timer.stop()
        if self._test_timer.isActive():
            self.stop_test_tone()

    # -- ringtone -------------------------------------------------------------------------
    def ringtone(self) -> str:
        return self.ringtone_combo.currentData() or ""

    def select_ringtone(self, path: str) -> None:
        """Select path, adding it to the list when it is the operator's own file."""
        index = self.ringtone_combo.findData(path or "")
        if index < 0:
            self.ringtone_combo.addItem(Path(path).name, path)
            index = self.ringtone_combo.count() - 1
        self.ringtone_combo.setCurrentIndex(index)

    def _bundled_ringtones(self) -> list[Path]:
        """Extra WAVs shipped in resources/sounds; the standard one is the "" entry."""
        folder = bundled_sound(RINGTONE).parent
        skip = {RINGTONE, CALL_WAITING}
        return sorted(p for p in folder.glob("*.wav") if p.name not in skip)

    def _browse(self) -> None:
        start = str(Path(self.ringtone()).parent) if self.ringtone() else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a ringtone"), start, self.tr("WAV sound (*.wav)")
        )
        if path:
            self.select_ringtone(path)

    def play_test_tone(self) -> None:
        """Play the chosen ringtone for two seconds at the chosen volume."""
        if self._engine is None:
            return
        wav = self.ringtone() or str(bundled_sound(RINGTONE))
        problem = wav_problem(Path(wav))
        if problem:
            self._show_notice(self.tr("This file cannot be played: %1").replace("%1", wav))
            return
        try:
            started = self._engine.start_tone(
                wav, loop=True, volume=self.volume_slider.value() / 100
            )
        except Exception as exc:  # SipError or a device failure: say so, keep the dialog usable
            log.warning("Test tone failed: %s", exc)
            started = False
        if started is False:  # the engine reports failure by returning False (and logs why)
            self._show_notice(self.tr("The sound could not be played: %1").replace("%1", wav))
            return
        self.test_button.setEnabled(False)
        self._test_timer.start()

    def stop_test_tone(self) -> None:
        self._test_timer.stop()
        self.test_button.setEnabled(self._engine is not None)
        if self._engine is not None:
            try:
                self._engine.stop_tone()
            except Exception as exc:
                log.warning("Could not stop the test tone: %s", exc)

    @property
    def test_tone_playing(self) -> bool:
        return self._test_timer.isActive()

    # -- devices and meter ----------------------------------------------------------------
    def _list_devices(self, kind: str) -> list[tuple[str, str]]:
        """(id, name) of the devices of kind capture/playback/ringer."""
        if self._engine is None:
            return []
        try:
            if getattr(self._engine, "sound", None) is not None:
                return list(self._engine.sound_devices(kind))  # type: ignore[attr-defined]
            lister = getattr(self._engine, "capture_devices" if kind == "capture"
                             else "playback_devices", None)
            return [(name, name) for name in (lister() if lister else [])]
        except Exception as exc:
            log.warning("Could not list sound devices: %s", exc)
            return []

    def _device_combo(self, devices: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.addItem(self.tr("System default"), "")
        for device_id, name in devices:
            combo.addItem(name, device_id)
        return combo

    def _select_device(self, combo: QComboBox, name: str) -> None:
        """An unplugged device stays selected (marked) so saving never forgets it silently."""
        index = combo.findData(name)
        if index < 0:
            combo.addItem(self.tr("%1 (not connected)").replace("%1", name), name)
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    def _update_meter(self) -> None:
        try:
            level = float(self._engine.capture_level()) if self._engine else 0.0
        except Exception as exc:
            log.warning("Microphone level unavailable: %s", exc)
            self._meter_timer.stop()
            self.level_meter.setEnabled(False)
            return
        self.level_meter.setValue(round(max(0.0, min(1.0, level)) * 100))

    def _show_volume(self, value: int) -> None:
        self.volume_label.setText(f"{value} %")

    def _show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(True)
