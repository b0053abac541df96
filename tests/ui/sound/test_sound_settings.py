"""The settings' sound page on a real sound server: names shown, stable ids saved, a real meter."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sound_desk import Desk, Processes

from softphone.settings import Settings
from softphone.ui.bridge import EngineBridge
from softphone.ui.settings.dialog import SettingsDialog
from tests.pulse_server import PulseServer, tone
from tests.sound_measure import rms_dbfs

pytestmark = [pytest.mark.timeout(60), pytest.mark.slow]


@pytest.fixture
def bridge(pulse: PulseServer, qapp: object, tmp_path: Path) -> Iterator[tuple[EngineBridge, Desk]]:
    processes = Processes(tmp_path)
    desk = Desk(processes)
    bridge = EngineBridge(desk.engine)
    bridge.attach_sound(desk.path)
    bridge.start()
    try:
        yield bridge, desk
    finally:
        bridge.stop()
        desk.close()
        processes.stop_all()


def test_devices_are_chosen_by_name_saved_by_id_and_used_at_once(
    bridge: tuple[EngineBridge, Desk], pulse: PulseServer, qtbot: Any, tmp_path: Path
) -> None:
    engine_bridge, desk = bridge
    settings = Settings()
    settings.path = tmp_path / "settings.json"
    dialog = SettingsDialog(settings, engine_bridge)
    qtbot.addWidget(dialog)
    page = dialog.audio_page
    names = [page.ringer_combo.itemText(i) for i in range(page.ringer_combo.count())]
    assert {"Headset", "Speakers"} <= set(names)
    assert page.capture_combo.findText("Microphone") >= 0
    page.playback_combo.setCurrentIndex(page.playback_combo.findText("Speakers"))
    page.ringer_combo.setCurrentIndex(page.ringer_combo.findText("Headset"))
    dialog.accept()
    assert (settings.audio.playback_device, settings.audio.ringer_device) == ("speakers", "headset")
    assert desk.spin(2.0, lambda: desk.path.current_name("playback") == "Speakers")
    assert desk.path.current_name("ringer") == "Headset"
    desk.spin(2.5)  # the newly used null sinks play their first block late
    rings = pulse.recorder("headset.monitor")
    assert desk.engine.start_tone(str(_tone_wav(tmp_path)), ringer=True)
    desk.spin(3.0)  # the ringer stream opens with the ring: a null sink starts up to 2 s late
    desk.engine.stop_tone()
    assert rms_dbfs(rings.stop()) > -40, "the ring did not move to the chosen device"


def test_the_microphone_meter_shows_the_real_microphone(
    bridge: tuple[EngineBridge, Desk], pulse: PulseServer, qtbot: Any, tmp_path: Path
) -> None:
    engine_bridge, desk = bridge
    settings = Settings()
    settings.path = tmp_path / "settings.json"
    dialog = SettingsDialog(settings, engine_bridge)
    qtbot.addWidget(dialog)
    desk.spin(0.5)
    assert dialog.audio_page.level_meter.value() < 5  # the FIFO microphone is silent
    pulse.write_mic(tone(1000, 2.0))
    assert desk.spin(1.5, lambda: dialog.audio_page.level_meter.value() > 10)
    dialog.reject()


def _tone_wav(folder: Path) -> Path:
    import subprocess

    path = folder / "tone440.wav"
    subprocess.run(["sox", "-n", "-r", "16000", "-b", "16", "-c", "1", str(path),
                    "synth", "3", "sine", "440", "vol", "0.5"], check=True, timeout=20)
    return path
