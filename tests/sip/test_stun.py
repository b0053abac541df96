"""STUN servers from the EngineConfig, against a tiny real STUN server on 127.0.0.1."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest
from sip_helpers import EventLog, Processes, engine_config, free_port, sipp_media_port
from stun_responder import StunResponder

from softphone.sip import CallEnded, CallState, EngineFailure, LocalAccountSettings, SipEngine

pytestmark = pytest.mark.timeout(40)


@pytest.fixture
def stun() -> Iterator[StunResponder]:
    server = StunResponder().start()
    yield server
    server.stop()


@pytest.fixture
def silent_stun() -> Iterator[StunResponder]:
    server = StunResponder(silent=True).start()
    yield server
    server.stop()


def started(servers: tuple[str, ...]) -> tuple[SipEngine, float]:
    engine = SipEngine(engine_config(stun_servers=servers))
    begun = time.monotonic()
    engine.start()
    return engine, time.monotonic() - begun


def call_sipp(engine: SipEngine, processes: Processes) -> tuple[int, object]:
    port = free_port()
    proc = processes.start(
        "sipp",
        ["sipp", "-i", "127.0.0.1", "-p", str(port), "-mp", str(sipp_media_port()), "-m", "1",
         "-nostdin", "-timeout", "30s", "-timeout_error", "-sn", "uas"],
    )
    account = engine.add_local_account(LocalAccountSettings(user="operator"))
    engine.wait_for(lambda: False, 0.3)  # let sipp bind
    return engine.dial(f"sip:service@127.0.0.1:{port}", account), proc


def hang_up(engine: SipEngine, events: EventLog, call_id: int) -> None:
    """Our BYE ends the call (sipp's uas then lingers 4 s; the fixture ends it by pid)."""
    engine.hangup(call_id)
    assert events.wait(CallEnded, lambda e: e.call.call_id == call_id).answered


def test_engine_asks_the_stun_server_and_uses_it(
    stun: StunResponder, processes: Processes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="softphone.sip")
    engine, took = started((stun.address,))
    try:
        events = EventLog(engine)
        assert took < 2.0
        assert engine.wait_for(lambda: engine.stun_server == stun.address, 5), stun.requests
        assert stun.requests and all(host == "127.0.0.1" for host, _ in stun.requests)
        assert f"STUN: {stun.address} answers" in caplog.text
        asked = len(stun.requests)
        call_id, _ = call_sipp(engine, processes)
        assert engine.wait_for(lambda: engine.call(call_id).media_active, 8)
        assert len(stun.requests) > asked  # the call's RTP socket learnt its public address
        hang_up(engine, events, call_id)
        assert not events.of(EngineFailure)
    finally:
        engine.shutdown()


def test_a_stun_server_that_never_answers_delays_neither_start_nor_calls_for_long(
    silent_stun: StunResponder, processes: Processes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="softphone.sip")
    engine, took = started((silent_stun.address,))
    try:
        events = EventLog(engine)
        assert took < 2.0  # PJSIP would wait ~8 s here if the servers went in at libInit
        dialled = time.monotonic()
        call_id, _ = call_sipp(engine, processes)  # while STUN is still being tried
        assert engine.wait_for(lambda: engine.call(call_id).state is CallState.CONFIRMED, 15)
        assert time.monotonic() - dialled < 12  # PJSIP's STUN gives up after ~8 s
        failure = events.wait(EngineFailure, timeout_s=12)
        assert "STUN" in failure.message and silent_stun.address in failure.message
        assert "no answer from" in caplog.text
        assert silent_stun.requests  # it was asked, it just never answered
        assert engine.stun_server == ""
        hang_up(engine, events, call_id)
        again = time.monotonic()  # after the failure, calls no longer wait for STUN
        call_id, _ = call_sipp(engine, processes)
        assert engine.wait_for(lambda: engine.call(call_id).state is CallState.CONFIRMED, 5)
        assert time.monotonic() - again < 3
        hang_up(engine, events, call_id)
    finally:
        engine.shutdown()
