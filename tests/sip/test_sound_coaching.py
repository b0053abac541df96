"""Live speech coaching on real calls: the engine's sound path tapped on both directions.

The operator's engine runs here with `attach_sound()` and a CoachTap on its headset port; a
DeviceClock thread stands in for the sound card and speaks espeak-ng Russian into the
microphone; the far end (tests/sip/sip_peer.py, another process) plays espeak-ng Russian into
the call. Nothing here is fed to the analysis directly: every frame went through PJSIP.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sip_helpers import Peer, Processes, engine_config
from sound_helpers import DeviceClock, call_the_peer, rms_dbfs, wav_samples

from softphone.coaching.limits import CoachLimits
from softphone.coaching.tap import CoachTap
from softphone.sip import LocalAccountSettings, SipEngine
from softphone.sip.sound import SoundBuffers
from tests.coaching.speech import RATES, TEXTS, Speech, make_speech

pytestmark = [pytest.mark.timeout(90), pytest.mark.slow]


@pytest.fixture
def operator() -> Iterator[tuple[SipEngine, str, CoachTap]]:
    engine = SipEngine(engine_config())
    buffers = engine.attach_sound(SoundBuffers())
    tap = CoachTap(CoachLimits(pause_limit_s=5.0))
    buffers.tap = tap.offer
    tap.start()
    engine.start()
    try:
        yield engine, engine.add_local_account(LocalAccountSettings(user="operator")), tap
    finally:
        engine.shutdown()
        tap.stop()


@pytest.fixture
def clock(operator: tuple[SipEngine, str, CoachTap]) -> Iterator[DeviceClock]:
    buffers = operator[0].sound_buffers
    assert buffers is not None
    with DeviceClock(buffers) as device:
        yield device


@pytest.fixture
def peer(processes: Processes, operator: tuple[SipEngine, str, CoachTap]) -> Iterator[Peer]:
    far = Peer(processes)
    yield far
    far.quit(operator[0])


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("speech")


def _wait(engine: SipEngine, seconds: float) -> None:
    engine.wait_for(lambda: False, seconds)


def _operator_says(engine: SipEngine, clock: DeviceClock, speech: Speech) -> None:
    clock.say(speech.pcm)
    engine.wait_for(lambda: not clock.speaking, speech.seconds + 5)
    _wait(engine, 0.5)  # the bridge, the jitter buffers, the analysis


def test_the_callers_rate_is_estimated_through_a_call(
    operator: tuple[SipEngine, str, CoachTap], clock: DeviceClock, peer: Peer, folder: Path,
) -> None:
    engine, account, tap = operator
    _, theirs = call_the_peer(engine, account, peer, "bob")
    rates = {}
    for wpm in RATES:
        speech = make_speech(folder, TEXTS[0], wpm, pad_s=(0.2, 0.2))
        tap.begin_call()
        peer.send(f"play {theirs} {speech.path}", engine)
        _wait(engine, speech.seconds + 0.8)
        figures = tap.end_call()
        assert figures is not None and figures.caller.rate is not None
        assert figures.caller.rate == pytest.approx(speech.true_rate, rel=0.2), wpm
        assert figures.operator.talk_s == 0.0  # the operator said nothing
        rates[wpm] = figures.caller.rate
    assert rates[110] < rates[160] < rates[230]
    assert tap.dropped == 0


def test_loudness_pause_and_overtalk_through_a_call(
    operator: tuple[SipEngine, str, CoachTap], clock: DeviceClock, peer: Peer, folder: Path,
) -> None:
    engine, account, tap = operator
    _, theirs = call_the_peer(engine, account, peer, "bob")
    tap.begin_call()
    _operator_says(engine, clock, make_speech(folder, TEXTS[0], 160, volume=0.1))
    quiet = tap.snapshot()
    _operator_says(engine, clock, make_speech(folder, TEXTS[0], 160, volume=0.8))
    loud = tap.snapshot()
    assert quiet is not None and loud is not None
    assert quiet.operator_dbfs is not None and loud.operator_dbfs is not None
    assert loud.operator_dbfs > quiet.operator_dbfs + 12  # 0.8 / 0.1 is 18 dB
    assert not loud.pause_warning

    # a 6 s gap: the warning comes after the admin's 5 s, not before
    _wait(engine, 4.0)
    early = tap.snapshot()
    assert early is not None and not early.pause_warning and early.silence_s > 3.0
    _wait(engine, 2.0)
    late = tap.snapshot()
    assert late is not None and late.pause_warning and late.silence_s > 5.0

    # both speak at once
    speech = make_speech(folder, TEXTS[0], 160, volume=0.5)
    peer.send(f"play {theirs} {speech.path}", engine)
    _operator_says(engine, clock, speech)
    both = tap.snapshot()
    assert both is not None and both.overtalk_count >= 1 and not both.pause_warning
    figures = tap.end_call()
    assert figures is not None
    assert figures.overtalk_count >= 1 and figures.overtalk_s > 1.0
    assert figures.longest_pause_s > 5.5
    assert figures.operator.dbfs is not None and figures.caller.dbfs is not None
    assert figures.talk_share is not None and 0.5 < figures.talk_share < 0.9


def test_hold_suppresses_the_pause_warning(
    operator: tuple[SipEngine, str, CoachTap], clock: DeviceClock, peer: Peer,
) -> None:
    engine, account, tap = operator
    ours, _ = call_the_peer(engine, account, peer, "bob")
    tap.begin_call()
    engine.hold(ours)
    tap.set_held(True)
    _wait(engine, 6.5)
    held = tap.snapshot()
    assert held is not None and not held.pause_warning and held.silence_s == 0.0
    engine.resume(ours)
    tap.set_held(False)
    _wait(engine, 6.0)
    back = tap.snapshot()
    assert back is not None and back.pause_warning  # the same silence warns once resumed
    figures = tap.end_call()
    assert figures is not None and figures.longest_pause_s < 7.0


def test_a_stalled_analysis_drops_its_frames_and_the_call_audio_goes_on(
    operator: tuple[SipEngine, str, CoachTap], peer: Peer, tmp_path: Path,
) -> None:
    """The analysis thread stuck for 2 s (its lock held): the far end still hears the
    microphone's 1 kHz without a gap, and the tap dropped frames instead of waiting."""
    engine, account, tap = operator
    buffers = engine.sound_buffers
    assert buffers is not None
    with DeviceClock(buffers, mic_hz=1000):
        _, theirs = call_the_peer(engine, account, peer, "bob")
        tap.begin_call()
        _wait(engine, 0.5)
        path = tmp_path / "far.wav"
        peer.send(f"record {theirs} {path}", engine)
        with tap._lock:  # the analysis thread blocks on its next frame
            _wait(engine, 2.0)
        _wait(engine, 0.5)
        peer.send(f"stop_record {theirs}", engine)
    samples, rate = wav_samples(path)
    heard = samples[int(0.3 * rate) :].astype("float64")
    window = rate // 50  # 20 ms
    levels = [rms_dbfs(heard[i : i + window].astype("<i2").tobytes())
              for i in range(0, heard.size - window, window)]
    assert len(levels) > 100 and min(levels) > -20.0  # no frame of silence in 2+ s
    assert tap.dropped > 0  # the analysis lost frames, the call did not
