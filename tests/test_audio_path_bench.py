"""The audio_path bench's yardstick: clicks are found where they are, stamps pair up, and the
private PulseAudio's own path (FIFO microphone -> parec) adds only a little delay."""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np
import pytest

from bench.audio_far_end import RATE, click_frame
from bench.audio_path import (
    ClickDetector,
    Figures,
    match_latencies,
    split_at_boundary,
    underruns_by_stream,
)
from bench.audio_tap_stamps import ClickStamper
from tests.pulse_server import PulseServer


def test_detector_backdates_the_onset_within_a_chunk() -> None:
    detector = ClickDetector()
    chunk = np.zeros(320, dtype="<i2")
    chunk[200:360] = 20000  # onset 200 samples into a 320-sample chunk that arrived at t=10
    detector.feed(10.0, chunk.tobytes())
    detector.feed(10.02, np.full(320, 20000, dtype="<i2").tobytes())  # same click: ignored
    assert detector.onsets == [pytest.approx(10.0 - 120 / RATE)]


def test_latencies_pair_each_click_with_its_first_arrival() -> None:
    sent = [1.0, 2.5, 4.0]
    arrived = [1.05, 1.3, 2.62, 5.5]  # 1.3 is a second hit of click 1; click 3 never came
    assert match_latencies(sent, arrived, 1.0) == pytest.approx([50.0, 120.0])


def _frame_with_click_at(sample: int, samples: int = 320) -> bytes:
    frame = np.zeros(samples, dtype="<i2")
    frame[sample : sample + 160] = -20000
    return frame.tobytes()


def test_stamper_dates_the_click_where_it_crosses_the_bridge() -> None:
    """The bridge hands the headset port a frame at T: sample i plays at T + i/rate; it takes
    the microphone's frame at T: sample i of N was heard at T - (N - i)/rate."""
    now = [100.0]
    stamper = ClickStamper(RATE, clock=lambda: now[0])
    stamper("caller", bytes(640))  # silence: no stamp
    stamper("caller", _frame_with_click_at(80))
    now[0] = 100.02
    stamper("caller", _frame_with_click_at(0))  # the same click's tail: refractory
    now[0] = 101.0
    stamper("operator", _frame_with_click_at(240))
    lines = stamper.drain()
    assert [line.rsplit(" ", 1)[0] for line in lines] == ["tap caller", "tap operator"]
    stamps = [float(line.rsplit(" ", 1)[1]) for line in lines]
    assert stamps == [pytest.approx(100.0 + 80 / RATE), pytest.approx(101.0 - 80 / RATE)]
    assert stamper.drain() == []


def test_delay_splits_at_the_boundary() -> None:
    """End to end = before the port + added by our path, click by click."""
    figures = Figures("ours")
    down_sent, up_sent = [10.0, 11.5], [10.75, 12.25]
    taps = {"caller": [10.045, 11.548, 30.0], "operator": [10.81, 12.30]}  # 30.0: outside
    ear = [10.13, 11.64]
    far_recv = [10.84, 12.335]
    split_at_boundary(figures, taps, down_sent, up_sent, ear, far_recv, (9.0, 20.0), 1.0)
    assert figures.down_before_ms == pytest.approx([45.0, 48.0])
    assert figures.down_added_ms == pytest.approx([85.0, 92.0])
    assert figures.up_added_ms == pytest.approx([60.0, 50.0])
    assert figures.up_after_ms == pytest.approx([30.0, 35.0])


def test_underruns_are_counted_per_stream() -> None:
    log = (
        "D: [null-sink] protocol-native.c: Implicit underrun of 'playback'\n"
        "D: [null-sink] protocol-native.c: Implicit underrun of 'ringer'\n"
        "D: [null-sink] protocol-native.c: Implicit underrun of 'playback'\n"
    )
    assert underruns_by_stream(log) == {"playback": 2, "ringer": 1}


@pytest.fixture
def pulse() -> Iterator[PulseServer]:
    server = PulseServer().start()
    try:
        yield server
    finally:
        server.stop()


def test_microphone_clicks_come_back_in_real_time(pulse: PulseServer) -> None:
    """Calibration: FIFO write stamp -> parec onset is tens of ms, so what the bench reports
    above that belongs to the UA under test."""
    detector = ClickDetector()
    rec = pulse.recorder("mic", RATE, latency_ms=10, on_chunk=detector.feed)
    time.sleep(0.5)
    stamps: list[float] = []
    click = click_frame()[: RATE // 100 * 2]
    for _ in range(4):
        pulse.write_mic(click, stamps.append)
        time.sleep(0.6)
    rec.stop()
    # The FIFO delivers each 10 ms chunk at once while the detector back-dates its onset as if
    # it had been captured sample by sample, so this can read up to 10 ms early: the bench's
    # figures have that granularity.
    latencies = [(min(detector.onsets, key=lambda t, s=s: abs(t - s)) - s) * 1000 for s in stamps]
    assert len(detector.onsets) == 4, (stamps, detector.onsets)
    assert all(-15 < ms < 60 for ms in latencies), latencies
