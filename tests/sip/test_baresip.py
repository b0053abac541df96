"""The engine against baresip (an independent SIP and RTP stack): calls both ways, real audio."""

from __future__ import annotations

from pathlib import Path

import pytest
from baresip_peer import baresip_dir, console_command, start_baresip
from sip_helpers import EventLog, Processes, sip_address, wav_rms

from softphone.sip import CallEnded, IncomingCall, LocalAccountSettings, SipEngine

pytestmark = pytest.mark.timeout(40)


def test_engine_calls_baresip_and_hears_its_tone(
    engine: SipEngine, events: EventLog, processes: Processes, tmp_path: Path
) -> None:
    folder, port, _ = baresip_dir(tmp_path)
    proc = start_baresip(processes, folder)
    account = engine.add_local_account(LocalAccountSettings(user="operator"))
    call_id = engine.dial(f"sip:bob@127.0.0.1:{port}", account)
    assert engine.wait_for(lambda: engine.call(call_id).media_active, 8), processes.output(proc)
    recording = tmp_path / "from-baresip.wav"
    engine.start_recording(call_id, str(recording), both_sides=False)
    engine.wait_for(lambda: False, 1.5)
    engine.stop_recording(call_id)
    assert wav_rms(recording) > 0.05  # baresip's 440 Hz at half scale arrived; measured ~0.35
    engine.hangup(call_id)
    ended = events.wait(CallEnded, lambda e: e.call.call_id == call_id)
    assert ended.answered
    assert proc.poll() is None  # baresip is still healthy after our BYE


def test_baresip_calls_the_engine_which_answers(
    engine: SipEngine, events: EventLog, processes: Processes, tmp_path: Path
) -> None:
    folder, _, console = baresip_dir(tmp_path)
    engine.add_local_account(LocalAccountSettings(user="operator"))
    proc = start_baresip(processes, folder)
    dial = f"/dial sip:operator@{sip_address(engine)}"
    for _attempt in range(3):  # resent only when no call arrived: a UDP command can be lost
        echoed = console_command(console, dial)
        if engine.wait_for(lambda: bool(events.of(IncomingCall)), 5):
            break
    else:
        raise AssertionError(f"baresip never called (echo {echoed!r}):\n{processes.output(proc)}")
    incoming = events.of(IncomingCall)[0]
    assert incoming.call.remote_number == "bob"
    engine.answer(incoming.call.call_id)
    assert engine.wait_for(lambda: engine.call(incoming.call.call_id).media_active, 5)
    recording = tmp_path / "inbound.wav"
    engine.start_recording(incoming.call.call_id, str(recording), both_sides=False)
    engine.wait_for(lambda: False, 1.0)
    engine.stop_recording(incoming.call.call_id)
    assert wav_rms(recording) > 0.05
    engine.hangup(incoming.call.call_id)
    events.wait(CallEnded)
    assert proc.poll() is None
