"""The engine's sound path: calls to a far end in another process, heard and spoken through PCM.

The operator's engine runs here with `attach_sound()`; a DeviceClock thread stands in for the
sound card (reads the headset/ringer buffers, writes a 1 kHz "voice" into the microphone).
The far end is tests/sip/sip_peer.py, a separate process that plays tones into its calls and
records what it receives. Every check measures level and pitch: silence fails.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sip_helpers import EventLog, Peer, Processes
from sound_helpers import (
    DeviceClock,
    call_the_peer,
    dominant_frequency,
    rms_dbfs,
    wav_samples,
)

from softphone.sip import CallState, IncomingCall, SipEngine
from softphone.sip.sound import RATE
from tests.sound_measure import tone_dbfs

pytestmark = pytest.mark.timeout(60)
LOUD, QUIET = -30.0, -60.0  # dBFS: a half-scale tone is about -9, silence -inf
FAINT = -45.0  # dBFS: below anything heard as a voice or a tone


@pytest.fixture
def clock(operator: tuple[SipEngine, str]) -> Iterator[DeviceClock]:
    buffers = operator[0].sound_buffers
    assert buffers is not None
    with DeviceClock(buffers, mic_hz=1000) as device:
        yield device


@pytest.fixture
def peer(processes: Processes, operator: tuple[SipEngine, str]) -> Iterator[Peer]:
    far = Peer(processes)
    yield far
    far.quit(operator[0])


@pytest.fixture(scope="module")
def tone_880(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("audio") / "tone880.wav"
    subprocess.run(["sox", "-n", "-r", "16000", "-b", "16", "-c", "1", str(path),
                    "synth", "3", "sine", "880", "vol", "0.5"], check=True, timeout=20)
    return path


@pytest.fixture(scope="module")
def tone_440(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("audio") / "tone440.wav"
    subprocess.run(["sox", "-n", "-r", "16000", "-b", "16", "-c", "1", str(path),
                    "synth", "3", "sine", "440", "vol", "0.5"], check=True, timeout=20)
    return path


def listen(engine: SipEngine, clock: DeviceClock, seconds: float) -> bytes:
    """What the operator's headset got over the next `seconds` (after 0.3 s to settle)."""
    engine.wait_for(lambda: False, 0.3)
    clock.take()
    engine.wait_for(lambda: False, seconds)
    return clock.take()[0]


def far_end_hears(engine: SipEngine, peer: Peer, peer_call: int, path: Path, s: float) -> bytes:
    """Record `s` seconds of what the far end receives in its call."""
    peer.send(f"record {peer_call} {path}", engine)
    engine.wait_for(lambda: False, s)
    peer.send(f"stop_record {peer_call}", engine)
    samples, rate = wav_samples(path)
    return samples[int(0.3 * rate) :].tobytes()  # skip the jitter buffers' start


def held_hears_none_of_the_operator(engine: SipEngine, peer: Peer, peer_call: int,
                                    path: Path) -> None:
    """The held far end gets none of the operator's mouth (the mic's 1 kHz) and nothing loud.

    Not plain silence (QUIET) as a lone held call is: with a second call talking on a loaded
    machine the held far end's jitter buffer may conceal gaps with a faint hiss (one full CI
    run: -56.7 dBFS of low samples alternating in sign, not the 1 kHz of the mic).
    """
    heard = far_end_hears(engine, peer, peer_call, path, 1.0)
    _, rate = wav_samples(path)
    assert tone_dbfs(heard, rate, 1000) < QUIET
    assert rms_dbfs(heard) < FAINT


def peer_incoming(peer: Peer, engine: SipEngine, user: str, mark: int) -> int:
    def mine(m: dict[str, object]) -> bool:
        return m.get("event") == "IncomingCall" and f"{user}@" in str(m.get("remote_uri"))

    msg = peer.wait(mine, 5, start=mark, engine=engine)
    return int(msg["call_id"])  # type: ignore[arg-type]


def test_far_end_is_heard_in_the_headset_and_the_microphone_reaches_the_far_end(
    operator: tuple[SipEngine, str], clock: DeviceClock, peer: Peer, tone_440: Path,
    tmp_path: Path,
) -> None:
    engine, account = operator
    _, theirs = call_the_peer(engine, account, peer, "bob")
    peer.send(f"play {theirs} {tone_440}", engine)
    heard = listen(engine, clock, 1.0)
    assert rms_dbfs(heard) > LOUD
    assert abs(dominant_frequency(heard, RATE) - 440) < 10
    sent = far_end_hears(engine, peer, theirs, tmp_path / "far.wav", 1.2)
    assert rms_dbfs(sent) > LOUD
    assert abs(dominant_frequency(sent, RATE) - 1000) < 10


