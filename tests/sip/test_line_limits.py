"""Callers that vanish and callers beyond the last slot (issue 14), with raw UDP/TCP and sipp.

The engine holds 4 calls (the wheel's PJSUA_MAX_CALLS). Abandoned INVITEs (no CANCEL, no ACK)
must not keep those slots: they end after the no-answer timeout (2 s here) with 480; a caller
beyond the last slot gets 486 at once and is published as a missed call, "линия занята".
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
from raw_sip import RawCaller, cancel, invite
from sip_helpers import (
    EventLog,
    Processes,
    engine_config,
    free_port,
    sip_address,
    sipp_media_port,
)

from softphone.sip import CallEnded, CallState, IncomingCall, LocalAccountSettings, SipEngine
from softphone.sip.line_control import LINE_BUSY, WHEEL_MAX_CALLS

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def engine() -> Iterator[SipEngine]:
    eng = SipEngine(engine_config(ring_timeout_s=2, log_level=3))
    eng.start()
    eng.add_local_account(LocalAccountSettings(user="operator"))
    try:
        yield eng
    finally:
        eng.shutdown()


@pytest.fixture
def caller(engine: SipEngine) -> Iterator[RawCaller]:
    raw = RawCaller(engine.port())
    try:
        yield raw
    finally:
        raw.close()


def pump(engine: SipEngine) -> None:
    engine.pump(5)


def test_the_engine_holds_four_calls_whatever_max_calls_asks(engine: SipEngine) -> None:
    assert engine.config.max_calls == 8  # asked of PJSIP ...
    assert engine.calls_at_once == WHEEL_MAX_CALLS == 4  # ... and what the wheel gives


def test_abandoned_invites_end_with_480_then_a_real_caller_rings(
    engine: SipEngine, caller: RawCaller, events: EventLog, processes: Processes
) -> None:
    for n in range(WHEEL_MAX_CALLS):
        caller.invite(f"+7912000000{n}")
    assert engine.wait_for(lambda: len(engine.calls()) == WHEEL_MAX_CALLS, 3)
    started = time.monotonic()

    # every slot taken: the next caller is refused at once, and the refusal is an event
    caller.invite("+79125550505")
    assert caller.wait_for(lambda: caller.count(486) == 1, lambda: pump(engine), 1.0)
    refused = events.wait(CallEnded, lambda e: e.status_code == 486, 1.0)
    assert time.monotonic() - started < 1.0
    assert (refused.call.remote_number, refused.reason, refused.answered) == (
        "+79125550505", LINE_BUSY, False,
    )

    # the vanished callers are turned away after the timeout, not kept ringing
    assert caller.wait_for(lambda: caller.count(480) == WHEEL_MAX_CALLS, lambda: pump(engine), 5)
    elapsed = time.monotonic() - started
    assert 1.8 <= elapsed <= 3.5, elapsed
    ended = [e for e in events.of(CallEnded) if e.status_code == 480]
    assert len(ended) == WHEEL_MAX_CALLS
    assert all(e.reason == "нет ответа за 2 с" and not e.answered for e in ended)
    assert engine.calls() == []

    # a real caller (sipp's stock UAC) now rings normally and talks
    proc = processes.start(
        "sipp",
        ["sipp", "-i", "127.0.0.1", "-p", str(free_port()), "-mp", str(sipp_media_port()),
         "-m", "1", "-nostdin", "-timeout", "20s", "-timeout_error", "-d", "300", "-sn", "uac",
         "-s", "operator", sip_address(engine)],
    )
    incoming = events.wait(IncomingCall, lambda e: e.call.remote_number == "sipp", 5)
    engine.answer(incoming.call.call_id)
    assert engine.wait_for(lambda: proc.poll() is not None, 15)
    assert proc.returncode == 0, processes.output(proc)


def test_a_caller_given_the_call_id_of_a_call_that_just_ended_keeps_ringing(
    engine: SipEngine, caller: RawCaller, events: EventLog
) -> None:
    """Under a burst PJSIP gives the next INVITE the id of a call that ended in the same round
    of events; releasing the ended call must not touch the new one (pjsua2's ~Call() would
    decline it with 603 and unhook it from the engine: bench line_stress lost 32 of 600)."""
    engine.ring_timeout_s = 0
    first_id = "first-" + "0" * 26
    caller.invite("+79120000000", call_id=first_id)
    for n in range(1, WHEEL_MAX_CALLS):  # every other slot taken: only the first one frees
        caller.invite(f"+7912000000{n}")
    assert engine.wait_for(lambda: len(engine.calls()) == WHEEL_MAX_CALLS, 3)
    caller.drain()
    # the first caller gives up and a new one calls, in one round of the engine's events
    caller.send(cancel(engine.port(), caller.port, "+79120000000", first_id))
    caller.invite("+79125550000")
    time.sleep(0.05)  # both datagrams are waiting before the engine looks
    pump(engine)
    new = events.wait(IncomingCall, lambda e: e.call.remote_number == "+79125550000", 2)
    events.wait(CallEnded, lambda e: e.call.remote_number == "+79120000000", 2)
    assert engine.wait_for(lambda: False, 0.5) is False  # a few more rounds of events
    assert caller.count(603) == 0, caller.received
    assert engine.call(new.call.call_id).state in (CallState.INCOMING, CallState.EARLY)
    assert not [e for e in events.of(CallEnded) if e.call.remote_number == "+79125550000"]
    engine.reject(new.call.call_id)  # and the engine still reaches it
    assert caller.wait_for(lambda: caller.count(486) == 1, lambda: pump(engine), 2)


def test_timeout_zero_keeps_ringing_and_a_new_timeout_applies_at_once(
    engine: SipEngine, caller: RawCaller, events: EventLog
) -> None:
    engine.ring_timeout_s = 0
    caller.invite("+79120000001")
    incoming = events.wait(IncomingCall)
    engine.wait_for(lambda: False, 2.5)
    assert engine.call(incoming.call.call_id).state in (CallState.INCOMING, CallState.EARLY)
    engine.ring_timeout_s = 1  # already rang longer: it ends on the next pump
    ended = events.wait(CallEnded, timeout_s=1.0)
    assert (ended.status_code, ended.reason) == (480, "нет ответа за 1 с")
    with pytest.raises(ValueError):
        engine.ring_timeout_s = -1


def test_a_tcp_caller_that_hung_up_its_connection_while_ringing_ends_at_the_timeout(
    engine: SipEngine, events: EventLog
) -> None:
    """PJSIP sees no error answering on a closed inbound TCP connection: only the timeout helps."""
    with socket.socket() as dead:  # the Via points at a port nobody listens on
        dead.bind(("127.0.0.1", 0))
        via_port = dead.getsockname()[1]
    conn = socket.create_connection(("127.0.0.1", engine.port("tcp")))
    conn.sendall(invite(engine.port("tcp"), via_port, "+79120000002", transport="TCP"))
    incoming = events.wait(IncomingCall)
    conn.close()
    ended = events.wait(CallEnded, timeout_s=4)
    assert ended.call.call_id == incoming.call.call_id and ended.status_code == 480
    assert engine.calls() == []


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_calls_that_cannot_be_reached_after_our_200_end_by_themselves(
    engine: SipEngine, caller: RawCaller, events: EventLog
) -> None:
    """What PJSIP already does, measured: no ACK to our 200 over UDP -> 200 resent for 32 s
    (64*T1), then a BYE that itself times out: ended with 408 after ~64 s. Over TCP with the
    connection gone: 408 after ~32 s. Either way the slot is free again without us."""
    engine.ring_timeout_s = 0
    caller.invite("+79120000003")
    udp = events.wait(IncomingCall)
    with socket.socket() as dead:
        dead.bind(("127.0.0.1", 0))
        via_port = dead.getsockname()[1]
    conn = socket.create_connection(("127.0.0.1", engine.port("tcp")))
    conn.sendall(invite(engine.port("tcp"), via_port, "+79120000004", transport="TCP"))
    tcp = events.wait(IncomingCall, lambda e: e.call.call_id != udp.call.call_id)
    started = time.monotonic()
    engine.answer(udp.call.call_id)
    conn.close()
    engine.answer(tcp.call.call_id)
    when: dict[int, float] = {}

    def note() -> bool:
        for e in events.of(CallEnded):
            when.setdefault(e.call.call_id, time.monotonic() - started)
        caller.drain()
        return len(when) == 2

    assert engine.wait_for(note, 75)
    assert 28 <= when[tcp.call.call_id] <= 40, when
    assert 55 <= when[udp.call.call_id] <= 72, when
    codes = {e.call.call_id: e.status_code for e in events.of(CallEnded)}
    assert codes == {udp.call.call_id: 408, tcp.call.call_id: 408}
    assert sum(1 for line in caller.received if line.startswith("SIP/2.0 200")) >= 5  # resent
    assert any(line.startswith("BYE ") for line in caller.received)
    assert engine.calls() == []
