"""The main window's size and place: fitted to the screen the first time, then where each
operator left it.

A fixed 1100×720 was too small for the call workspace on a 1920×1080 screen and larger than
some laptops' screens. The first start now takes the screen's room (maximised below
SMALL_SCREEN, else a large centred window); from then on each operator's last geometry
(Qt's saveGeometry: size, place, maximised) comes back, kept beside the settings by login.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QWidget

from softphone.ui.widgets.per_login_store import PerLoginStore

FILE_NAME = "window-geometry.json"
SMALL_SCREEN = QSize(1440, 900)  # below this the workspace's four panes need all of it
ROOMY = QSize(1600, 1000)  # on larger screens a window this size leaves the desktop usable
SHARE = 0.9  # ...or this share of the screen, when that is less


def first_geometry(available: QRect) -> QRect | None:
    """Where a window opens on a screen with this free area; None means maximised."""
    if available.width() < SMALL_SCREEN.width() or available.height() < SMALL_SCREEN.height():
        return None
    size = QSize(min(ROOMY.width(), int(available.width() * SHARE)),
                 min(ROOMY.height(), int(available.height() * SHARE)))
    rect = QRect(QPoint(0, 0), size)
    rect.moveCenter(available.center())
    return rect


def fit_to_screen(window: QWidget) -> None:
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None:
        return
    available = screen.availableGeometry()
    rect = first_geometry(available)
    if rect is None:
        window.setGeometry(available)  # the size to come back to when un-maximised
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    else:
        window.setGeometry(rect)


class WindowMemory(QObject):
    """Restores an operator's window geometry (or fits a first one) and keeps it on close."""

    def __init__(self, window: QWidget, folder: Path | None, login: str) -> None:
        super().__init__(window)
        self.window = window
        self.store = PerLoginStore(folder, login, FILE_NAME)
        window.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:  # a quit without closing the window (SIGTERM) keeps it too
            app.aboutToQuit.connect(self.save)

    def restore(self) -> None:
        """Before the window is shown: the operator's last geometry, else the screen's."""
        saved = self.store.load().get("window")
        if saved is None or not self.window.restoreGeometry(saved):
            fit_to_screen(self.window)

    def save(self) -> None:
        self.store.save({"window": bytes(self.window.saveGeometry().data())})

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.save()
        return False
