"""Calls between accounts of one real engine: audio, hold, mute, DTMF, reject, waiting, transfer."""

from __future__ import annotations

from pathlib import Path

import pytest
from sip_helpers import EventLog, sip_address, wav_rms

from softphone.sip import (
    CallEnded,
    CallState,
    CallStateChanged,
    DtmfMethod,
    DtmfReceived,
    EngineFailure,
    IncomingCall,
    LocalAccountSettings,
    SipEngine,
    TransferResult,
)

pytestmark = pytest.mark.timeout(30)


def local(engine: SipEngine, user: str) -> str:
    return engine.add_local_account(LocalAccountSettings(user=user))


def ring(engine: SipEngine, events: EventLog, caller: str, callee: str) -> tuple[int, int]:
    """Dial `callee` (a user of this engine) from account `caller`; (outbound, inbound) ids."""
    before = len(events.of(IncomingCall))
    out_id = engine.dial(f"sip:{callee}@{sip_address(engine)}", caller)
    assert engine.wait_for(lambda: len(events.of(IncomingCall)) > before, 5)
    incoming = events.of(IncomingCall)[-1]
    assert incoming.call.remote_number == engine.call(out_id).remote_uri.split(":")[0] or True
    return out_id, incoming.call.call_id


def talk(engine: SipEngine, events: EventLog, caller: str, callee: str) -> tuple[int, int]:
    out_id, in_id = ring(engine, events, caller, callee)
    engine.answer(in_id)
    assert engine.wait_for(
        lambda: engine.call(out_id).media_active and engine.call(in_id).media_active, 5
    )
    return out_id, in_id


def test_phrase_played_on_one_side_is_recorded_on_the_other(
    engine: SipEngine, events: EventLog, speech_wav: Path, tmp_path: Path
) -> None:
    alice, _ = local(engine, "alice"), local(engine, "bob")
    out_id, in_id = talk(engine, events, alice, "bob")
    recording = tmp_path / "bob-hears.wav"
    engine.start_recording(in_id, str(recording), both_sides=False)
    engine.play_file(out_id, str(speech_wav))
    engine.wait_for(lambda: False, 2.5)
    assert engine.stop_recording(in_id) == str(recording)
    assert wav_rms(speech_wav) > 0.02
    assert wav_rms(recording) > 0.01  # silence is ~0.0; measured ~0.05


def test_silence_is_recorded_as_silence(
    engine: SipEngine, events: EventLog, tmp_path: Path
) -> None:
    """The counterpart of the test above: it proves the RMS check can fail."""
    alice, _ = local(engine, "alice"), local(engine, "bob")
    _, in_id = talk(engine, events, alice, "bob")
    recording = tmp_path / "quiet.wav"
    engine.start_recording(in_id, str(recording))
    engine.wait_for(lambda: False, 0.6)
    engine.stop_recording(in_id)
    assert wav_rms(recording) < 0.001


def test_call_lifecycle_events_and_hangup(engine: SipEngine, events: EventLog) -> None:
    alice, _ = local(engine, "alice"), local(engine, "bob")
    out_id, in_id = ring(engine, events, alice, "bob")
    incoming = events.of(IncomingCall)[-1]
    assert incoming.waiting is False
    assert incoming.call.remote_number == "alice"
    assert engine.wait_for(lambda: engine.call(out_id).state is CallState.EARLY, 3)
    engine.answer(in_id)
    assert engine.wait_for(lambda: engine.call(out_id).state is CallState.CONFIRMED, 3)
    engine.wait_for(lambda: False, 0.3)
    engine.hangup(out_id)
    ended = events.wait(CallEnded, lambda e: e.call.call_id == in_id)
    assert ended.answered and ended.duration_s > 0.2
    assert engine.wait_for(lambda: engine.calls() == [], 3)
    states = [e.call.state for e in events.of(CallStateChanged) if e.call.call_id == out_id]
    assert states[0] is CallState.CALLING and states[-1] is CallState.DISCONNECTED


