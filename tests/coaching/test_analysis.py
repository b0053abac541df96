"""The speech analysis on espeak-ng Russian (no call): rate, loudness, pauses, overtalk, hold,
and a tap that drops analysis frames rather than ever making the audio thread wait."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from softphone.coaching.coach import CallCoach, Loudness, Side
from softphone.coaching.limits import CoachLimits
from softphone.coaching.side import SideAnalyzer
from softphone.coaching.tap import CoachTap
from tests.coaching.speech import RATES, TEXTS, Speech, make_speech, mix, silence

FRAME = 640


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Speech]:
    folder = tmp_path_factory.mktemp("speech")
    return {wpm: make_speech(folder, " ".join(TEXTS), wpm) for wpm in RATES}


def _analyse(pcm: bytes) -> SideAnalyzer:
    side = SideAnalyzer()
    for start in range(0, len(pcm) - FRAME + 1, FRAME):
        side.feed(pcm[start : start + FRAME])
    return side


def _feed(coach: CallCoach, operator: bytes, caller: bytes, t0: float = 0.0) -> float:
    """Both sides frame by frame on a 20 ms clock; returns the clock after the last frame."""
    n = max(len(operator), len(caller)) // FRAME
    operator, caller = operator.ljust(n * FRAME, b"\0"), caller.ljust(n * FRAME, b"\0")
    t = t0
    for i in range(n):
        t = t0 + i * 0.02
        coach.feed(Side.OPERATOR, operator[i * FRAME : (i + 1) * FRAME], t)
        coach.feed(Side.CALLER, caller[i * FRAME : (i + 1) * FRAME], t)
    return t


def test_the_rate_orders_the_espeak_rates_and_is_within_20_percent(
    speech: dict[int, Speech],
) -> None:
    rates = {}
    for wpm, said in speech.items():
        figures = _analyse(said.pcm).figures()
        assert figures.rate is not None
        assert figures.rate == pytest.approx(said.true_rate, rel=0.2), wpm
        rates[wpm] = figures.rate
    assert rates[110] < rates[160] < rates[230]


def test_louder_speech_measures_higher_and_the_band_says_so(tmp_path: Path) -> None:
    quiet = make_speech(tmp_path, TEXTS[0], 160, volume=0.05)
    loud = make_speech(tmp_path, TEXTS[0], 160, volume=1.0)
    quiet_db, loud_db = _analyse(quiet.pcm).figures().dbfs, _analyse(loud.pcm).figures().dbfs
    assert quiet_db is not None and loud_db is not None
    assert loud_db - quiet_db == pytest.approx(26, abs=3)  # vol 0.05 is -26 dB
    coach = CallCoach(CoachLimits(quiet_dbfs=-35.0, loud_dbfs=-15.0))
    _feed(coach, quiet.pcm, b"")
    assert coach.loudness() is Loudness.QUIET
    coach = CallCoach(CoachLimits(quiet_dbfs=-35.0, loud_dbfs=-15.0))
    _feed(coach, loud.pcm, b"")
    assert coach.loudness() is Loudness.GOOD


def test_a_6_s_gap_warns_overlap_is_overtalk_and_hold_keeps_quiet(tmp_path: Path) -> None:
    said = make_speech(tmp_path, TEXTS[0], 160)
    coach = CallCoach(CoachLimits(pause_limit_s=5.0))
    t = _feed(coach, said.pcm, b"")
    t = _feed(coach, silence(6.0), silence(6.0), t + 0.02)
    assert coach.snapshot().pause_warning
    t = _feed(coach, said.pcm, said.pcm, t + 0.02)  # both talk at once
    assert coach.overtalk_count == 1 and not coach.snapshot().pause_warning
    coach.set_held(True, t)
    t = _feed(coach, silence(7.0), silence(7.0), t + 0.02)
    assert not coach.snapshot().pause_warning and coach.snapshot().silence_s == 0.0
    figures = coach.figures()
    assert 5.8 < figures.longest_pause_s < 7.0  # the 6 s gap, not the 7 s on hold
    assert figures.overtalk_count == 1 and figures.overtalk_s > 1.0


def test_pace_is_compared_with_the_callers(speech: dict[int, Speech]) -> None:
    def pace(operator: int, caller: int) -> str | None:
        coach = CallCoach()
        _feed(coach, speech[operator].pcm, silence(0.1))
        _feed(coach, silence(0.1), speech[caller].pcm, 100.0)
        _feed(coach, speech[operator].pcm[: 5 * 32000], silence(5.0), 200.0)
        result = coach.pace()
        return None if result is None else result.value

    assert pace(110, 230) == "slower"
    assert pace(230, 110) == "faster"
    assert pace(160, 160) == "matched"
    assert mix(b"\x01\x00", b"\x01\x00\x02\x00") == b"\x02\x00\x02\x00"


def test_a_stalled_analysis_drops_frames_and_never_makes_the_audio_thread_wait() -> None:
    tap = CoachTap(maxsize=10)
    tap.start()
    try:
        tap.begin_call()
        with tap._lock:  # the analysis thread is stuck behind this lock
            worst = 0.0
            for _ in range(200):
                started = time.perf_counter()
                tap.offer("caller", bytes(FRAME))
                worst = max(worst, time.perf_counter() - started)
            assert tap.dropped >= 180
        assert worst < 0.005
        deadline = time.monotonic() + 2
        while tap.analysed < 10 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert tap.analysed >= 10  # released, it carries on
        assert tap.end_call() is not None and not tap.coaching
        tap.offer("caller", bytes(FRAME))  # no call coached: not even queued
        assert tap.end_call() is None
    finally:
        tap.stop()
    assert not any(t.name == "speech-coach" for t in threading.enumerate())


def test_prepare_has_the_tap_thread_make_the_analysis_numpy_ready(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """numpy is loaded for the analysis when a call rings or dials (issue #15), on the tap's
    own thread; the pytest process has numpy already, so the window's state is reset here."""
    from softphone.coaching import side as side_analysis

    monkeypatch.setattr(side_analysis, "_WINDOW", None)
    tap = CoachTap()
    tap.prepare()  # no thread yet: nothing to do (the first analyzer would load it)
    assert not side_analysis.numpy_loaded()
    caplog.set_level("INFO", logger="softphone.coaching")
    tap.start()
    try:
        tap.prepare()
        deadline = time.monotonic() + 5
        while not side_analysis.numpy_loaded() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert side_analysis.numpy_loaded()
        (loaded,) = [r for r in caplog.records if "numpy loaded ahead" in r.getMessage()]
        assert loaded.threadName == "speech-coach"
        tap.begin_call()  # the analyzers take the window made on the tap's thread
        assert tap.end_call() is not None
    finally:
        tap.stop()
