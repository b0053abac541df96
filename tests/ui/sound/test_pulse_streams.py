"""The device streams (streams.py on pulse_client.py) against a real, private PulseAudio.

No call and no window: a jitter buffer fed in real time plays into the "headset" null sink and
its monitor must carry the tone; the FIFO microphone's tone must reach the capture callback; a
sink unloaded mid-stream must fail the stream within a second; stop() must end every callback
and, with the last stream, libpulse's thread.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from softphone.sip.jitter import JitterBuffer
from softphone.sip.sound import raise_thread_priority
from softphone.ui.sound import pulse_client
from softphone.ui.sound.streams import BRIDGE_RATE, CaptureStream, PlaybackStream
from tests.pulse_server import PulseServer, tone
from tests.sound_measure import dominant_frequency, rms_dbfs

pytestmark = [pytest.mark.timeout(60), pytest.mark.slow]
FRAME = BRIDGE_RATE * 20 // 1000 * 2  # the bridge's 20 ms frame, in bytes


class Feeder(threading.Thread):
    """Writes PCM into a jitter buffer 20 ms at a time on the wall clock, as the bridge does."""

    def __init__(self, buffer: JitterBuffer, pcm: bytes) -> None:
        super().__init__(name="bridge-feeder", daemon=True)
        self.buffer, self.pcm = buffer, pcm
        self.halt = threading.Event()

    def run(self) -> None:
        start = time.monotonic()
        for index, offset in enumerate(range(0, len(self.pcm), FRAME)):
            if self.halt.wait(max(0.0, start + index * 0.02 - time.monotonic())):
                return
            self.buffer.write(self.pcm[offset : offset + FRAME])

    def stop(self) -> None:
        self.halt.set()
        self.join(timeout=2)


class Failures:
    """Counts on_failed calls and the thread each ran on."""

    def __init__(self) -> None:
        self.threads: list[str] = []
        self.at: list[float] = []
        self.event = threading.Event()

    def __call__(self) -> None:
        self.threads.append(threading.current_thread().name)
        self.at.append(time.monotonic())
        self.event.set()


def _native_threads() -> int:
    return len(os.listdir("/proc/self/task"))


@pytest.fixture
def feeder_for() -> Iterator[list[Feeder]]:
    feeders: list[Feeder] = []
    yield feeders
    for feeder in feeders:
        feeder.stop()


def _wait_for(condition: Callable[[], bool], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    return condition()


def test_playback_plays_what_the_jitter_buffer_holds(
    pulse: PulseServer, feeder_for: list[Feeder]
) -> None:
    buffer = JitterBuffer(BRIDGE_RATE)
    played: list[bytes] = []
    failed = Failures()
    stream = PlaybackStream("playback", "headset", buffer, failed, played.append)
    feeder = Feeder(buffer, tone(440, 6.0, BRIDGE_RATE))
    feeder_for.append(feeder)
    stream.start()
    try:
        assert stream.wait_open(), "the stream never opened"
        assert stream.running and not stream.error
        feeder.start()
        # an idle null sink starts its first block up to 2 s late, then runs in real time
        assert _wait_for(lambda: len(b"".join(played)) > BRIDGE_RATE, 4.0)
        echoed_before = len(b"".join(played)) // 2
        heard = pulse.record("headset.monitor", 1.5)
        echoed_during = len(b"".join(played)) // 2 - echoed_before
    finally:
        stream.stop()
    assert rms_dbfs(heard) > -15, "the headset stayed silent"
    assert abs(dominant_frequency(heard, 16000) - 440) < 10
    assert not failed.threads
    # the device asked for about as much as it played: 1.5 s and parec's start-up
    assert BRIDGE_RATE * 1.3 < echoed_during < BRIDGE_RATE * 2.5, echoed_during
    echoed = np.frombuffer(b"".join(played), dtype="<i2")
    assert abs(dominant_frequency(echoed[-BRIDGE_RATE:], BRIDGE_RATE) - 440) < 10


def test_capture_delivers_the_microphone(pulse: PulseServer) -> None:
    chunks: list[bytes] = []
    failed = Failures()
    stream = CaptureStream("capture", "mic", chunks.append, failed)
    stream.start()
    try:
        assert stream.wait_open(), "the stream never opened"
        pulse.write_mic(tone(1000, 2.0))
        time.sleep(2.0)
    finally:
        stream.stop()
    got = np.frombuffer(b"".join(chunks), dtype="<i2")
    assert len(got) > BRIDGE_RATE * 1.5
    assert rms_dbfs(got[-BRIDGE_RATE:]) > -15, "the microphone's tone did not arrive"
    assert abs(dominant_frequency(got[-BRIDGE_RATE:], BRIDGE_RATE) - 1000) < 10
    # fragsize 10 ms: the server hands the microphone over in small pieces, not in bursts
    assert np.median([len(c) for c in chunks]) <= BRIDGE_RATE * 20 // 1000 * 2
    assert not failed.threads


def test_an_unplugged_sink_s_stream_is_moved_by_the_server_and_keeps_playing(
    pulse: PulseServer,
) -> None:
    """As with pa_simple before: the server moves it to another sink; SoundPath, told of the
    device change by Qt, then reopens it where the operator's choice says."""
    failed = Failures()
    played: list[bytes] = []
    stream = PlaybackStream("playback", "speakers", JitterBuffer(BRIDGE_RATE), failed,
                            played.append)
    stream.start()
    try:
        assert stream.wait_open() and stream.running
        assert _wait_for(lambda: len(played) > 20, 4.0)
        pulse.unplug("speakers")
        try:
            count = len(played)
            assert _wait_for(lambda: len(played) > count + 20, 2.0), "playback stalled"
        finally:
            pulse.plug("speakers")
        assert stream.running and not failed.threads
    finally:
        stream.stop()


