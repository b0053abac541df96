"""Tray icon with an incoming-call notification, when the desktop has a system tray.

Many desks have none (and the offscreen platform never does), so `CallTray.create` returns
None there and the window relies on raising itself instead.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

NOTIFY_MS = 15000


class CallTray(QSystemTrayIcon):
    def __init__(
        self, icon: QIcon, window: QWidget, answer: QAction, reject: QAction, quit_: QAction
    ) -> None:
        super().__init__(icon, window)
        self._window = window
        menu = QMenu(window)
        show = menu.addAction(self.tr("Show window"))
        show.triggered.connect(self._bring_forward)
        menu.addSeparator()
        menu.addAction(answer)
        menu.addAction(reject)
        menu.addSeparator()
        menu.addAction(quit_)
        self.setContextMenu(menu)
        self.setToolTip(self.tr("Softphone"))
        self.activated.connect(lambda _reason: self._bring_forward())
        self.messageClicked.connect(self._bring_forward)

    @classmethod
    def create(
        cls, icon: QIcon, window: QWidget, answer: QAction, reject: QAction, quit_: QAction
    ) -> CallTray | None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        tray = cls(icon, window, answer, reject, quit_)
        tray.show()
        return tray

    def notify_incoming(self, caller: str) -> None:
        """The answer/reject choices live in the tray menu; the bubble brings the window up."""
        self.showMessage(
            self.tr("Incoming call"),
            self.tr("{0}\nRight-click the tray icon to answer or reject.").format(caller),
            QSystemTrayIcon.MessageIcon.Information,
            NOTIFY_MS,
        )

    def _bring_forward(self) -> None:
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()
