"""The operator's window making and taking real calls: sipp and a peer softphone on 127.0.0.1.

Everything is driven the way an operator drives it (typing, clicking, function keys), and
checked on both sides: the window's call list and what the far end saw.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from softphone.sip.events import CallState
from softphone.ui.phone.ringer import RingState
from tests.sip.sip_helpers import Peer, Processes
from tests.ui.phone_helpers import (
    Phone,
    close_phone,
    open_phone,
    peer_saw,
    start_sipp,
    wait_exit,
)

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def phone(tmp_path: Path, qtbot, processes: Processes) -> Iterator[Phone]:
    # processes is listed first so peers are killed only after the engine has hung up
    phone = open_phone(tmp_path, qtbot)
    try:
        yield phone
    finally:
        close_phone(phone)


def history_kinds(phone: Phone) -> list[str]:
    return [r.kind for r in phone.call_log.history()]


def test_dial_a_sip_uri_from_the_number_field_to_sipp_and_hang_up(
    phone: Phone, processes: Processes, qtbot
) -> None:
    sipp, port = start_sipp(processes, "-sn", "uas")
    qtbot.wait(300)  # let sipp bind
    window = phone.window
    qtbot.keyClicks(window.number_field, f"sip:service@127.0.0.1:{port}")
    assert window.number_field.text() == f"sip:service@127.0.0.1:{port}"  # URIs are not reformatted
    qtbot.mouseClick(window.call_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: phone.call_in(CallState.CONFIRMED) is not None, timeout=5000)
    assert window.number_field.text() == ""
    call = phone.call_in(CallState.CONFIRMED)
    card = window.call_list.card(call.call_id)
    assert card.state_label.text() and card.buttons["hangup"].isVisibleTo(card)
    assert not card.buttons["answer"].isVisibleTo(card)
    qtbot.mouseClick(card.buttons["hangup"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.call_list) == 0, timeout=5000)
    assert wait_exit(qtbot, sipp) == 0  # sipp counted one successful call (BYE answered)
    qtbot.waitUntil(lambda: history_kinds(phone) == ["call_out"], timeout=5000)


@pytest.mark.parametrize("how", ["button", "shortcut"])
def test_answer_an_incoming_sipp_call(phone: Phone, processes: Processes, qtbot, how: str) -> None:
    sipp, _ = start_sipp(processes, "-sn", "uac", "-d", "1000", "-s", "operator", phone.address)
    window = phone.window
    qtbot.waitUntil(lambda: window.call_list.ringing_call() is not None, timeout=5000)
    assert phone.ringer.state is RingState.RINGING
    assert window.call_actions.answer.isEnabled()
    ringing = window.call_list.ringing_call()
    card = window.call_list.card(ringing.call_id)
    assert card.buttons["answer"].isVisibleTo(card) and card.buttons["reject"].isVisibleTo(card)
    # sipp hangs up 1 s after its ACK: what the bridge published, not the call list at one
    # moment, shows the answer (a GUI thread a second late would find the call already gone)
    states: list[CallState] = []
    phone.bridge.call_state_changed.connect(lambda call: states.append(call.state))
    if how == "button":
        qtbot.mouseClick(card.buttons["answer"], Qt.MouseButton.LeftButton)
    else:
        window.activateWindow()
        qtbot.keyClick(window, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: CallState.CONFIRMED in states, timeout=5000)
    assert phone.ringer.state is RingState.IDLE
    qtbot.waitUntil(lambda: len(window.call_list) == 0, timeout=8000)  # sipp hangs up after 1 s
    assert wait_exit(qtbot, sipp) == 0
    qtbot.waitUntil(lambda: history_kinds(phone) == ["call_in"], timeout=5000)


def test_reject_with_the_shortcut_sends_busy(phone: Phone, processes: Processes, qtbot) -> None:
    sipp, _ = start_sipp(processes, "-sn", "uac", "-s", "operator", phone.address)
    window = phone.window
    qtbot.waitUntil(lambda: window.call_list.ringing_call() is not None, timeout=5000)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: len(window.call_list) == 0, timeout=5000)
    assert wait_exit(qtbot, sipp) != 0  # the stock uac scenario expects 200, got 486
    assert "486" in window.statusBar().currentMessage()


@pytest.fixture
def peer(phone: Phone, processes: Processes) -> Iterator[Peer]:
    peer = Peer(processes)
    yield peer


def test_dtmf_hold_resume_and_mute_reach_the_far_end(phone: Phone, peer: Peer, qtbot) -> None:
    peer.send("account bob")
    peer.send("auto_answer 1")
    window = phone.window
    window.dial(f"sip:bob@{peer.address}")
    qtbot.waitUntil(lambda: phone.call_in(CallState.CONFIRMED) is not None, timeout=5000)
    call_id = phone.call_in(CallState.CONFIRMED).call_id
    qtbot.waitUntil(lambda: window.bridge.call(call_id).media_active, timeout=5000)
    media_up = lambda m: m.get("state") == "confirmed" and m.get("media_active")  # noqa: E731
    qtbot.waitUntil(lambda: peer_saw(peer, media_up), timeout=5000)

    # Tones first: a re-INVITE (hold, resume) restarts the far end's stream, and a tone sent
    # in that instant is lost, which is RTP's nature rather than the window's doing.
    window.activateWindow()
    window.call_list.setFocus()  # digits go to the call, not the number field
    for digit in "15#":
        qtbot.mouseClick(window.dialpad.buttons[digit], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "".join(str(m["digit"]) for m in peer.lines if m.get("event") == "DtmfReceived")
        == "15#",
        timeout=5000,
    )
    assert window.number_field.text() == ""

    mark = len(peer.lines)
    qtbot.keyClick(window, Qt.Key.Key_F5)  # hold
    held = lambda m: m.get("remote_hold") is True  # noqa: E731
    qtbot.waitUntil(lambda: peer_saw(peer, held, mark), timeout=5000)
    qtbot.waitUntil(lambda: window.call_list.card(call_id).call.on_hold, timeout=5000)
    card = window.call_list.card(call_id)
    assert card.buttons["hold"].isChecked() and card.buttons["hold"].text() != "Hold"
    assert window.call_actions.switch.isEnabled()  # a held call can be taken back with F8

    mark = len(peer.lines)
    qtbot.mouseClick(card.buttons["hold"], Qt.MouseButton.LeftButton)  # resume
    resumed = lambda m: m.get("remote_hold") is False  # noqa: E731
    qtbot.waitUntil(lambda: peer_saw(peer, resumed, mark), timeout=5000)
    qtbot.waitUntil(lambda: not window.call_list.card(call_id).call.on_hold, timeout=5000)

    qtbot.keyClick(window, Qt.Key.Key_F6)  # mute
    qtbot.waitUntil(lambda: window.call_list.card(call_id).call.muted, timeout=3000)
    assert card.buttons["mute"].isChecked()
    qtbot.keyClick(window, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: not window.call_list.card(call_id).call.muted, timeout=3000)


def test_blind_transfer_from_the_dialog_sends_the_far_end_to_sipp(
    phone: Phone, peer: Peer, processes: Processes, qtbot
) -> None:
    sipp, port = start_sipp(processes, "-sn", "uas")
    peer.send("account bob")
    peer.send("auto_answer 1")
    window = phone.window
    window.dial(f"sip:bob@{peer.address}")
    qtbot.waitUntil(lambda: phone.call_in(CallState.CONFIRMED) is not None, timeout=5000)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F7)
    dialog = window.transfer_dialog
    assert dialog is not None and not dialog.blind_button.isEnabled()
    qtbot.keyClicks(dialog.number, f"sip:service@127.0.0.1:{port}")
    qtbot.mouseClick(dialog.blind_button, Qt.MouseButton.LeftButton)
    target = f"127.0.0.1:{port}"
    qtbot.waitUntil(
        lambda: any(
            m.get("state") == "confirmed" and target in str(m.get("remote_uri"))
            for m in peer.lines
        ),
        timeout=8000,
    )
    qtbot.waitUntil(lambda: len(window.call_list) == 0, timeout=8000)  # our leg is released
    assert sipp.poll() is None  # sipp is talking to bob now


def test_missed_call_shows_in_history_with_a_badge(phone: Phone, peer: Peer, qtbot) -> None:
    alice = peer.send("account alice")
    window = phone.window
    window.side_tabs.setCurrentIndex(-1)  # not looking at the history
    caller = peer.send(f"dial {alice} sip:operator@{phone.address}", phone.engine)
    qtbot.waitUntil(lambda: window.call_list.ringing_call() is not None, timeout=5000)
    peer.send(f"hangup {caller}", phone.engine)  # alice gives up: CANCEL
    qtbot.waitUntil(lambda: len(window.call_list) == 0, timeout=5000)
    qtbot.waitUntil(lambda: history_kinds(phone) == ["call_missed"], timeout=5000)
    qtbot.waitUntil(lambda: window.history.model.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: "1" in window.side_tabs.tabText(window.history_tab), timeout=5000)
    assert phone.ringer.state is RingState.IDLE


def test_call_waiting_answer_holds_the_first_and_f8_switches(
    phone: Phone, peer: Peer, qtbot
) -> None:
    alice, carol = peer.send("account alice"), peer.send("account carol")
    window = phone.window
    me = f"sip:operator@{phone.address}"
    peer.send(f"dial {alice} {me}", phone.engine)
    qtbot.waitUntil(lambda: window.call_list.ringing_call() is not None, timeout=5000)
    first = window.call_list.ringing_call().call_id
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: window.call_list.active_call() is not None, timeout=5000)
    peer.send(f"dial {carol} {me}", phone.engine)
    qtbot.waitUntil(lambda: window.call_list.ringing_call() is not None, timeout=5000)
    second = window.call_list.ringing_call().call_id
    assert phone.ringer.state is RingState.WAITING  # beeps, not the ringtone, while talking
    qtbot.keyClick(window, Qt.Key.Key_F2)
    qtbot.waitUntil(
        lambda: window.call_list.card(first).call.on_hold
        and window.call_list.active_call() is not None
        and window.call_list.active_call().call_id == second,
        timeout=5000,
    )
    qtbot.keyClick(window, Qt.Key.Key_F8)  # back to alice; carol waits on hold
    qtbot.waitUntil(
        lambda: window.call_list.card(second).call.on_hold
        and not window.call_list.card(first).call.on_hold,
        timeout=5000,
    )
    qtbot.keyClick(window, Qt.Key.Key_F3)  # hang up the highlighted call (alice)
    qtbot.waitUntil(lambda: window.call_list.card(first) is None, timeout=5000)
    assert window.call_list.card(second) is not None


def test_consult_then_attended_transfer_joins_the_two_far_parties(
    phone: Phone, peer: Peer, qtbot
) -> None:
    alice, carol = peer.send("account alice"), peer.send("account carol")
    peer.send("auto_answer 1")
    window = phone.window
    to_alice = window.dial(f"sip:alice@{peer.address}")
    qtbot.waitUntil(lambda: phone.call_in(CallState.CONFIRMED) is not None, timeout=5000)
    qtbot.waitUntil(lambda: window.bridge.call(to_alice).media_active, timeout=5000)

    window.transfer(to_alice)  # "talk first": alice goes on hold while we call carol
    dialog = window.transfer_dialog
    assert dialog is not None and dialog.calls.count() == 0
    qtbot.keyClicks(dialog.number, f"sip:carol@{peer.address}")
    qtbot.mouseClick(dialog.consult_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.call_list) == 2, timeout=5000)
    to_carol = next(c.call_id for c in phone.calls() if c.call_id != to_alice)
    qtbot.waitUntil(
        lambda: window.bridge.call(to_carol).media_active
        and window.call_list.card(to_alice).call.on_hold,
        timeout=5000,
    )
    qtbot.wait(300)  # let the hold re-INVITE transaction finish

    window.transfer(to_alice)  # carol agreed: connect alice with her
    dialog = window.transfer_dialog
    assert dialog.calls.count() == 1
    qtbot.mouseClick(dialog.attended_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.call_list) == 0, timeout=8000)  # both our legs released

    def talking(account: object, remote: str):
        return lambda m: (m.get("account_id") == account and m.get("remote_number") == remote
                          and m.get("state") == "confirmed")

    qtbot.waitUntil(lambda: peer_saw(peer, talking(alice, "carol")), timeout=5000)
    qtbot.waitUntil(lambda: peer_saw(peer, talking(carol, "alice")), timeout=5000)