@pytest.fixture
def own_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[PulseServer]:
    """A second private server with a single sink, for tests that take it away."""
    assert pulse_client.active_clients() == 0
    server = PulseServer(sinks=(("only", "Only"),)).start()
    monkeypatch.setenv("PULSE_SERVER", server.env["PULSE_SERVER"])
    try:
        yield server
    finally:
        server.stop()


def test_an_unplugged_sink_with_nowhere_to_go_fails_within_a_second(
    own_server: PulseServer,
) -> None:
    failed = Failures()
    awake = own_server.recorder("only.monitor")
    stream = PlaybackStream("playback", "only", JitterBuffer(BRIDGE_RATE), failed)
    stream.start()
    try:
        assert stream.wait_open() and stream.running
        time.sleep(0.3)
        unplugged = time.monotonic()
        own_server.unplug("only")
        assert failed.event.wait(1.0), "the stream did not notice its sink was gone"
        assert failed.at[0] - unplugged < 1.0
        assert failed.threads[0] != "MainThread"
        assert stream.error and not stream.running
    finally:
        stream.stop()
        awake.stop()
    assert len(failed.threads) == 1  # once, and not again at stop
    assert pulse_client.active_clients() == 0


def test_a_sound_server_gone_fails_every_stream_within_a_second(
    own_server: PulseServer,
) -> None:
    failures = [Failures(), Failures()]
    awake = own_server.recorder("only.monitor")
    streams = [PlaybackStream("playback", "only", JitterBuffer(BRIDGE_RATE), failures[0]),
               CaptureStream("capture", "mic", lambda _pcm: None, failures[1])]
    for stream in streams:
        stream.start()
    try:
        assert all(stream.wait_open() and stream.running for stream in streams)
        gone = time.monotonic()
        own_server.stop()
        for failed in failures:
            assert failed.event.wait(1.0), "a stream did not notice the server was gone"
            assert failed.at[0] - gone < 1.0
    finally:
        for stream in streams:
            stream.stop()
        awake.stop()
    assert pulse_client.active_clients() == 0


def test_a_device_that_does_not_exist_fails_outside_start(pulse: PulseServer) -> None:
    failed = Failures()
    stream = CaptureStream("capture", "no-such-microphone", lambda _pcm: None, failed)
    stream.start()
    try:
        assert failed.event.wait(2.0)
        assert failed.threads[0] != "MainThread"  # the owner stores the stream first
        assert "No such entity" in stream.error or "entity" in stream.error.lower()
    finally:
        stream.stop()


