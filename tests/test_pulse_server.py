"""The private PulseAudio tells the truth: what is played comes out of that sink's monitor only,
and what is written into the FIFO microphone can be recorded from it."""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np
import pytest

from tests.pulse_server import MIC_RATE, PulseServer, _alive, tone
from tests.sound_measure import dominant_frequency, is_silent, rms_dbfs


@pytest.fixture
def pulse() -> Iterator[PulseServer]:
    server = PulseServer().start()
    try:
        yield server
    finally:
        server.stop()


def test_tone_reaches_only_its_sink(pulse: PulseServer) -> None:
    headset = pulse.recorder("headset.monitor")
    speakers = pulse.recorder("speakers.monitor")
    time.sleep(0.3)
    pulse.play("headset", tone(440, 1.0))
    time.sleep(0.3)
    heard, other = headset.stop(), speakers.stop()

    assert rms_dbfs(heard) > -20, rms_dbfs(heard)
    assert abs(dominant_frequency(heard, MIC_RATE) - 440) < 5
    assert is_silent(other), rms_dbfs(other)


def test_fifo_microphone_is_recordable(pulse: PulseServer) -> None:
    mic = pulse.recorder("mic")
    time.sleep(0.3)
    stamps: list[float] = []
    pulse.write_mic(tone(1000, 1.0, amplitude=0.3), stamps.append)
    time.sleep(1.4)
    captured = mic.stop()

    assert len(stamps) == 1
    assert rms_dbfs(captured) > -30
    loud = captured[np.abs(captured) > 3000]
    assert loud.size > 0.5 * MIC_RATE  # most of the second of tone came through
    assert abs(dominant_frequency(captured, MIC_RATE) - 1000) < 5


def test_silence_flows_when_nothing_is_written(pulse: PulseServer) -> None:
    """The feeder gives the pipe source a clock: about real time, all zeros."""
    captured = pulse.record("mic", 1.0)
    assert 0.6 * MIC_RATE < captured.size < 1.3 * MIC_RATE
    assert not captured.any()


def test_unplug_and_plug_sink(pulse: PulseServer) -> None:
    pulse.unplug("headset")
    assert "headset" not in pulse.short_list("sinks")
    pulse.plug("headset")
    assert "headset" in pulse.short_list("sinks")


def test_stop_ends_the_daemon() -> None:
    server = PulseServer().start()
    pid, root = server.pid, server.root
    assert pid is not None
    server.stop()
    assert not _alive(pid)
    assert not root.exists()
