"""Scenarios that need more parties than one process may hold (the wheel allows 4 calls):
the far parties run in a second process (sip_peer.py, the same real engine)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sip_helpers import EventLog, Peer, Processes, sip_address

from softphone.sip import IncomingCall, LocalAccountSettings, SipEngine, TransferResult

pytestmark = pytest.mark.timeout(40)


@pytest.fixture
def peer(processes: Processes, engine: SipEngine) -> Iterator[Peer]:
    far = Peer(processes)
    yield far
    assert far.quit(engine) == 0  # the peer shut its engine down without an abort


def confirmed(peer_account: str, remote: str) -> object:
    return lambda m: (
        m.get("event") == "CallStateChanged"
        and m.get("account_id") == peer_account
        and m.get("remote_number") == remote
        and m.get("state") == "confirmed"
    )


def test_call_waiting_switching_holds_the_other_caller(
    engine: SipEngine, events: EventLog, peer: Peer
) -> None:
    engine.add_local_account(LocalAccountSettings(user="bob"))
    alice, carol = peer.send("account alice"), peer.send("account carol")
    bob_uri = f"sip:bob@{sip_address(engine)}"
    peer.send(f"dial {alice} {bob_uri}", engine)
    first = events.wait(IncomingCall).call.call_id
    engine.answer(first)
    peer.wait(confirmed(str(alice), "bob"), 5, engine=engine)
    peer.send(f"dial {carol} {bob_uri}", engine)
    second = events.wait(IncomingCall, lambda e: e.call.call_id != first)
    assert second.waiting is True  # the UI plays the call-waiting tone, not the ringtone
    engine.switch_to(second.call.call_id)
    peer.wait(confirmed(str(carol), "bob"), 5, engine=engine)
    held = peer.wait(
        lambda m: m.get("account_id") == alice and m.get("remote_hold") is True, 5, engine=engine
    )
    assert held["event"] == "MediaStateChanged"
    assert engine.call(first).on_hold and not engine.call(second.call.call_id).on_hold
    mark = len(peer.lines)
    engine.switch_to(first)
    peer.wait(
        lambda m: m.get("account_id") == carol and m.get("remote_hold") is True,
        5, start=mark, engine=engine,
    )
    peer.wait(
        lambda m: m.get("account_id") == alice and m.get("remote_hold") is False
        and m.get("event") == "MediaStateChanged",
        5, start=mark, engine=engine,
    )


def test_attended_transfer_joins_the_two_far_parties(
    engine: SipEngine, events: EventLog, peer: Peer
) -> None:
    """Bob talks to alice, consults carol, then joins them and leaves."""
    bob = engine.add_local_account(LocalAccountSettings(user="bob"))
    alice, carol = peer.send("account alice"), peer.send("account carol")
    peer.send("auto_answer 1")
    to_alice = engine.dial(f"sip:alice@{peer.address}", bob)
    to_carol = engine.dial(f"sip:carol@{peer.address}", bob)
    assert engine.wait_for(
        lambda: engine.call(to_alice).media_active and engine.call(to_carol).media_active, 5
    )
    engine.hold(to_alice)
    engine.transfer_attended(to_alice, to_carol)
    assert engine.wait_for(lambda: engine.calls() == [], 8), engine.calls()
    assert events.wait(TransferResult).success
    # alice (told by REFER) calls carol with Replaces; carol's leg to bob is replaced
    peer.wait(confirmed(str(alice), "carol"), 5, engine=engine)
    peer.wait(confirmed(str(carol), "alice"), 5, engine=engine)
