"""The main window's first size fits the screen (maximised on small screens such as 1366×768,
a large centred window on big ones), and each operator gets their last size and place back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt

from softphone.ui.widgets.window_size import FILE_NAME, WindowMemory, first_geometry
from tests.ui.call_panel_helpers import close_desk, open_desk

pytestmark = pytest.mark.timeout(60)


@pytest.mark.parametrize(("screen", "expected"), [
    (QRect(0, 0, 1366, 728), None),  # a laptop with a taskbar: maximised
    (QRect(0, 0, 1280, 1024), None),
    (QRect(0, 0, 1920, 1040), QRect(160, 52, 1600, 936)),
    (QRect(1920, 0, 2560, 1400), QRect(2400, 200, 1600, 1000)),  # a second screen's room
])
def test_first_geometry_fits_the_screen(screen: QRect, expected: QRect | None) -> None:
    rect = first_geometry(screen)
    assert rect == expected
    if rect is not None:
        assert screen.contains(rect) and rect.center() == screen.center()


def test_each_operator_gets_their_window_back(tmp_path: Path, qtbot) -> None:
    desk = open_desk(f"sqlite:///{tmp_path / 'crm.sqlite3'}", tmp_path, qtbot)
    try:
        window, folder = desk.window, tmp_path / "config"
        window.hide()
        anna = WindowMemory(window, folder, "anna")
        anna.restore()  # nothing kept yet: the offscreen screen (800×800) is small
        assert window.windowState() & Qt.WindowState.WindowMaximized
        window.show()
        window.showNormal()
        window.setGeometry(QRect(40, 30, 780, 600))
        qtbot.waitUntil(lambda: window.width() == 780, timeout=3000)
        anna.save()
        assert (folder / FILE_NAME).exists()

        window.setGeometry(QRect(0, 0, 790, 700))
        WindowMemory(window, folder, "boris").restore()  # another operator: the screen's size
        assert window.windowState() & Qt.WindowState.WindowMaximized
        window.showNormal()
        WindowMemory(window, folder, "anna").restore()
        qtbot.waitUntil(lambda: window.size().width() == 780, timeout=3000)
        assert window.size().height() == 600
        assert not window.windowState() & Qt.WindowState.WindowMaximized

        window.setGeometry(QRect(20, 20, 770, 590))
        window.close()  # closing keeps where she left it
        window.setGeometry(QRect(0, 0, 790, 700))
        WindowMemory(window, folder, "anna").restore()
        assert (window.width(), window.height()) == (770, 590)

        (folder / FILE_NAME).write_text("{broken", encoding="utf-8")  # costs the memory only
        window.showNormal()
        WindowMemory(window, folder, "anna").restore()
        assert window.windowState() & Qt.WindowState.WindowMaximized
    finally:
        close_desk(desk)