def test_mute_sends_silence_but_the_far_end_is_still_heard(
    operator: tuple[SipEngine, str], clock: DeviceClock, peer: Peer, tone_440: Path,
    tmp_path: Path,
) -> None:
    engine, account = operator
    ours, theirs = call_the_peer(engine, account, peer, "bob")
    engine.set_mute(ours, True)
    peer.send(f"play {theirs} {tone_440}", engine)
    assert rms_dbfs(far_end_hears(engine, peer, theirs, tmp_path / "muted.wav", 1.0)) < QUIET
    assert rms_dbfs(listen(engine, clock, 0.5)) > LOUD
    engine.set_mute(ours, False)
    assert rms_dbfs(far_end_hears(engine, peer, theirs, tmp_path / "open.wav", 1.0)) > LOUD


def test_hold_stops_both_directions_and_resume_brings_them_back(
    operator: tuple[SipEngine, str], clock: DeviceClock, peer: Peer, tone_440: Path,
    tmp_path: Path,
) -> None:
    engine, account = operator
    ours, theirs = call_the_peer(engine, account, peer, "bob")
    engine.hold(ours)
    engine.wait_for(lambda: False, 0.5)
    peer.send(f"play {theirs} {tone_440}", engine)
    assert rms_dbfs(listen(engine, clock, 0.8)) < QUIET
    assert rms_dbfs(far_end_hears(engine, peer, theirs, tmp_path / "held.wav", 1.0)) < QUIET
    engine.resume(ours)
    engine.wait_for(lambda: False, 0.5)
    peer.send(f"play {theirs} {tone_440}", engine)
    assert rms_dbfs(listen(engine, clock, 0.8)) > LOUD
    assert rms_dbfs(far_end_hears(engine, peer, theirs, tmp_path / "back.wav", 1.0)) > LOUD


def test_call_waiting_switch_moves_ear_and_mouth_to_the_new_call(
    operator: tuple[SipEngine, str], clock: DeviceClock, peer: Peer, tone_440: Path,
    tone_880: Path, tmp_path: Path,
) -> None:
    engine, _ = operator
    events = EventLog(engine)
    us = f"sip:operator@{engine.transports['udp']}"
    bob, carol = peer.send("account bob", engine), peer.send("account carol", engine)
    bob_call = int(peer.send(f"dial {bob} {us}", engine))  # type: ignore[call-overload]
    first = events.wait(IncomingCall)
    engine.answer(first.call.call_id)
    assert engine.wait_for(lambda: engine.call(first.call.call_id).media_active, 5)
    carol_call = int(peer.send(f"dial {carol} {us}", engine))  # type: ignore[call-overload]
    second = events.wait(IncomingCall, lambda e: e.call.call_id != first.call.call_id)
    assert second.waiting
    engine.switch_to(second.call.call_id)
    assert engine.wait_for(lambda: engine.call(second.call.call_id).media_active, 5)
    assert engine.call(first.call.call_id).on_hold
    engine.wait_for(lambda: False, 0.5)
    peer.send(f"play {bob_call} {tone_440}", engine)
    peer.send(f"play {carol_call} {tone_880}", engine)
    heard = listen(engine, clock, 1.0)
    assert rms_dbfs(heard) > LOUD
    assert abs(dominant_frequency(heard, RATE) - 880) < 10  # carol, not the held bob
    assert rms_dbfs(far_end_hears(engine, peer, carol_call, tmp_path / "c.wav", 1.0)) > LOUD
    held_hears_none_of_the_operator(engine, peer, bob_call, tmp_path / "b.wav")


def test_attended_transfer_consultation_talks_to_the_target_only(
    operator: tuple[SipEngine, str], clock: DeviceClock, peer: Peer, tone_440: Path,
    tone_880: Path, tmp_path: Path,
) -> None:
    engine, account = operator
    first, bob_call = call_the_peer(engine, account, peer, "bob")
    engine.hold(first)
    consult, carol_call = call_the_peer(engine, account, peer, "carol")
    engine.wait_for(lambda: False, 0.5)
    peer.send(f"play {bob_call} {tone_440}", engine)
    peer.send(f"play {carol_call} {tone_880}", engine)
    heard = listen(engine, clock, 1.0)
    assert abs(dominant_frequency(heard, RATE) - 880) < 10 and rms_dbfs(heard) > LOUD
    assert rms_dbfs(far_end_hears(engine, peer, carol_call, tmp_path / "c.wav", 1.0)) > LOUD
    held_hears_none_of_the_operator(engine, peer, bob_call, tmp_path / "b.wav")
    engine.transfer_attended(first, consult)
    assert engine.wait_for(
        lambda: all(c.state is CallState.DISCONNECTED for c in engine.calls()) or not
        engine.calls(), 10
    )


