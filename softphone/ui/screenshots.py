"""Documentation screenshots of the real window: idle, ringing, in a call, and the agent status
control after the call (after-call work counting down, its menu open).

Enabled by SOFTPHONE_SCREENSHOTS=<folder> (tests/ui/test_screenshots.py runs the app that way
under Xvfb while sipp calls it, signed in as an operator with `--user LOGIN --password-stdin`:
the driver starts only in a signed-in window). It only watches the window and presses its
buttons like an operator would; the call itself comes from outside.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QPoint, QRect, QTimer
from PySide6.QtWidgets import QApplication, QToolButton

from softphone.sip.events import CallInfo, CallState, IncomingCall
from softphone.ui.main_window import MainWindow

log = logging.getLogger(__name__)

SETTLE_MS = 800  # let layouts and the style settle before a grab
TALK_MS = 2300  # so the call timer shows a running time
GIVE_UP_MS = 60_000


class ScreenshotDriver(QObject):
    def __init__(self, window: MainWindow, folder: str) -> None:
        super().__init__(window)
        self.window = window
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._answered = False
        self._talking = False
        window.bridge.incoming_call.connect(self._on_incoming)
        window.bridge.call_state_changed.connect(self._on_state)
        QTimer.singleShot(SETTLE_MS, lambda: self.grab("idle"))
        QTimer.singleShot(GIVE_UP_MS, self._give_up)

    def grab(self, name: str) -> Path:
        path = self.folder / f"{name}.png"
        if not self.window.grab().save(str(path)):
            log.error("Could not save %s", path)
        log.info("Screenshot %s", path)
        print(f"screenshot {path}", flush=True)
        return path

    def _on_incoming(self, _event: IncomingCall) -> None:
        if not self._answered:
            QTimer.singleShot(SETTLE_MS, self._ringing)

    def _ringing(self) -> None:
        self.grab("ringing")
        self._answered = True
        self.window.controller.answer()

    def _on_state(self, call: CallInfo) -> None:
        if self._answered and not self._talking and call.state is CallState.CONFIRMED:
            self._talking = True
            QTimer.singleShot(TALK_MS, lambda: self._in_call(call.call_id))

    def _in_call(self, call_id: int) -> None:
        self.grab("in-call")
        self.window.controller.hangup(call_id)
        QTimer.singleShot(SETTLE_MS * 2, self._agent_status)

    def _agent_status(self) -> None:
        """The status control after the call (after-call work), with its menu open."""
        button = self.window.findChild(QToolButton, "agentStatus")
        if button is None:  # a desk without a signed-in operator has no agent status
            QApplication.exit(0)
            return
        menu = button.menu()
        menu.popup(button.mapToGlobal(QPoint(0, -menu.sizeHint().height())))
        QTimer.singleShot(SETTLE_MS, lambda: self._grab_status(button))

    def _grab_status(self, button: QToolButton) -> None:
        menu = button.menu()
        corner = button.mapToGlobal(QPoint(0, 0))
        left = min(corner.x(), menu.geometry().left()) - 12
        top = menu.geometry().top() - 12
        right = self.window.geometry().right()
        bottom = corner.y() + button.height() + 8
        area = QRect(QPoint(left, top), QPoint(right, bottom))
        screen = self.window.screen()
        path = self.folder / "agent-status.png"
        shot = screen.grabWindow(0, area.x(), area.y(), area.width(), area.height())
        if not shot.save(str(path)):
            log.error("Could not save %s", path)
        print(f"screenshot {path}", flush=True)
        menu.close()
        QTimer.singleShot(SETTLE_MS // 2, lambda: QApplication.exit(0))

    def _give_up(self) -> None:
        log.error("Screenshots: no call came in within %d s", GIVE_UP_MS // 1000)
        QApplication.exit(3)
