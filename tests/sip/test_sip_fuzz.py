"""Our own SIP robustness test (issue 14): 10,000 malformed messages at the engine over UDP.

The messages come from a seeded generator (sip_fuzz.py), so a failure is reproducible with
the same seed. After every batch of 500 the engine must still answer OPTIONS with 200, take a
real call end to end (one account of the engine dials another over the UDP transport, the
callee answers, both hang up), and hold no call: nothing the fuzzer got through may keep a
slot (INVITEs that were good enough to ring end after the 1 s no-answer timeout).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from raw_sip import RawCaller, options
from sip_fuzz import messages
from sip_helpers import EventLog, engine_config, sip_address

from softphone.sip import CallState, IncomingCall, LocalAccountSettings, SipEngine

SEED = 14
COUNT = 10_000
BATCH = 500

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


@pytest.fixture
def engine() -> Iterator[SipEngine]:
    eng = SipEngine(engine_config(ring_timeout_s=1, log_level=1, tcp_port=None))
    eng.start()
    try:
        yield eng
    finally:
        eng.shutdown()


def answers_options(engine: SipEngine, probe: RawCaller, seq: int) -> bool:
    probe.drain()
    before = probe.count(200)
    probe.send(options(engine.port(), probe.port, seq))
    return probe.wait_for(lambda: probe.count(200) > before, lambda: engine.pump(5), 2.0)


def real_call(engine: SipEngine, events: EventLog, caller: str, callee_user: str) -> None:
    """caller dials callee over the UDP transport; answered, confirmed both ways, hung up."""
    seen = len(events.of(IncomingCall))
    out = engine.dial(f"sip:{callee_user}@{sip_address(engine)}", caller)
    incoming = events.wait(
        IncomingCall, lambda e: e in events.of(IncomingCall)[seen:]
        and e.call.remote_uri.startswith("sip:agent"), 3.0,
    )
    engine.answer(incoming.call.call_id)
    assert engine.wait_for(
        lambda: engine.call(out).state is CallState.CONFIRMED
        and engine.call(incoming.call.call_id).state is CallState.CONFIRMED, 3.0,
    )
    engine.hangup(out)


def test_ten_thousand_malformed_messages_leave_the_engine_answering(engine: SipEngine) -> None:
    events = EventLog(engine)
    engine.add_local_account(LocalAccountSettings(user="operator"))
    agent = engine.add_local_account(LocalAccountSettings(user="agent"))
    fuzzer, probe = RawCaller(engine.port()), RawCaller(engine.port())
    sent = 0
    started = time.monotonic()
    try:
        batch_msgs = messages(SEED, COUNT, engine.port(), fuzzer.port)
        assert len(set(batch_msgs)) > COUNT * 0.9  # varied, not one message repeated
        for batch in range(COUNT // BATCH):
            for data in batch_msgs[batch * BATCH:(batch + 1) * BATCH]:
                fuzzer.send(data)
                sent += 1
                engine.pump(0)  # take each one in before the next (no socket overflow)
            fuzzer.drain()
            assert answers_options(engine, probe, batch + 1), f"no OPTIONS answer after {sent}"
            # whatever rang from this batch ends after the 1 s timeout: no slot leaks
            assert engine.wait_for(lambda: engine.calls() == [], 3.0), engine.calls()
            real_call(engine, events, agent, "operator")
            assert engine.wait_for(lambda: engine.calls() == [], 3.0), engine.calls()
    finally:
        fuzzer.close()
        probe.close()
    assert sent == COUNT
    # PJSIP parsed them and answered many (400, 481, 486, 501 ...): they were not lost in transit
    replies = [line for line in fuzzer.received if line.startswith("SIP/2.0 ")]
    assert len(replies) > COUNT // 10, len(replies)
    assert time.monotonic() - started < 240
