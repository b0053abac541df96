"""bench startup's far end (bench/scenarios/uas_answer_then_bye.xml) against the real engine:
the app's first call there must really ring, be answered and be hung up by sipp, or the
bench's "after a call" figure would be the RSS of a desk whose call failed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sip_helpers import EventLog, Processes
from test_sipp import finish, sipp

from softphone.sip import CallEnded, CallState, LocalAccountSettings, SipEngine

pytestmark = pytest.mark.timeout(40)

SCENARIO = Path(__file__).parents[2] / "bench" / "scenarios" / "uas_answer_then_bye.xml"


def test_far_end_rings_answers_and_hangs_up_by_itself(
    engine: SipEngine, events: EventLog, processes: Processes
) -> None:
    proc, port = sipp(processes, "-sf", str(SCENARIO))
    account = engine.add_local_account(LocalAccountSettings(user="operator"))
    engine.wait_for(lambda: False, 0.3)  # let sipp bind
    call_id = engine.dial(f"sip:bench@127.0.0.1:{port}", account)
    assert engine.wait_for(lambda: engine.call(call_id).state is CallState.EARLY, 5)
    ended = events.wait(CallEnded, timeout_s=15)  # nobody here hangs up: sipp's BYE ends it
    assert ended.answered and ended.status_code == 200
    assert 3.5 <= ended.duration_s <= 6.0, ended.duration_s
    assert finish(proc, engine) == 0, processes.output(proc)
