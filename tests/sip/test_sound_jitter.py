"""The jitter buffer between the bridge's clock and a sound card's: drift, gaps, stalls."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from softphone.sip.jitter import JitterBuffer

pytestmark = pytest.mark.timeout(30)
RATE, FRAME = 16000, 320


def ramp(start: int, count: int) -> bytes:
    """Samples start, start+1, ... (mod 2**15) so every drop or insert is visible."""
    return ((np.arange(start, start + count) % 30000).astype("<i2")).tobytes()


def run_clocks(buf: JitterBuffer, writer_rate: float, seconds: float) -> np.ndarray:
    """Simulate `seconds` of a writer at writer_rate Hz against a 16 kHz reader (20 ms each)."""
    written = 0.0
    sent = 0
    out = []
    for tick in range(int(seconds * 50)):
        due = int((tick + 1) * writer_rate / 50) - sent  # samples the writer's clock made
        buf.write(ramp(sent, due))
        sent += due
        written += due
        out.append(np.frombuffer(buf.read(FRAME), dtype="<i2"))
    return np.concatenate(out)


def test_steady_clocks_pass_the_audio_through_unchanged() -> None:
    buf = JitterBuffer(RATE, target_ms=10, band_ms=10)
    out = run_clocks(buf, RATE, 5.0)
    played = out[np.nonzero(out)[0][0] :]  # after the priming silence
    assert np.all(np.diff(played.astype(np.int32)) % 30000 == 1)  # nothing dropped or doubled
    stats = buf.stats()
    assert stats.underruns == stats.overruns == stats.dropped_samples == stats.inserted_samples == 0
    assert 10 <= stats.fill_ms <= 30


@pytest.mark.parametrize("drift", [+0.003, -0.003])  # 0.3 %: far more than real cards drift
def test_drift_either_way_holds_the_fill_level_by_dropping_or_inserting_samples(
    drift: float,
) -> None:
    buf = JitterBuffer(RATE, target_ms=10, band_ms=10)
    out = run_clocks(buf, RATE * (1 + drift), 120.0)  # two minutes
    stats = buf.stats()
    assert stats.underruns == 0 and stats.overruns == 0
    # what is left after a read is held between the 10 ms target and 10 ms above it
    assert 5 <= stats.fill_ms <= 25  # held near the target, not drifting away
    corrected, other = (
        (stats.dropped_samples, stats.inserted_samples)
        if drift > 0
        else (stats.inserted_samples, stats.dropped_samples)
    )
    assert corrected > 0.5 * abs(drift) * RATE * 120
    assert other < corrected / 10  # only while settling after the first fill
    played = out[np.nonzero(out)[0][0] :].astype(np.int32)
    steps = np.diff(played) % 30000
    assert set(np.unique(steps)) <= {0, 1, 2}  # single samples dropped/doubled, no jumps
    assert np.count_nonzero(steps != 1) < 0.01 * steps.size  # spread thin


def test_an_empty_buffer_gives_silence_counts_an_underrun_and_refills_before_playing() -> None:
    buf = JitterBuffer(RATE, target_ms=20, band_ms=100, prime_ms=20)  # plays from 40 ms
    buf.write(ramp(1, 960))  # 60 ms
    first = buf.read(FRAME)
    assert np.frombuffer(first, dtype="<i2")[0] == 1
    buf.read(FRAME)
    buf.read(FRAME)
    assert buf.stats().underruns == 0
    assert buf.read(FRAME) == bytes(FRAME * 2)  # starved: silence, counted
    assert buf.stats().underruns == 1
    buf.write(ramp(2000, FRAME))  # 20 ms is below the 40 ms target: still silence
    assert buf.read(FRAME) == bytes(FRAME * 2)
    buf.write(ramp(2320, FRAME))
    assert np.frombuffer(buf.read(FRAME), dtype="<i2")[0] == 2000
    assert buf.stats().underruns == 1  # refilling is not another underrun


def test_a_stalled_reader_makes_an_overrun_and_the_latency_is_cut_back() -> None:
    buf = JitterBuffer(RATE, target_ms=40, max_ms=160)
    for i in range(20):  # 400 ms while nobody reads (a frozen GUI)
        buf.write(ramp(i * FRAME, FRAME))
    stats = buf.stats()
    assert stats.overruns >= 1
    assert stats.fill_ms <= 160
    newest = np.frombuffer(buf.read(FRAME), dtype="<i2")
    assert newest[0] >= 20 * FRAME - 160 * 16  # old audio was thrown away, not played late


def test_two_threads_hammering_it_keep_every_read_exactly_sized() -> None:
    buf = JitterBuffer(RATE, target_ms=20)
    stop = threading.Event()
    sizes: set[int] = set()

    def writer() -> None:
        i = 0
        while not stop.is_set():
            buf.write(ramp(i, 160))
            i += 160

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        for _ in range(5000):
            sizes.add(len(buf.read(FRAME)))
    finally:
        stop.set()
        thread.join()
    assert sizes == {FRAME * 2}
