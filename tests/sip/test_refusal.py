"""The desk refuses calls while the operator is not ready (issue 17): sipp callers hear the
status the admin chose (486 or 480), the engine publishes each as a never-answered call with the
reason, and once the desk takes calls again the next caller rings."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sip_helpers import EventLog, Processes, free_port, sip_address, sipp_media_port

from softphone.sip import CallEnded, IncomingCall, LocalAccountSettings, SipEngine

pytestmark = pytest.mark.timeout(60)
SCENARIOS = Path(__file__).parents[1] / "ui" / "scenarios"


def call_from(
    processes: Processes, engine: SipEngine, scenario: str, number: str
) -> subprocess.Popen[bytes]:
    return processes.start(
        "sipp",
        ["sipp", "-i", "127.0.0.1", "-p", str(free_port()), "-mp", str(sipp_media_port()),
         "-m", "1", "-nostdin", "-timeout", "15s", "-timeout_error",
         "-sf", str(SCENARIOS / scenario), "-key", "caller", number, "-s", "operator",
         sip_address(engine)],
    )


@pytest.mark.parametrize(
    ("status", "scenario"), [(486, "uac_caller_busy.xml"), (480, "uac_caller_unavailable.xml")]
)
def test_refused_callers_hear_the_chosen_status_and_are_published_with_the_reason(
    engine: SipEngine, events: EventLog, processes: Processes, status: int, scenario: str
) -> None:
    engine.add_local_account(LocalAccountSettings(user="operator"))
    engine.refuse_incoming(status, "перерыв: обед")
    assert engine.refusal == (status, "перерыв: обед")
    proc = call_from(processes, engine, scenario, "+79125550101")
    assert engine.wait_for(lambda: proc.poll() is not None, 15)
    assert proc.returncode == 0, processes.output(proc)  # the scenario fails on any other answer
    ended = events.wait(CallEnded, lambda e: e.call.remote_number == "+79125550101", 2)
    assert (ended.status_code, ended.reason, ended.answered) == (status, "перерыв: обед", False)
    assert events.of(IncomingCall) == []  # it never rang at the desk
    assert engine.wait_for(lambda: engine.calls() == [], 2)

    engine.accept_incoming()
    assert engine.refusal is None
    ringing = call_from(processes, engine, "uac_caller_busy.xml", "+79125550202")
    incoming = events.wait(IncomingCall, lambda e: e.call.remote_number == "+79125550202", 5)
    engine.reject(incoming.call.call_id)  # the operator's own «busy»: the scenario expects 486
    assert engine.wait_for(lambda: ringing.poll() is not None, 10)
    assert ringing.returncode == 0, processes.output(ringing)


def test_only_486_and_480_can_be_chosen(engine: SipEngine) -> None:
    with pytest.raises(ValueError):
        engine.refuse_incoming(503, "перерыв")
    assert engine.refusal is None
