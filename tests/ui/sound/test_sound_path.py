"""The whole sound path against a real (private) PulseAudio: what the operator hears and says.

Far end (another process) -> RTP -> engine -> headset port -> jitter buffer -> PulseAudio
"headset" sink, read back from its monitor with parec; and a tone written into the FIFO
microphone -> PulseAudio -> engine -> RTP -> the far end's recorder. Silence fails.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sound_desk import Desk, Processes

from softphone.resources import resource_path
from softphone.ui.sound.devices import Kind
from softphone.ui.sound.path import LINGER_S, SWITCH_INTERVAL_S
from tests.pulse_server import PulseServer, tone
from tests.sound_measure import dominant_frequency, rms_dbfs

pytestmark = [pytest.mark.timeout(90), pytest.mark.slow]
LOUD, QUIET = -40.0, -60.0  # dBFS


@pytest.fixture
def desk(pulse: PulseServer, qapp: object, tmp_path: Path) -> Iterator[Desk]:
    processes = Processes(tmp_path)
    desk = Desk(processes)
    try:
        desk.spin(2.5)  # a null sink plays its first block late (up to 2 s): let it settle
        yield desk
    finally:
        desk.close()
        processes.stop_all()


def test_the_far_end_speaks_into_the_headset_and_not_the_speakers(
    desk: Desk, pulse: PulseServer, far_speech: Path
) -> None:
    _, theirs = desk.call()
    headset, speakers = pulse.recorder("headset.monitor"), pulse.recorder("speakers.monitor")
    desk.peer.send(f"play {theirs} {far_speech}", desk.engine)
    desk.spin(3.5)  # the headset stream opens with the call: a null sink starts up to 2 s late
    heard, elsewhere = headset.stop(), speakers.stop()
    assert rms_dbfs(heard) > LOUD, "the headset stayed silent"
    assert rms_dbfs(elsewhere) < QUIET
    assert sys.getswitchinterval() == SWITCH_INTERVAL_S  # the device threads get the GIL soon


def test_a_tone_in_the_microphone_reaches_the_far_end(
    desk: Desk, pulse: PulseServer, tmp_path: Path
) -> None:
    _, theirs = desk.call()
    pulse.write_mic(tone(1000, 3.0))
    desk.spin(0.5)
    got = desk.far_end_hears(theirs, tmp_path / "far.wav", 1.5)
    assert rms_dbfs(got) > LOUD, "the far end heard nothing"
    assert abs(dominant_frequency(got, 16000) - 1000) < 15
    assert desk.path.capture_level > 0.05  # the meter shows the real microphone


def test_the_ringtone_rings_on_the_speakers_not_in_the_headset(
    desk: Desk, pulse: PulseServer
) -> None:
    headset, speakers = pulse.recorder("headset.monitor"), pulse.recorder("speakers.monitor")
    assert desk.engine.start_tone(str(resource_path("sounds", "ringtone.wav")), ringer=True)
    desk.spin(3.5)  # the ringer stream opens with the ring: a null sink starts up to 2 s late
    desk.engine.stop_tone()
    rang, heard = speakers.stop(), headset.stop()
    assert rms_dbfs(rang) > LOUD, "the speakers stayed silent"
    assert rms_dbfs(heard) < QUIET


def test_an_unplugged_headset_moves_the_call_to_the_default_and_back(
    desk: Desk, pulse: PulseServer, tmp_path: Path
) -> None:
    _, theirs = desk.call()
    desk.peer.send(f"play {theirs} {_tone_wav(tmp_path)}", desk.engine)
    desk.spin(0.5)
    pulse.unplug("headset")
    try:
        assert desk.spin(1.0, lambda: bool(desk.moves)), "no message within a second"
        assert "Headset" in desk.moves[-1] and "Speakers" in desk.moves[-1]
        assert desk.path.current_name("playback") == "Speakers"
        moved = pulse.recorder("speakers.monitor")
        desk.spin(3.0)  # nothing played on the speakers before: a null sink starts late
        got = moved.stop()[-16000:]
        assert rms_dbfs(got) > LOUD and abs(dominant_frequency(got, 16000) - 440) < 15
    finally:
        pulse.plug("headset")
    assert desk.spin(2.0, lambda: len(desk.moves) >= 2), "no message when it came back"
    assert desk.path.current_name("playback") == "Headset"
    back = pulse.recorder("headset.monitor")
    desk.spin(3.5)  # the re-made null sink plays its first block late
    assert rms_dbfs(back.stop()) > LOUD


def test_without_any_output_the_window_is_told_and_calls_still_connect(
    desk: Desk, pulse: PulseServer
) -> None:
    pulse.unplug("headset")
    pulse.unplug("speakers")
    try:
        assert desk.spin(2.0, lambda: bool(desk.path.status))
        assert desk.statuses and "speakers" in desk.statuses[-1].lower()
        ours, _ = desk.call()
        assert desk.engine.call(ours).media_active
    finally:
        pulse.plug("speakers")
        pulse.plug("headset")
    assert desk.spin(2.0, lambda: not desk.path.status)


def test_device_streams_run_only_while_something_is_heard_or_captured(
    desk: Desk, pulse: PulseServer
) -> None:
    def ours() -> tuple[int, int]:  # streams on the server: (playback, capture)
        return (len(pulse.pactl("list", "short", "sink-inputs").splitlines()),
                len(pulse.pactl("list", "short", "source-outputs").splitlines()))

    def closed() -> bool:
        return not any(desk.path.is_open(kind) for kind in ("capture", "playback", "ringer"))

    assert closed(), "streams open with nothing to hear"
    idle = ours()  # the fixture's monitor readers
    desk.engine.play_keys("1")
    assert desk.spin(0.5, lambda: desk.path.is_open("playback"))
    assert not desk.path.is_open("ringer") and not desk.path.is_open("capture")
    assert desk.spin(LINGER_S + 1.5, closed), "the key tone's stream did not close"
    assert desk.engine.start_tone(str(resource_path("sounds", "ringtone.wav")), ringer=True)
    assert desk.spin(0.5, lambda: desk.path.is_open("ringer"))
    assert not desk.path.is_open("playback")
    desk.engine.stop_tone()
    assert desk.spin(LINGER_S + 1.0, closed)
    ours_id, _ = desk.call()
    assert desk.spin(0.5, lambda: desk.path.is_open("playback") and desk.path.is_open("capture"))
    assert ours() == (idle[0] + 1, idle[1] + 1)
    desk.engine.hangup(ours_id)
    assert desk.spin(LINGER_S + 1.5, closed), "the call's streams outlived it"
    assert desk.spin(1.0, lambda: ours() == idle)


def _tone_wav(folder: Path) -> Path:
    """Eight seconds of 440 Hz at half scale, 16 kHz mono (sox)."""
    import subprocess

    path = folder / "tone440.wav"
    subprocess.run(["sox", "-n", "-r", "16000", "-b", "16", "-c", "1", str(path),
                    "synth", "8", "sine", "440", "vol", "0.5"], check=True, timeout=20)
    return path


def test_the_device_list_loads_no_qt_multimedia(desk: Desk) -> None:
    """The device list is our own libpulse connection's: neither Qt Multimedia (~5 MB at start)
    nor its FFmpeg backend (players, cameras; ~13 MB) is loaded for it."""
    from PySide6.QtGui import QImageReader

    maps = Path("/proc/self/maps").read_text()
    assert "libQt6Multimedia" not in maps
    assert "ffmpegmediaplugin" not in maps and "libavcodec" not in maps
    assert "Headset" in [info.name for info in desk.path.devices.list(Kind.PLAYBACK)]
    assert b"svg" in [bytes(f.data()) for f in QImageReader.supportedImageFormats()]
