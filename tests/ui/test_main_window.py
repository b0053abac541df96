"""The window on a real engine without calls: errors are shown and survived, shortcuts are
documented where they act, and CRM work runs off the GUI thread."""

from __future__ import annotations

import configparser
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from softphone.ui.help_dialog import HelpDialog
from softphone.ui.tasks import TaskRunner
from tests.ui.phone_helpers import Phone, close_phone, open_phone

pytestmark = pytest.mark.timeout(60)
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def phone(tmp_path: Path, qtbot) -> Iterator[Phone]:
    phone = open_phone(tmp_path, qtbot)
    try:
        yield phone
    finally:
        close_phone(phone)


def test_an_invalid_number_is_a_message_not_an_exception(phone: Phone, qtbot) -> None:
    window = phone.window
    with qtbot.waitSignal(phone.bridge.error) as got:
        qtbot.keyClicks(window.number_field, "sip:bad uri@")
        qtbot.mouseClick(window.call_button, Qt.MouseButton.LeftButton)
    assert "sip:bad uri@" in got.args[0]  # the engine's text names what was typed
    assert "sip:bad uri@" in window.banner.text
    assert len(window.call_list) == 0 and phone.bridge.running
    assert window.number_field.text() == "sip:bad uri@"  # kept for correcting


def test_commands_on_a_vanished_call_report_and_keep_running(phone: Phone, qtbot) -> None:
    with qtbot.waitSignal(phone.bridge.error):
        assert phone.bridge.hangup(4242) is False
    assert phone.bridge.send_dtmf(4242, "1") is False
    assert phone.bridge.call(4242) is None  # a quiet look-up
    assert phone.bridge.running


def test_engine_failures_show_in_the_window(phone: Phone, qtbot) -> None:
    with qtbot.waitSignal(phone.bridge.engine_failure, timeout=3000):
        phone.engine.report_failure("Media transport failed")
    assert "Media transport failed" in phone.window.banner.text
    assert phone.window.isVisible() and phone.bridge.running


def test_idle_window_disables_call_actions_and_f1_lists_every_shortcut(phone: Phone, qtbot) -> None:
    window = phone.window
    a = window.call_actions
    assert not any(x.isEnabled() for x in (a.answer, a.reject, a.hangup, a.hold, a.mute,
                                             a.transfer, a.switch))
    assert a.dial.isEnabled()
    conference = window.conference_actions.all()  # merge, split, add participant
    assert not any(x.isEnabled() for x in conference)
    everything = a.all() + conference + window.side_area.tab_keys  # Ctrl+1..9: side panels
    for action in everything:
        shortcut = action.shortcut().toString()
        assert shortcut and shortcut in action.toolTip()  # shown where it is used
    shortcuts = [x.shortcut().toString() for x in everything]
    assert len(set(shortcuts)) == len(shortcuts)  # defined once, no clashes
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.findChild(HelpDialog) is not None, timeout=3000)
    rows = window.findChild(HelpDialog).rows()
    assert len(rows) == len(everything)
    assert ("F2" in dict(rows).values()) and ("F3" in dict(rows).values())


def test_ctrl_l_focuses_the_number_field_and_dialpad_types_when_idle(phone: Phone, qtbot) -> None:
    window = phone.window
    window.activateWindow()
    window.call_list.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.number_field, timeout=2000)
    for digit in "8912":
        qtbot.mouseClick(window.dialpad.buttons[digit], Qt.MouseButton.LeftButton)
    assert window.number_field.text() == "8 912"


def test_task_runner_works_off_the_gui_thread_with_one_error_path(qtbot) -> None:
    runner = TaskRunner()
    gui = threading.get_ident()
    seen: list[object] = []
    with qtbot.waitSignal(runner.data_changed) as changed:
        runner.run(threading.get_ident, lambda worker: seen.append((worker, threading.get_ident())),
                   changes="calls")
    assert changed.args == ["calls"]
    worker, delivered_on = seen[0]
    assert worker != gui and delivered_on == gui
    with qtbot.waitSignal(runner.failed) as failed:
        runner.run(lambda: 1 / 0)
    assert "division" in failed.args[0]
    errors: list[Exception] = []
    runner.run(lambda: int("x"), on_failure=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert isinstance(errors[0], ValueError)
    runner.shutdown()
    runner.run(lambda: seen.append("late"))  # dropped after shutdown, no thread left running
    qtbot.wait(50)
    assert "late" not in seen


def test_desktop_file_registers_tel_and_sip_links() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(REPO / "resources" / "softphone.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "softphone %u"
    mime = desktop["MimeType"].split(";")
    assert "x-scheme-handler/tel" in mime and "x-scheme-handler/sip" in mime


def test_ctrl_f_opens_the_history_search(phone: Phone, qtbot) -> None:
    window = phone.window
    window.activateWindow()
    window.side_tabs.setCurrentIndex(window.side_tabs.count() - 1)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.history.search_edit, timeout=2000)
    assert window.side_tabs.currentWidget() is window.history


def test_registration_failure_shows_the_sip_reason_in_the_header(phone: Phone, qtbot) -> None:
    from softphone.sip.events import RegistrationChanged, RegState

    header = phone.window.header
    phone.bridge.registration_changed.emit(
        RegistrationChanged("reg-1", RegState.FAILED, 403, "Forbidden")
    )
    assert "403 Forbidden" in header.status_label.text()
    assert header.status_label.property("level") == "error"
    assert "403 Forbidden" in phone.window.statusBar().currentMessage()
    phone.bridge.registration_changed.emit(
        RegistrationChanged("reg-1", RegState.REGISTERED, 200, "OK", 300)
    )
    assert header.status_label.property("level") == "ok"
    assert "403" not in header.status_label.text()