def test_no_sound_server_fails_the_stream(
    pulse: PulseServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path}/nothing-here")
    failed = Failures()
    stream = PlaybackStream("playback", "", JitterBuffer(BRIDGE_RATE), failed)
    stream.start()
    try:
        assert failed.event.wait(2.0), "no failure without a server"
        assert stream.error
    finally:
        stream.stop()
    assert pulse_client.active_clients() == 0


def test_streams_share_one_connection_and_stop_ends_every_callback(
    pulse: PulseServer, feeder_for: list[Feeder]
) -> None:
    before = _native_threads()
    buffer = JitterBuffer(BRIDGE_RATE)
    played: list[bytes] = []
    captured: list[bytes] = []
    playback = PlaybackStream("playback", "headset", buffer, Failures(), played.append)
    capture = CaptureStream("capture", "mic", captured.append, Failures())
    playback.start()
    capture.start()
    assert playback.wait_open() and capture.wait_open()
    assert playback.running and capture.running
    assert pulse_client.active_clients() == 1
    assert _native_threads() == before + 1, "one libpulse thread for both streams"
    feeder = Feeder(buffer, tone(440, 2.0, BRIDGE_RATE))
    feeder_for.append(feeder)
    feeder.start()
    time.sleep(0.5)
    feeder.stop()
    playback.stop()
    capture.stop()
    counts = len(played), len(captured)
    assert all(counts), "neither stream moved sound"
    time.sleep(0.3)
    assert (len(played), len(captured)) == counts, "a callback ran after stop()"
    assert pulse_client.active_clients() == 0
    assert _native_threads() == before, "libpulse's thread outlived the last stream"
    assert "softphone" not in pulse.pactl("list", "short", "clients")


def test_a_process_left_with_an_open_stream_exits_cleanly(pulse: PulseServer) -> None:
    script = (
        "from softphone.sip.jitter import JitterBuffer\n"
        "from softphone.ui.sound.streams import PlaybackStream\n"
        "s = PlaybackStream('playback', 'headset', JitterBuffer(16000), lambda: None)\n"
        "s.start()\n"
        "assert s.wait_open() and s.running, s.error\n"
        "print('open', flush=True)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], env=pulse.environ(), timeout=20,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "open"


def _policy(tid: int) -> int:
    with open(f"/proc/self/task/{tid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[38])  # field 41: the policy


def test_libpulse_s_thread_runs_real_time_and_the_caller_does_not(pulse: PulseServer) -> None:
    """The mainloop thread moves the sound now; the thread that opened the stream (the GUI's)
    must keep normal scheduling (a busy GUI thread at real-time priority starves the rest)."""
    allowed: list[bool] = []
    probe = threading.Thread(target=lambda: allowed.append(raise_thread_priority("probe")))
    probe.start()
    probe.join()
    caller = threading.get_native_id()
    stream = CaptureStream("capture", "mic", lambda _pcm: None, Failures())
    stream.start()
    try:
        assert stream.wait_open() and stream.running
        names = {int(tid): Path(f"/proc/self/task/{tid}/comm").read_text().strip()
                 for tid in os.listdir("/proc/self/task")}
        mainloop = [tid for tid, name in names.items() if name == "threaded-ml"]
        assert len(mainloop) == 1
        assert _policy(caller) == os.SCHED_OTHER
        if allowed[0]:
            assert _policy(mainloop[0]) == os.SCHED_RR
        else:
            pytest.skip("this account may not use real-time scheduling")
    finally:
        stream.stop()


def test_the_callbacks_share_one_python_thread_state(pulse: PulseServer) -> None:
    """libpulse's thread keeps one Python thread state (native_threads/kept_state.py): a
    thread-local set in one callback is there in the next (a fresh state per callback, as
    ctypes makes by default, would lose it and cost ~60 us a callback)."""
    local = threading.local()
    fresh, kept = [0], [0]

    def write(_pcm: bytes) -> None:
        if getattr(local, "seen", False):
            kept[0] += 1
        else:
            local.seen = True
            fresh[0] += 1

    stream = CaptureStream("capture", "mic", write, Failures())
    stream.start()
    try:
        assert stream.wait_open() and stream.running
        assert _wait_for(lambda: kept[0] >= 20, 3.0), (fresh, kept)
    finally:
        stream.stop()
    assert fresh[0] == 1
