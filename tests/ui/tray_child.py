"""The window on a real X display with a real tray host, in its own process (xcb, not offscreen).

The test process already runs Qt on the offscreen platform, which never has a tray, so this
child starts its own QApplication on $DISPLAY. It reports JSON lines on stdout: the tray it
found, then, when a call rings, it triggers `answer` or `reject` from the tray icon's own
menu (what a click there does) and reports the call's states. Bounded: it quits after 40 s.

Usage: python -m tests.ui.tray_child answer|reject
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from softphone.settings import Settings
from softphone.sip import EngineConfig, LocalAccountSettings, SipEngine
from softphone.sip.events import CallState
from softphone.ui.bridge import EngineBridge
from softphone.ui.main_window import MainWindow
from softphone.ui.tasks import TaskRunner

LIFETIME_MS = 40_000


def report(**fields: object) -> None:
    print(json.dumps(fields, ensure_ascii=False), flush=True)


def wait_for_tray(app: QApplication, timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if QSystemTrayIcon.isSystemTrayAvailable():
            return True
        app.processEvents()
        time.sleep(0.1)
    return False


def main(command: str) -> int:
    app = QApplication(sys.argv[:1])
    available = wait_for_tray(app)
    engine = SipEngine(
        EngineConfig(bind_address="127.0.0.1", udp_port=0, null_audio=True, log_level=1)
    )
    engine.start()
    engine.add_local_account(LocalAccountSettings(user="operator"))
    settings = Settings()
    settings.path = Path(tempfile.mkdtemp(prefix="tray-child-")) / "settings.json"
    bridge, runner = EngineBridge(engine), TaskRunner()
    window = MainWindow(bridge, settings, runner, None, None, "tray test")
    bridge.start()
    window.show()
    tray = window.tray
    menu = [] if tray is None else tray.contextMenu().actions()
    actions = window.call_actions
    report(event="ready", available=available, tray=tray is not None,
           visible=tray is not None and tray.isVisible(), address=engine.transports["udp"],
           menu=[a.text() for a in menu if not a.isSeparator()],
           has_answer=actions.answer in menu, has_reject=actions.reject in menu)
    done = {"acted": False}

    def tick() -> None:
        calls = window.call_list.calls()
        ringing = window.call_list.ringing_call()
        if not done["acted"] and ringing is not None:
            done["acted"] = True
            action = actions.answer if command == "answer" else actions.reject
            report(event="ringing", number=ringing.remote_number,
                   path=window.notifier.path_used and window.notifier.path_used.value)
            next(a for a in tray.contextMenu().actions() if a is action).trigger()
        confirmed = [c for c in calls if c.state is CallState.CONFIRMED]
        if confirmed and command == "answer":
            report(event="confirmed", number=confirmed[0].remote_number)
            window.controller.hangup(confirmed[0].call_id)
        if done["acted"] and not calls:
            report(event="idle")
            app.quit()

    timer = QTimer(interval=100)
    timer.timeout.connect(tick)
    timer.start()
    QTimer.singleShot(LIFETIME_MS, app.quit)
    app.exec()
    bridge.stop()
    runner.shutdown()
    engine.shutdown()
    for call in window.call_list.calls():
        window.call_list.remove(call.call_id)
    window.hide()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
