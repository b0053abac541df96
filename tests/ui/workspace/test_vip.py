"""VIP callers in the real window with sipp calling (127.0.0.1): the mark stands beside the
name in the workspace's caller pane and on the call list's card, the operator can set or clear
it from the card (saved at once), and an unknown caller's card shows a number, never a URI."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.sip.sip_helpers import Processes
from tests.ui.call_panel_helpers import PanelDesk, call_from
from tests.ui.workspace.workspace_helpers import NUMBER

pytestmark = pytest.mark.timeout(90)

NEW_NUMBER = "+79035550011"


def _answer_and_hang_up(desk: PanelDesk, processes: Processes, sipp, qtbot) -> None:
    assert desk.window.controller.answer()
    qtbot.waitUntil(desk.panels.wrapup.isVisible, timeout=5000)  # talking
    desk.window.controller.hangup()
    qtbot.waitUntil(lambda: sipp.poll() is not None, timeout=10_000)
    assert sipp.returncode == 0, processes.output(sipp)


def test_vip_caller_is_marked_in_the_caller_pane_and_the_call_list(
    desk: PanelDesk, processes: Processes, qtbot
) -> None:
    window, card = desk.window, desk.panels.card
    assert desk.features is not None and desk.features.workspace is not None
    sipp = call_from(processes, desk, NUMBER, until_bye=True)
    qtbot.waitUntil(lambda: card.name_label.text() == "Наталья", timeout=5000)
    assert card.vip_label.isVisible() and card.vip_label.text() == "VIP"
    assert desk.features.workspace.view.frames["caller"].isAncestorOf(card.vip_label)
    assert card.vip_check.isVisible() and card.vip_check.isChecked()
    call = window.call_list.ringing_call()
    assert call is not None
    listed = window.call_list.card(call.call_id)
    assert listed is not None
    qtbot.waitUntil(lambda: listed.vip_label.isVisible(), timeout=3000)
    assert listed.name_label.text() == "Наталья"
    assert "VIP" in listed.accessibleName()
    assert listed.number_label.text() == "+7 916 123-45-67"

    customer_id = desk.customers.find_by_number(NUMBER).id  # type: ignore[union-attr]
    qtbot.mouseClick(card.vip_check, Qt.MouseButton.LeftButton)  # cleared: saved at once
    qtbot.waitUntil(lambda: not desk.customers.get(customer_id).vip, timeout=5000)
    qtbot.waitUntil(lambda: not card.vip_label.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: not listed.vip_label.isVisible(), timeout=3000)
    qtbot.waitUntil(card.vip_check.isEnabled, timeout=3000)
    qtbot.mouseClick(card.vip_check, Qt.MouseButton.LeftButton)  # and set again
    qtbot.waitUntil(lambda: desk.customers.get(customer_id).vip, timeout=5000)
    qtbot.waitUntil(card.vip_label.isVisible, timeout=3000)
    assert card.vip_check.isChecked()
    _answer_and_hang_up(desk, processes, sipp, qtbot)


def test_unknown_caller_shows_a_number_and_can_be_saved_as_vip(
    desk: PanelDesk, processes: Processes, qtbot
) -> None:
    window, card = desk.window, desk.panels.card
    sipp = call_from(processes, desk, NEW_NUMBER, until_bye=True)
    qtbot.waitUntil(card.question.isVisible, timeout=5000)
    assert not card.vip_label.isVisible() and not card.vip_check.isVisible()
    call = window.call_list.ringing_call()
    assert call is not None
    listed = window.call_list.card(call.call_id)
    assert listed is not None
    assert listed.number_label.text() == "+7 903 555-00-11"  # not «sip:+7903…@127.0.0.1:…»
    assert not listed.vip_label.isVisible()

    card.question.address_edit.setText("Ирина Павловна")  # (keyClicks cannot type Cyrillic)
    card.question.vip_check.setChecked(True)
    qtbot.mouseClick(card.question.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(card.vip_label.isVisible, timeout=5000)
    saved = desk.customers.find_by_number(NEW_NUMBER)
    assert saved is not None and saved.vip and saved.address_as == "Ирина Павловна"
    qtbot.waitUntil(lambda: listed.name_label.text() == "Ирина Павловна", timeout=3000)
    assert listed.vip_label.isVisible()
    _answer_and_hang_up(desk, processes, sipp, qtbot)
