"""A screenshot of a three-way call in the call list, from the real window: a customer called
in, the operator added a colleague by number with Ctrl+F10, both legs stand together marked as
the conference. It goes to a temporary folder; UPDATE_SCREENSHOTS=1 puts it in
docs/screenshots/conference.png for the README."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from softphone.crm.demo.people import load_demo
from softphone.ui.i18n import install_translator, remove_translators
from tests.sip.sip_helpers import Peer, Processes
from tests.ui.phone_helpers import Phone, close_phone, open_phone
from tests.ui.session_helpers import REPO
from tests.ui.test_screenshots import distinct_colours

pytestmark = pytest.mark.timeout(90)
CUSTOMER, COLLEAGUE = "+79161234567", "201"


@pytest.fixture
def phone(tmp_path: Path, qapp, qtbot, processes: Processes) -> Iterator[Phone]:
    translators = install_translator(qapp, "ru")  # as the operators see it
    phone = open_phone(tmp_path, qtbot, seed=load_demo)  # a lived-in call history beside it
    try:
        yield phone
    finally:
        close_phone(phone)
        remove_translators(qapp, translators)


def test_conference_in_the_call_list(phone: Phone, processes: Processes, qtbot,
                                     tmp_path: Path) -> None:
    folder = REPO / "docs" / "screenshots" if os.environ.get("UPDATE_SCREENSHOTS") == "1" \
        else tmp_path
    window = phone.window
    window.resize(1366, 940)  # both legs' cards whole, under the dial pad
    peer = Peer(processes)
    customer = peer.send(f"account {CUSTOMER}")
    peer.send(f"account {COLLEAGUE}")
    peer.send(f"dial {customer} sip:operator@{phone.address}")
    qtbot.waitUntil(lambda: window.call_list.ringing_call() is not None, timeout=5000)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: window.call_list.active_call() is not None, timeout=5000)
    peer.send("auto_answer 1")

    qtbot.keyClick(window, Qt.Key.Key_F10, Qt.KeyboardModifier.ControlModifier)
    dialog = window.conference.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.number, f"sip:{COLLEAGUE}@{peer.address}")
    qtbot.mouseClick(dialog.call_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: len(window.call_list) == 2
        and all(c.conference_id is not None for c in window.call_list.calls()),
        timeout=5000,
    )
    qtbot.wait(2500)  # the timers run, the style settles
    path = folder / "conference.png"
    assert window.grab().save(str(path))
    assert distinct_colours(path) > 20, "conference.png looks blank"
