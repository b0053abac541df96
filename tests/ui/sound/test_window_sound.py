"""The operator's view: a call rings on the speakers, F2 answers, the caller is in the headset."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sound_desk import Peer, Processes

from softphone.crm.customers.calls import CallLogService
from softphone.crm.db import Database
from softphone.settings import Settings
from softphone.sip import CallState, EngineConfig, LocalAccountSettings, SipEngine
from softphone.ui.bridge import EngineBridge
from softphone.ui.main_window import MainWindow
from softphone.ui.phone.ringer import Ringer
from softphone.ui.sound import SoundPath
from softphone.ui.tasks import TaskRunner
from tests.pulse_server import PulseServer
from tests.sound_measure import dominant_frequency, rms_dbfs
from tests.ui.session_helpers import sign_in_desk

pytestmark = [pytest.mark.timeout(90), pytest.mark.slow]


@pytest.fixture
def window(pulse: PulseServer, qtbot: Any, tmp_path: Path) -> Iterator[tuple[MainWindow, Any]]:
    settings = Settings()
    settings.path = tmp_path / "settings.json"
    settings.audio.playback_device, settings.audio.ringer_device = "headset", "speakers"
    engine = SipEngine(EngineConfig(bind_address="127.0.0.1", udp_port=0, null_audio=True,
                                    log_level=1))
    sound = SoundPath(engine.attach_sound())
    engine.start()
    engine.add_local_account(LocalAccountSettings(user="operator"))
    db = Database.open(f"sqlite:///{tmp_path / 't.db'}")
    sign_in_desk(db)
    runner, bridge = TaskRunner(), EngineBridge(engine)
    sound.start(b"mic", b"headset", b"speakers")
    bridge.attach_sound(sound)
    ringer = Ringer(bridge, settings)
    win = MainWindow(bridge, settings, runner, CallLogService(db), ringer,
                     f"sip:operator@{engine.transports['udp']}")
    bridge.start()
    win.show()
    qtbot.waitExposed(win)
    qtbot.wait(2500)  # a null sink plays its first block late: let the streams settle
    try:
        yield win, engine
    finally:
        ringer.stop()
        bridge.stop()
        sound.stop()
        runner.shutdown()
        engine.shutdown()
        db.dispose()
        win.close()
        win.deleteLater()


def test_f2_answers_and_the_caller_is_heard_in_the_headset(
    window: tuple[MainWindow, Any], pulse: PulseServer, qtbot: Any, tmp_path: Path
) -> None:
    win, engine = window
    assert "Headset" in win.audio_label.text()
    processes = Processes(tmp_path)
    try:
        peer = Peer(processes)
        account = peer.send("account caller")
        us = f"sip:operator@{engine.transports['udp']}"
        theirs = int(peer.send(f"dial {account} {us}"))  # type: ignore[call-overload]
        qtbot.waitUntil(lambda: win.call_list.ringing_call() is not None, timeout=5000)
        speakers = pulse.recorder("speakers.monitor")
        qtbot.wait(3000)  # the ringer stream opens with the ring: a null sink starts late
        assert rms_dbfs(speakers.stop()) > -40, "the ringtone did not ring on the speakers"
        win.activateWindow()
        qtbot.keyClick(win, Qt.Key.Key_F2)
        qtbot.waitUntil(lambda: any(c.state is CallState.CONFIRMED and c.media_active
                                    for c in win.call_list.calls()), timeout=5000)
        peer.send(f"play {theirs} {_tone(tmp_path)}")
        qtbot.wait(300)
        headset = pulse.recorder("headset.monitor")
        qtbot.wait(3000)  # the headset stream opens with the call: a null sink starts late
        heard = headset.stop()[-16000:]
        assert rms_dbfs(heard) > -40, "the headset stayed silent after F2"
        assert abs(dominant_frequency(heard, 16000) - 440) < 15
        peer.quit()
    finally:
        processes.stop_all()


def _tone(folder: Path) -> Path:
    import subprocess

    path = folder / "tone440.wav"
    subprocess.run(["sox", "-n", "-r", "16000", "-b", "16", "-c", "1", str(path),
                    "synth", "4", "sine", "440", "vol", "0.5"], check=True, timeout=20)
    return path
