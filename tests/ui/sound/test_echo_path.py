"""Echo cancellation in the real sound path: the caller's voice that leaks from the headset's
sink back into the microphone is removed before it reaches the caller.

The echo is made by the test: everything the "headset" null sink plays (its monitor, read in
10 ms chunks) is written back into the FIFO microphone at -6 dB, like speakers heard by the
microphone of an operator without a headset. The far end records what it gets from us.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sound_desk import Desk, Processes

from tests.pulse_server import PulseServer
from tests.sound_measure import rms_dbfs

pytest.importorskip("pywebrtc_audio")
pytestmark = [pytest.mark.timeout(120), pytest.mark.slow]
ECHO_GAIN = 10 ** (-6 / 20)


@pytest.fixture
def desk(pulse: PulseServer, qapp: object, tmp_path: Path) -> Iterator[Desk]:
    processes = Processes(tmp_path)
    desk = Desk(processes)
    try:
        desk.spin(1.0)
        yield desk
    finally:
        desk.close()
        processes.stop_all()


@pytest.fixture(scope="module")
def long_speech(far_speech: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("long") / "speech12.wav"
    subprocess.run(["sox", str(far_speech), str(path), "repeat", "2"], check=True, timeout=20)
    return path


def _echo_heard_by_far_end(desk: Desk, pulse: PulseServer, speech: Path, out: Path) -> float:
    """dBFS of what the far end receives while its own speech echoes into our microphone."""
    ours, theirs = desk.call()

    def echo(_arrived: float, data: bytes) -> None:
        samples = np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").astype(np.float64)
        pulse.write_mic(np.round(samples * ECHO_GAIN).astype("<i2").tobytes())

    loop = pulse.recorder("headset.monitor", on_chunk=echo)
    try:
        desk.peer.send(f"play {theirs} {speech}", desk.engine)
        desk.spin(4.0)  # the sink starts, the canceller converges
        got = desk.far_end_hears(theirs, out, 4.0)
    finally:
        loop.stop()
        assert pulse.feeder is not None
        pulse.feeder.clear()
        desk.engine.hangup(ours)
        desk.spin(1.0)
    return rms_dbfs(got)


@pytest.mark.xfail(strict=False, reason=(
    "the reference is paired with the microphone by counting 10 ms frames; the pairing drifts "
    "with the device threads' bursts: 2-40 dB removed from run to run, and less later in a "
    "call (docs/echo-cancellation.md). Needs device-clock alignment."))
def test_echo_cancellation_removes_the_callers_echo_from_what_they_hear(
    desk: Desk, pulse: PulseServer, long_speech: Path, tmp_path: Path
) -> None:
    assert desk.path.set_processing(False, False, False) == ""
    echo_off = _echo_heard_by_far_end(desk, pulse, long_speech, tmp_path / "off.wav")
    assert echo_off > -45, "the test's echo path did not reach the far end"
    assert desk.path.set_processing(True, False, False) == ""
    echo_on = _echo_heard_by_far_end(desk, pulse, long_speech, tmp_path / "on.wav")
    print(f"echo at the far end: off {echo_off:.1f} dBFS, on {echo_on:.1f} dBFS")
    assert echo_off - echo_on > 15, (echo_off, echo_on)