def test_ringback_plays_while_the_far_end_rings_and_stops_when_it_answers(
    operator: tuple[SipEngine, str], clock: DeviceClock, peer: Peer,
) -> None:
    engine, account = operator
    peer.send("account bob", engine)
    mark = len(peer.lines)
    ours = engine.dial(f"sip:bob@{peer.address}", account)
    theirs = peer_incoming(peer, engine, "operator", mark)
    assert engine.ringback_playing
    ring = listen(engine, clock, 1.2)  # 425 Hz, 1 s on, 4 s off: the start is the "on" part
    assert rms_dbfs(ring) > LOUD
    assert abs(dominant_frequency(ring, RATE) - 425) < 10
    peer.send(f"answer {theirs}", engine)
    assert engine.wait_for(lambda: engine.call(ours).media_active, 5)
    assert not engine.ringback_playing
    assert rms_dbfs(listen(engine, clock, 0.5)) < QUIET  # the far end is silent


def test_ringtone_goes_to_the_ringer_and_other_tones_to_the_headset(
    operator: tuple[SipEngine, str], clock: DeviceClock, tone_440: Path,
) -> None:
    engine, _ = operator
    assert engine.start_tone(str(tone_440), loop=True, ringer=True)
    engine.wait_for(lambda: False, 0.3)
    clock.take()
    engine.wait_for(lambda: False, 0.6)
    headset, ringer = clock.take()
    assert rms_dbfs(ringer) > LOUD and abs(dominant_frequency(ringer, RATE) - 440) < 10
    assert rms_dbfs(headset) < QUIET
    assert engine.start_tone(str(tone_440), loop=True)  # the settings' test tone
    engine.wait_for(lambda: False, 0.3)
    clock.take()
    engine.wait_for(lambda: False, 0.6)
    headset, ringer = clock.take()
    assert rms_dbfs(headset) > LOUD and rms_dbfs(ringer) < QUIET
    engine.stop_tone()
    assert not engine.tone_playing


def test_dtmf_keys_are_heard_in_the_headset(
    operator: tuple[SipEngine, str], clock: DeviceClock, peer: Peer,
) -> None:
    engine, account = operator
    ours, _ = call_the_peer(engine, account, peer, "bob")
    assert rms_dbfs(listen(engine, clock, 0.3)) < QUIET
    engine.send_dtmf(ours, "5")
    engine.wait_for(lambda: False, 0.25)
    assert rms_dbfs(clock.take()[0]) > LOUD


def test_a_process_with_a_live_sound_path_exits_cleanly(tmp_path: Path) -> None:
    """Ports and tone generators are dropped before libDestroy: no abort (exit 134) at exit."""
    script = tmp_path / "run.py"
    script.write_text(
        "from softphone.sip import SipEngine, EngineConfig, LocalAccountSettings\n"
        "e = SipEngine(EngineConfig(bind_address='127.0.0.1', udp_port=0, null_audio=True,"
        " log_level=1))\n"
        "b = e.attach_sound(); e.start()\n"
        "a = e.add_local_account(LocalAccountSettings(user='a'))\n"
        "e.add_local_account(LocalAccountSettings(user='b')); e.auto_answer = True\n"
        "e.dial(f\"sip:b@{e.transports['udp']}\", a); e.play_keys('1')\n"
        "e.wait_for(lambda: False, 0.5)\n"
        "print('in', b.stats()['headset_out'].fill_ms)\n"
    )
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=30, cwd=Path(__file__).parents[2])
    assert run.returncode == 0, run.stderr[-2000:]
    assert "in " in run.stdout


def test_the_bridge_clock_rests_while_nothing_is_to_be_heard(
    operator: tuple[SipEngine, str],
) -> None:
    """Idle, PJSIP's clock stops calling our ports (from start, and after key tones): an idle
    softphone costs no bridge ticks; a key tone wakes it again."""
    engine, _ = operator
    buffers = engine.sound_buffers
    assert buffers is not None
    frames_handed = lambda: buffers.headset_out.fill_ms > 0  # noqa: E731  (no reader here)
    for _ in range(2):
        engine.wait_for(lambda: False, 1.8)  # PJSIP closes its device 1 s after idling
        buffers.headset_out.clear()
        engine.wait_for(lambda: False, 0.5)
        assert not frames_handed(), "the bridge's clock still ticks with nothing to hear"
        engine.play_keys("1")
        assert engine.wait_for(frames_handed, 2.0), "a key tone did not wake the clock"