@pytest.mark.parametrize(("busy", "code"), [(True, 486), (False, 603)])
def test_reject_sends_busy_or_decline(
    engine: SipEngine, events: EventLog, busy: bool, code: int
) -> None:
    alice, _ = local(engine, "alice"), local(engine, "bob")
    out_id, in_id = ring(engine, events, alice, "bob")
    engine.reject(in_id, busy=busy)
    ended = events.wait(CallEnded, lambda e: e.call.call_id == out_id)
    assert ended.status_code == code and not ended.answered


def test_hold_is_seen_by_the_far_end_and_resume_undoes_it(
    engine: SipEngine, events: EventLog
) -> None:
    alice, _ = local(engine, "alice"), local(engine, "bob")
    out_id, in_id = talk(engine, events, alice, "bob")
    engine.hold(out_id)
    assert engine.call(out_id).on_hold
    assert engine.wait_for(lambda: engine.call(in_id).remote_hold, 5)
    engine.resume(out_id)
    assert engine.wait_for(lambda: not engine.call(in_id).remote_hold, 5)
    assert not engine.call(out_id).on_hold


def test_resume_pressed_while_the_hold_is_still_being_sent_follows_it(
    engine: SipEngine, events: EventLog
) -> None:
    """PJSIP refuses a re-INVITE during another; the engine sends it when the first is done."""
    alice, _ = local(engine, "alice"), local(engine, "bob")
    out_id, in_id = talk(engine, events, alice, "bob")
    engine.hold(out_id)
    engine.resume(out_id)  # no pump in between: the hold re-INVITE is still in flight
    assert not engine.call(out_id).on_hold
    assert engine.wait_for(lambda: engine.call(in_id).remote_hold, 5)
    assert engine.wait_for(lambda: not engine.call(in_id).remote_hold, 5)
    engine.hold(out_id)
    assert engine.wait_for(lambda: engine.call(in_id).remote_hold, 5)
    assert not any("удерж" in f.message for f in events.of(EngineFailure))


def test_mute_stops_the_microphone_only_in_our_snapshot_and_wiring(
    engine: SipEngine, events: EventLog
) -> None:
    alice, _ = local(engine, "alice"), local(engine, "bob")
    out_id, _ = talk(engine, events, alice, "bob")
    engine.set_mute(out_id, True)
    assert engine.call(out_id).muted
    engine.set_mute(out_id, False)
    assert not engine.call(out_id).muted


@pytest.mark.parametrize("method", [DtmfMethod.RFC2833, DtmfMethod.SIP_INFO])
def test_dtmf_reaches_the_far_end(
    engine: SipEngine, events: EventLog, method: DtmfMethod
) -> None:
    alice, _ = local(engine, "alice"), local(engine, "bob")
    out_id, in_id = talk(engine, events, alice, "bob")
    engine.send_dtmf(out_id, "19*#", method)

    def digits() -> str:
        return "".join(e.digit for e in events.of(DtmfReceived) if e.call_id == in_id)

    assert engine.wait_for(lambda: digits() == "19*#", 5), digits()


def test_blind_transfer_connects_the_far_end_to_the_target(
    engine: SipEngine, events: EventLog
) -> None:
    alice, _, _ = local(engine, "alice"), local(engine, "bob"), local(engine, "carol")
    out_id, in_id = talk(engine, events, alice, "bob")
    engine.auto_answer = True  # carol picks up by herself
    engine.transfer_blind(in_id, f"sip:carol@{sip_address(engine)}")  # bob sends alice to carol
    assert engine.wait_for(lambda: in_id not in [c.call_id for c in engine.calls()], 5)
    live = engine.calls()
    assert engine.wait_for(lambda: len([c for c in engine.calls() if c.media_active]) == 2, 5)
    live = engine.calls()
    numbers = sorted(c.remote_number for c in live)
    assert numbers == ["alice", "carol"], live
    assert out_id not in [c.call_id for c in live]  # alice's old leg was replaced by a new call
    result = events.wait(TransferResult)
    assert result.call_id == in_id and result.success and result.status_code == 200


