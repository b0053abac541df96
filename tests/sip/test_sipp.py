"""The engine against sipp, an independent SIP implementation, as UAS and as UAC."""

from __future__ import annotations

import pytest
from sip_helpers import (
    SCENARIOS,
    EventLog,
    Processes,
    free_port,
    sip_address,
    sipp_media_port,
)

from softphone.sip import (
    CallEnded,
    CallState,
    DtmfMethod,
    LocalAccountSettings,
    SipEngine,
    TransferResult,
)

pytestmark = pytest.mark.timeout(40)


def sipp(processes: Processes, *args: str, calls: int = 1) -> tuple[object, int]:
    """Start sipp on 127.0.0.1 with its own free SIP and media ports; (process, sip port)."""
    port = free_port()
    proc = processes.start(
        "sipp",
        ["sipp", "-i", "127.0.0.1", "-p", str(port), "-mp", str(sipp_media_port()),
         "-m", str(calls), "-nostdin", "-timeout", "25s", "-timeout_error", *args],
    )
    return proc, port


def finish(proc: object, engine: SipEngine, timeout_s: float = 15) -> int:
    """Pump our engine while sipp runs, then sipp's exit code (0 = every call succeeded)."""
    assert engine.wait_for(lambda: proc.poll() is not None, timeout_s), "sipp did not finish"
    return int(proc.returncode)


def test_engine_calls_sipp_uas_and_hangs_up(
    engine: SipEngine, events: EventLog, processes: Processes
) -> None:
    proc, port = sipp(processes, "-sn", "uas")
    account = engine.add_local_account(LocalAccountSettings(user="operator"))
    engine.wait_for(lambda: False, 0.3)  # let sipp bind
    call_id = engine.dial(f"sip:service@127.0.0.1:{port}", account)
    assert engine.wait_for(lambda: engine.call(call_id).state is CallState.CONFIRMED, 5)
    engine.hangup(call_id)
    ended = events.wait(CallEnded)
    assert ended.answered
    assert finish(proc, engine) == 0, processes.output(proc)


def test_sipp_uac_calls_the_auto_answering_engine(
    engine: SipEngine, events: EventLog, processes: Processes
) -> None:
    engine.add_local_account(LocalAccountSettings(user="operator"))
    engine.auto_answer = True
    proc, _ = sipp(
        processes, "-sn", "uac", "-s", "operator", "-r", "10", sip_address(engine), calls=5
    )
    assert finish(proc, engine, 20) == 0, processes.output(proc)
    ended = events.of(CallEnded)
    assert len(ended) == 5 and all(e.answered for e in ended)


def test_dtmf_by_sip_info_is_what_the_far_end_expects(
    engine: SipEngine, processes: Processes
) -> None:
    proc, port = sipp(processes, "-sf", str(SCENARIOS / "uas_dtmf_info.xml"))
    account = engine.add_local_account(LocalAccountSettings(user="operator"))
    engine.wait_for(lambda: False, 0.3)
    call_id = engine.dial(f"sip:ivr@127.0.0.1:{port}", account)
    assert engine.wait_for(lambda: engine.call(call_id).state is CallState.CONFIRMED, 5)
    engine.send_dtmf(call_id, "5", DtmfMethod.SIP_INFO)
    engine.wait_for(lambda: False, 0.5)
    engine.hangup(call_id)
    assert finish(proc, engine) == 0, processes.output(proc)


def test_wrong_dtmf_digit_fails_the_sipp_scenario(engine: SipEngine, processes: Processes) -> None:
    """Proves the scenario above really checks the digit."""
    proc, port = sipp(processes, "-sf", str(SCENARIOS / "uas_dtmf_info.xml"))
    account = engine.add_local_account(LocalAccountSettings(user="operator"))
    engine.wait_for(lambda: False, 0.3)
    call_id = engine.dial(f"sip:ivr@127.0.0.1:{port}", account)
    assert engine.wait_for(lambda: engine.call(call_id).state is CallState.CONFIRMED, 5)
    engine.send_dtmf(call_id, "7", DtmfMethod.SIP_INFO)
    engine.wait_for(lambda: False, 0.5)
    engine.hangup(call_id)
    assert finish(proc, engine) != 0


def test_busy_far_end_ends_the_call_with_486(
    engine: SipEngine, events: EventLog, processes: Processes
) -> None:
    proc, port = sipp(processes, "-sf", str(SCENARIOS / "uas_busy.xml"))
    account = engine.add_local_account(LocalAccountSettings(user="operator"))
    engine.wait_for(lambda: False, 0.3)
    call_id = engine.dial(f"sip:busy@127.0.0.1:{port}", account)
    ended = events.wait(CallEnded, lambda e: e.call.call_id == call_id)
    assert ended.status_code == 486 and not ended.answered
    assert finish(proc, engine) == 0, processes.output(proc)


def test_blind_transfer_to_a_busy_target_reports_failure_and_keeps_the_call(
    engine: SipEngine, events: EventLog, processes: Processes
) -> None:
    proc, port = sipp(processes, "-sf", str(SCENARIOS / "uas_busy.xml"))
    alice = engine.add_local_account(LocalAccountSettings(user="alice"))
    engine.add_local_account(LocalAccountSettings(user="bob"))
    engine.auto_answer = True
    out_id = engine.dial(f"sip:bob@{sip_address(engine)}", alice)
    assert engine.wait_for(lambda: engine.call(out_id).media_active, 5)
    bob_leg = next(c.call_id for c in engine.calls() if c.call_id != out_id)
    engine.transfer_blind(bob_leg, f"sip:busy@127.0.0.1:{port}")
    result = events.wait(TransferResult, timeout_s=8)
    assert result.call_id == bob_leg and not result.success and result.status_code == 486
    assert engine.call(bob_leg).state is CallState.CONFIRMED  # the operator still has the caller
    assert finish(proc, engine) == 0, processes.output(proc)
