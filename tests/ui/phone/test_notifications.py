"""The incoming-call notification on a real desktop bus: Answer/Reject act on that very call.

A private dbus-daemon, a real org.freedesktop.Notifications server in its own process
(tests/ui/notification_server.py), the real window on a real engine, and sipp as the
customers. The window finds the bus the way the app does: $DBUS_SESSION_BUS_ADDRESS.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6

from softphone.sip.events import CallState
from softphone.ui.phone.notifications import CallNotifier, NotifyPath
from softphone.ui.phone.session_bus import SessionBus
from softphone.ui.phone.tray import CallTray
from tests.sip.sip_helpers import Processes
from tests.ui.dbus_helpers import NotificationServer, start_bus
from tests.ui.phone_helpers import Phone, close_phone, open_phone, start_sipp, wait_exit

pytestmark = pytest.mark.timeout(60)
SCENARIOS = Path(__file__).parents[1] / "scenarios"
ROOT_TS = Path(__file__).resolve().parents[3] / "resources" / "translations" / "softphone_ru.ts"


@pytest.fixture
def bus_address(processes: Processes, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    folder = Path(tempfile.mkdtemp(prefix="sp-dbus-", dir="/tmp"))
    try:
        address = start_bus(processes, folder)
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield address
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def server(processes: Processes, bus_address: str) -> NotificationServer:
    return NotificationServer(processes, bus_address)


@pytest.fixture
def phone(tmp_path: Path, qtbot, processes: Processes, bus_address: str) -> Iterator[Phone]:
    phone = open_phone(tmp_path, qtbot)
    try:
        yield phone
    finally:
        close_phone(phone)


def sipp_caller(processes: Processes, phone: Phone, scenario: str, number: str):
    proc, _ = start_sipp(processes, "-sf", str(SCENARIOS / scenario), "-key", "caller", number,
                         "-s", "operator", phone.address)
    return proc


def notification_for(server: NotificationServer, qtbot, text: str) -> dict:
    def found() -> dict | None:
        return next((n for n in server.calls("Notify") if text in n["body"]), None)

    qtbot.waitUntil(lambda: found() is not None, timeout=8000)
    return found()


def test_answer_and_reject_from_the_notification_act_on_their_own_call(
    phone: Phone, server: NotificationServer, processes: Processes, qtbot, caplog
) -> None:
    caplog.set_level(logging.INFO, logger="softphone.ui.phone.notifications")
    busy = sipp_caller(processes, phone, "uac_caller_busy.xml", "+74951112233")
    first = notification_for(server, qtbot, "+74951112233")
    named, _ = start_sipp(processes, "-sf", str(SCENARIOS / "uac_named_caller.xml"),
                          "-s", "operator", phone.address)
    second = notification_for(server, qtbot, "Анна Смирнова")

    assert second["body"] == "Анна Смирнова\n+79161234567"  # the name, then the number
    assert second["signature"] == "susssasa{sv}i"  # as the specification types it
    # no translator is installed in UI tests: the source texts (softphone_ru.ts has the Russian)
    assert second["actions"] == ["answer", "Answer", "reject", "Reject"]
    assert second["summary"] == "Incoming call"
    assert second["hints"]["urgency"] == ["y", 2]  # critical, as a byte
    assert second["timeout"] == 0  # stays until the call stops ringing
    assert first["id"] != second["id"]
    qtbot.waitUntil(lambda: len(phone.calls()) == 2, timeout=5000)

    server.click(second["id"], "answer")  # the later call, not the oldest ringing one
    qtbot.waitUntil(lambda: phone.call_in(CallState.CONFIRMED) is not None, timeout=5000)
    talking = phone.call_in(CallState.CONFIRMED)
    assert talking.display_name == "Анна Смирнова"
    assert phone.window.call_list.ringing_call().remote_number == "+74951112233"

    server.click(first["id"], "reject")
    assert wait_exit(qtbot, busy) == 0  # sipp's scenario received its 486
    phone.window.controller.hangup(talking.call_id)
    assert wait_exit(qtbot, named) == 0  # it got 200 OK, ACKed, and its BYE was answered
    assert [r.message for r in caplog.records].count(
        "Incoming calls are announced by: desktop notification") == 1


def test_a_call_that_stops_ringing_by_itself_closes_its_notification(
    phone: Phone, server: NotificationServer, processes: Processes, qtbot
) -> None:
    sipp = sipp_caller(processes, phone, "uac_caller_cancels.xml", "+74957654321")
    shown = notification_for(server, qtbot, "+74957654321")
    assert wait_exit(qtbot, sipp) == 0  # the caller gave up: CANCEL, 487
    qtbot.waitUntil(
        lambda: [c["id"] for c in server.calls("CloseNotification")] == [shown["id"]],
        timeout=5000,
    )
    assert phone.calls() == []


def test_answering_in_the_window_closes_the_notification(
    phone: Phone, server: NotificationServer, processes: Processes, qtbot
) -> None:
    sipp = sipp_caller(processes, phone, "uac_caller.xml", "+74950001122")
    shown = notification_for(server, qtbot, "+74950001122")
    phone.window.call_actions.answer.trigger()
    qtbot.waitUntil(
        lambda: [c["id"] for c in server.calls("CloseNotification")] == [shown["id"]],
        timeout=5000,
    )
    assert wait_exit(qtbot, sipp) == 0  # sipp hangs up after its talk time


def test_without_a_notification_service_the_call_still_rings_in_the_window(
    phone: Phone, processes: Processes, qtbot, caplog
) -> None:
    caplog.set_level(logging.INFO, logger="softphone.ui.phone.notifications")
    sipp = sipp_caller(processes, phone, "uac_caller_busy.xml", "+74953334455")
    notifier = phone.window.notifier
    qtbot.waitUntil(lambda: notifier.path_used is not None, timeout=5000)
    # the bus answered "no such service"; the offscreen platform has no tray either
    assert notifier.bus is not None and notifier.bus.connected
    assert notifier.path_used is NotifyPath.WINDOW
    assert "Incoming calls are announced by: raised window only" in caplog.messages
    phone.window.call_actions.reject.trigger()
    assert wait_exit(qtbot, sipp) == 0


def test_without_a_notification_service_the_tray_balloon_is_used(
    bus_address: str, qtbot, caplog
) -> None:
    from PySide6.QtGui import QAction, QIcon
    from PySide6.QtWidgets import QWidget

    caplog.set_level(logging.INFO, logger="softphone.ui.phone.notifications")
    window = QWidget()
    answer, reject, quit_ = QAction(window), QAction(window), QAction(window)
    tray = CallTray(QIcon(), window, answer, reject, quit_)  # shown or not: no tray host here
    bus = SessionBus.open(bus_address, window)
    assert bus is not None
    notifier = CallNotifier(bus, tray, window)
    notifier.notify_incoming(7, "", "+74959998877")
    qtbot.waitUntil(lambda: notifier.path_used is NotifyPath.TRAY, timeout=5000)
    notifier.notify_incoming(8, "", "+74959998878")
    qtbot.wait(200)
    assert caplog.messages.count("Incoming calls are announced by: tray balloon") == 1
    bus.close()
    shiboken6.delete(window)  # with its children, on the GUI thread

def test_without_a_session_bus_at_all(monkeypatch: pytest.MonkeyPatch, qtbot) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    assert SessionBus.open() is None
    assert SessionBus.open("unix:path=/nonexistent/bus") is None
    notifier = CallNotifier(None, None)
    notifier.notify_incoming(1, "Иван", "+74951234567")
    assert notifier.path_used is NotifyPath.WINDOW
    shiboken6.delete(notifier)


def test_the_notification_speaks_russian_with_the_russian_catalogue(
    server: NotificationServer, bus_address: str, tmp_path: Path, qapp, qtbot
) -> None:
    from softphone.ui.i18n import install_translator, remove_translators

    subprocess.run(  # the committed .ts, compiled as scripts/bootstrap.sh does
        [Path(sys.executable).parent / "pyside6-lrelease", "-silent", ROOT_TS,
         "-qm", tmp_path / "softphone_ru.qm"], check=True, timeout=60,
    )
    translators = install_translator(qapp, "ru", directory=tmp_path)
    bus = SessionBus.open(bus_address)
    assert bus is not None
    try:
        CallNotifier(bus, None, bus).notify_incoming(3, "Иван Петров", "+74951234567")
        shown = notification_for(server, qtbot, "Иван Петров")
    finally:
        remove_translators(qapp, translators)
        bus.close()
        shiboken6.delete(bus)  # here, on the GUI thread, not by a later GC in a worker thread
    assert shown["summary"] == "Входящий звонок"
    assert shown["app"] == "Софтфон"
    assert shown["actions"] == ["answer", "Ответить", "reject", "Отклонить"]
