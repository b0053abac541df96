"""The operator's view: a call rings on the speakers, F2 answers, the caller is in the headset."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sound_desk import Peer, Processes, operator_window

from softphone.sip import CallState
from softphone.ui.main_window import MainWindow
from tests.pulse_server import PulseServer
from tests.sound_measure import dominant_frequency, rms_dbfs

pytestmark = [pytest.mark.timeout(90), pytest.mark.slow]


@pytest.fixture
def window(pulse: PulseServer, qtbot: Any, tmp_path: Path) -> Iterator[tuple[MainWindow, Any]]:
    with operator_window(tmp_path, qtbot) as desk:
        yield desk.window, desk.engine


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
