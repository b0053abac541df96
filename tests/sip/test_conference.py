"""Three-way calls on the engine's conference bridge, checked on real recordings.

The operator's engine runs here with its sound path (a DeviceClock stands in for the headset
and speaks 700 Hz into the microphone). The far ends are two accounts of tests/sip/sip_peer.py,
a separate process with its own engine: alice plays 440 Hz into her call, bob 1 kHz. Each far
end's recording of its call must hold the other far end's tone and the operator's; the headset
must hold both far ends. Levels are measured per tone band: silence or a missing tone fails.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sip_helpers import Peer, Processes
from sound_helpers import DeviceClock, wav_samples
from test_sound_engine import call_the_peer, listen

from softphone.sip import CallState, SipEngine
from softphone.sip.sound import RATE
from tests.sound_measure import tone_dbfs

pytestmark = pytest.mark.timeout(90)
ALICE_HZ, BOB_HZ, MIC_HZ = 440, 1000, 700
# dBFS in a tone's band: a half-scale tone is about -9; the headset's jitter buffer (drops and
# inserts samples) leaves a broadband floor of about -50 to -60 under a loud tone
PRESENT, ABSENT = -30.0, -45.0


@pytest.fixture
def clock(operator: tuple[SipEngine, str]) -> Iterator[DeviceClock]:
    buffers = operator[0].sound_buffers
    assert buffers is not None
    with DeviceClock(buffers, mic_hz=MIC_HZ) as device:
        yield device


@pytest.fixture
def peer(processes: Processes, operator: tuple[SipEngine, str]) -> Iterator[Peer]:
    far = Peer(processes)
    yield far
    far.quit(operator[0])


@pytest.fixture(scope="module")
def tones(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Twenty seconds of each far end's tone (sox), long enough for every check of a test."""
    folder = tmp_path_factory.mktemp("conference")
    paths = {}
    for hz in (ALICE_HZ, BOB_HZ):
        paths[hz] = folder / f"tone{hz}.wav"
        subprocess.run(["sox", "-n", "-r", "16000", "-b", "16", "-c", "1", str(paths[hz]),
                        "synth", "20", "sine", str(hz), "vol", "0.5"], check=True, timeout=20)
    return paths


def levels(pcm: bytes | np.ndarray) -> dict[int, float]:
    return {hz: tone_dbfs(pcm, RATE, hz) for hz in (ALICE_HZ, BOB_HZ, MIC_HZ)}


def far_ends_hear(
    engine: SipEngine, peer: Peer, calls: dict[str, int], folder: Path, seconds: float = 1.5
) -> dict[str, dict[int, float]]:
    """Record every far end's call at the same time; tone levels of each recording."""
    for name, call in calls.items():
        peer.send(f"record {call} {folder / name}.wav", engine)
    engine.wait_for(lambda: False, seconds)
    for call in calls.values():
        peer.send(f"stop_record {call}", engine)
    result = {}
    for name in calls:
        samples, rate = wav_samples(folder / f"{name}.wav")
        assert rate == RATE
        result[name] = levels(samples[int(0.3 * rate):])  # skip the jitter buffers' start
    return result


def settle(engine: SipEngine, *ours: int) -> None:
    """Wait until each call's hold/resume re-INVITE is through and its audio flows."""
    assert engine.wait_for(
        lambda: all(engine.call(c).media_active and not engine.call(c).remote_hold for c in ours),
        5,
    )
    engine.wait_for(lambda: False, 0.5)


def three_way(
    engine: SipEngine, account: str, peer: Peer, tones: dict[int, Path], folder: Path
) -> tuple[dict[str, int], dict[str, int]]:
    """alice is called and held, bob is called, then both are joined: (ours, theirs).

    The operator records both legs (as the call recorder does): bob's from before the join,
    alice's from after it, into `folder`.
    """
    a_ours, a_theirs = call_the_peer(engine, account, peer, "alice")
    engine.hold(a_ours)
    b_ours, b_theirs = call_the_peer(engine, account, peer, "bob")
    assert engine.call(a_ours).on_hold and not engine.call(b_ours).on_hold
    engine.start_recording(b_ours, str(folder / "bob-leg.wav"))  # before the join
    conference = engine.join(b_ours, a_ours)
    assert engine.conference_legs(conference) == [a_ours, b_ours]
    settle(engine, a_ours, b_ours)
    engine.start_recording(a_ours, str(folder / "alice-leg.wav"))  # after it
    peer.send(f"play {a_theirs} {tones[ALICE_HZ]}", engine)
    peer.send(f"play {b_theirs} {tones[BOB_HZ]}", engine)
    return {"alice": a_ours, "bob": b_ours}, {"alice": a_theirs, "bob": b_theirs}


