"""Three-way calls from the real window: the buttons and shortcuts merge, split and add.

The far ends are accounts of tests/sip/sip_peer.py (a second softphone in its own process);
the window runs on a real engine, pumped by its own Qt timer, and is driven by clicks and keys.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from softphone.sip.events import CallState
from tests.sip.sip_helpers import Peer, Processes
from tests.ui.phone_helpers import Phone, close_phone, open_phone, peer_saw

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def phone(tmp_path: Path, qtbot, processes: Processes) -> Iterator[Phone]:
    # processes is listed first so peers are killed only after the engine has hung up
    phone = open_phone(tmp_path, qtbot)
    try:
        yield phone
    finally:
        close_phone(phone)


@pytest.fixture
def peer(phone: Phone, processes: Processes) -> Iterator[Peer]:
    peer = Peer(processes)
    for user in ("alice", "carol"):
        peer.send(f"account {user}")
    peer.send("auto_answer 1")
    yield peer


def call_up(phone: Phone, qtbot, user: str, peer: Peer) -> int:
    call_id = phone.window.dial(f"sip:{user}@{peer.address}")
    assert call_id is not None
    qtbot.waitUntil(lambda: phone.window.bridge.call(call_id).media_active, timeout=5000)
    return call_id


def card_order(phone: Phone) -> list[int]:
    layout = phone.window.call_list.widget().layout()
    cards = [layout.itemAt(i).widget() for i in range(layout.count())]
    return [c.call_id for c in cards if c is not None and hasattr(c, "call_id")]


def test_merge_and_split_from_the_buttons(phone: Phone, peer: Peer, qtbot) -> None:
    window, bar = phone.window, phone.window.conference_bar
    alice = call_up(phone, qtbot, "alice", peer)
    assert bar.isVisible() and not bar.buttons["merge"].isEnabled()  # nobody to merge with yet
    carol = call_up(phone, qtbot, "carol", peer)  # dialling put alice on hold
    qtbot.waitUntil(lambda: window.call_list.card(alice).call.on_hold, timeout=5000)
    qtbot.wait(300)  # let the hold re-INVITE transaction finish
    assert bar.buttons["merge"].isEnabled() and not bar.buttons["split"].isEnabled()

    mark = len(peer.lines)
    qtbot.mouseClick(bar.buttons["merge"], Qt.MouseButton.LeftButton)
    cards = {cid: window.call_list.card(cid) for cid in (alice, carol)}
    qtbot.waitUntil(
        lambda: all(c.call.conference_id is not None and not c.call.on_hold
                    for c in cards.values()),
        timeout=5000,
    )
    resumed = lambda m: m.get("remote_number") == "operator" and m.get("remote_hold") is False  # noqa: E731
    qtbot.waitUntil(lambda: peer_saw(peer, resumed, mark), timeout=5000)  # alice is back
    for card in cards.values():
        assert card.conference_label.isVisible()
        assert card.conference_label.text() in ("Conference · lines: 2", "Конференция · линий: 2")
        assert card.property("conference") is True
    assert card_order(phone) == [alice, carol]  # the legs stand together
    assert bar.buttons["split"].isEnabled() and not bar.buttons["merge"].isEnabled()
    assert window.conference_actions.add.isEnabled()

    window.call_list.select(alice)  # split keeps the highlighted call talking
    qtbot.mouseClick(bar.buttons["split"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cards[carol].call.on_hold, timeout=5000)
    assert not cards[alice].call.on_hold
    assert cards[alice].call.conference_id is None and cards[carol].call.conference_id is None
    assert not cards[alice].conference_label.isVisible()
    assert cards[alice].property("conference") is False
    assert bar.buttons["merge"].isEnabled() and not bar.buttons["split"].isEnabled()


def test_add_participant_with_the_shortcut_and_a_leg_leaving(
    phone: Phone, peer: Peer, qtbot
) -> None:
    window = phone.window
    alice = call_up(phone, qtbot, "alice", peer)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F10, Qt.KeyboardModifier.ControlModifier)
    dialog = window.conference.dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.call_button.isEnabled()  # nothing typed yet
    qtbot.keyClicks(dialog.number, f"sip:carol@{peer.address}")
    qtbot.mouseClick(dialog.call_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.call_list) == 2, timeout=5000)
    carol = next(c.call_id for c in phone.calls() if c.call_id != alice)
    qtbot.waitUntil(
        lambda: window.call_list.card(carol).call.conference_id is not None
        and window.call_list.card(alice).call.conference_id is not None,
        timeout=5000,
    )
    assert not window.call_list.card(alice).call.on_hold  # alice kept talking meanwhile

    carol_card = window.call_list.card(carol)  # carol leaves; alice stays, not a conference
    qtbot.mouseClick(carol_card.buttons["hangup"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.call_list.card(carol) is None, timeout=5000)
    qtbot.waitUntil(lambda: window.call_list.card(alice).call.conference_id is None, timeout=3000)
    left = window.call_list.card(alice).call
    assert left.state is CallState.CONFIRMED and not left.on_hold

    qtbot.waitUntil(lambda: [r.conference for r in phone.call_log.history()] == [True],
                    timeout=5000)  # carol's row is written, marked as a conference leg
    window.call_list.select(alice)
    qtbot.mouseClick(window.call_list.card(alice).buttons["hangup"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [r.conference for r in phone.call_log.history()] == [True, True],
                    timeout=5000)  # alice was a leg too, though she ended alone
    history = phone.window.history
    assert history is not None
    qtbot.waitUntil(lambda: history.model.rowCount() == 2, timeout=5000)
    assert "conference" in history.model.index(0, 0).data() or (
        "конференция" in history.model.index(0, 0).data())