def test_each_far_end_hears_the_other_and_the_operator_and_leaving_keeps_the_other(
    operator: tuple[SipEngine, str], clock: DeviceClock, peer: Peer, tones: dict[int, Path],
    tmp_path: Path,
) -> None:
    engine, account = operator
    ours, theirs = three_way(engine, account, peer, tones, tmp_path)
    for call in ours.values():
        info = engine.call(call)
        assert info.conference_id is not None and not info.on_hold
    heard = far_ends_hear(engine, peer, theirs, tmp_path)
    assert heard["alice"][BOB_HZ] > PRESENT and heard["alice"][MIC_HZ] > PRESENT, heard
    assert heard["bob"][ALICE_HZ] > PRESENT and heard["bob"][MIC_HZ] > PRESENT, heard
    headset = levels(listen(engine, clock, 1.0))
    assert headset[ALICE_HZ] > PRESENT and headset[BOB_HZ] > PRESENT, headset
    for leg in ("alice", "bob"):  # each leg's recording holds the whole conference
        samples, _ = wav_samples(Path(engine.stop_recording(ours[leg])))
        recorded = levels(samples[int(0.5 * RATE):])
        assert min(recorded.values()) > PRESENT, (leg, recorded)

    peer.send(f"hangup {theirs['bob']}", engine)  # bob leaves
    assert engine.wait_for(lambda: all(c.call_id != ours["bob"] for c in engine.calls()), 5)
    alone = engine.call(ours["alice"])
    assert alone.state is CallState.CONFIRMED and alone.conference_id is None
    assert not alone.on_hold
    after = far_ends_hear(engine, peer, {"alice": theirs["alice"]}, tmp_path)
    assert after["alice"][MIC_HZ] > PRESENT and after["alice"][BOB_HZ] < ABSENT, after
    headset = levels(listen(engine, clock, 1.0))
    assert headset[ALICE_HZ] > PRESENT and headset[BOB_HZ] < ABSENT, headset


def test_split_leaves_one_talking_call_and_the_held_one_hears_nothing(
    operator: tuple[SipEngine, str], clock: DeviceClock, peer: Peer, tones: dict[int, Path],
    tmp_path: Path,
) -> None:
    engine, account = operator
    ours, theirs = three_way(engine, account, peer, tones, tmp_path)
    engine.split(ours["bob"])
    bob, alice = engine.call(ours["bob"]), engine.call(ours["alice"])
    assert bob.conference_id is None and alice.conference_id is None
    assert not bob.on_hold and alice.on_hold
    engine.wait_for(lambda: False, 0.8)
    heard = far_ends_hear(engine, peer, theirs, tmp_path)
    assert heard["bob"][MIC_HZ] > PRESENT and heard["bob"][ALICE_HZ] < ABSENT, heard
    assert max(heard["alice"].values()) < ABSENT, heard  # held: nothing of bob, nor of us
    headset = levels(listen(engine, clock, 1.0))
    assert headset[BOB_HZ] > PRESENT and headset[ALICE_HZ] < ABSENT, headset


def test_added_participant_joins_once_answered_and_hold_and_mute_mean_the_conference(
    operator: tuple[SipEngine, str], clock: DeviceClock, peer: Peer, tones: dict[int, Path],
    tmp_path: Path,
) -> None:
    engine, account = operator
    a_ours, a_theirs = call_the_peer(engine, account, peer, "alice")
    peer.send("account bob", engine)
    mark = len(peer.lines)
    b_ours = engine.add_to_conference(a_ours, f"sip:bob@{peer.address}")
    assert engine.wait_for(lambda: engine.call(b_ours).conference_id is not None, 5)
    msg = peer.wait(lambda m: m.get("event") == "IncomingCall", 5, start=mark, engine=engine)
    b_theirs = int(msg["call_id"])  # type: ignore[arg-type]
    assert engine.call(a_ours).conference_id == engine.call(b_ours).conference_id
    settle(engine, a_ours, b_ours)
    peer.send(f"play {a_theirs} {tones[ALICE_HZ]}", engine)
    peer.send(f"play {b_theirs} {tones[BOB_HZ]}", engine)
    theirs = {"alice": a_theirs, "bob": b_theirs}

    engine.set_mute(a_ours, True)  # silence to both legs; they still hear each other
    assert engine.call(b_ours).muted
    heard = far_ends_hear(engine, peer, theirs, tmp_path)
    assert heard["alice"][MIC_HZ] < ABSENT and heard["bob"][MIC_HZ] < ABSENT, heard
    assert heard["alice"][BOB_HZ] > PRESENT and heard["bob"][ALICE_HZ] > PRESENT, heard
    engine.set_mute(b_ours, False)

    engine.hold(b_ours)  # the whole conference waits
    assert engine.call(a_ours).on_hold and engine.call(b_ours).on_hold
    engine.wait_for(lambda: False, 0.8)
    held = far_ends_hear(engine, peer, theirs, tmp_path)
    assert max(held["alice"].values()) < ABSENT and max(held["bob"].values()) < ABSENT, held
    engine.resume(a_ours)
    settle(engine, a_ours, b_ours)
    peer.send(f"play {a_theirs} {tones[ALICE_HZ]}", engine)  # the far ends' re-INVITEs cut
    peer.send(f"play {b_theirs} {tones[BOB_HZ]}", engine)  # their players off: start again
    back = far_ends_hear(engine, peer, theirs, tmp_path)
    assert back["alice"][BOB_HZ] > PRESENT and back["alice"][MIC_HZ] > PRESENT, back
    assert back["bob"][ALICE_HZ] > PRESENT and back["bob"][MIC_HZ] > PRESENT, back
