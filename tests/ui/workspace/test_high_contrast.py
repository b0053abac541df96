"""On a high-contrast (white on black) desktop palette the call workspace and the call list stay
readable while a call rings: the caller's name, headings and the ringing card's text are
measured on the rendered window against their background (WCAG AA, 4.5:1)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from tests.sip.sip_helpers import Processes
from tests.ui.call_panel_helpers import PanelDesk, call_from
from tests.ui.workspace.workspace_helpers import NUMBER, workspace_desk

pytestmark = pytest.mark.timeout(60)


def high_contrast_palette() -> QPalette:
    """What a high-contrast desktop theme hands Qt: white text on black, yellow selection."""
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffff00")
    palette = QPalette(white, black)  # window text, window
    role = QPalette.ColorRole
    for name, colour in ((role.Base, black), (role.AlternateBase, QColor("#1a1a1a")),
                         (role.Text, white), (role.Button, black), (role.ButtonText, white),
                         (role.Highlight, yellow), (role.HighlightedText, black),
                         (role.Link, QColor("#80d8ff")), (role.Dark, QColor("#3c3c3c")),
                         (role.Mid, QColor("#7f7f7f")), (role.PlaceholderText, QColor("#c0c0c0"))):
        palette.setColor(name, colour)
    return palette


@pytest.fixture
def desk(tmp_path: Path, qtbot, qapp, processes: Processes) -> Iterator[PanelDesk]:
    before = qapp.palette()
    qapp.setPalette(high_contrast_palette())
    try:
        with workspace_desk(tmp_path, qtbot) as desk:
            yield desk
    finally:
        qapp.setPalette(before)


def luminance(rgb: int) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    colour = QColor(rgb)
    return (0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green())
            + 0.0722 * channel(colour.blue()))


def text_contrast(window: QWidget, label: QWidget) -> float:
    """The label as rendered in the window: its most common colour is the background, the
    glyphs' colour the one furthest from it; the WCAG contrast ratio of the two."""
    image = window.grab(QRect(label.mapTo(window, QPoint(0, 0)), label.size())).toImage()
    pixels = Counter(image.pixel(x, y) for x in range(image.width())
                     for y in range(image.height()))
    background = luminance(pixels.most_common(1)[0][0])
    ratios = []
    for rgb in pixels:
        lighter, darker = sorted((luminance(rgb), background), reverse=True)
        ratios.append((lighter + 0.05) / (darker + 0.05))
    return max(ratios)


def test_a_ringing_call_is_readable_in_high_contrast(
    desk: PanelDesk, processes: Processes, qtbot
) -> None:
    window, panels = desk.window, desk.panels
    sipp = call_from(processes, desk, NUMBER, until_bye=True)
    qtbot.waitUntil(lambda: panels.card.name_label.text() == "Наталья", timeout=5000)
    call = window.call_list.ringing_call()
    assert call is not None
    card = window.call_list.card(call.call_id)
    assert card is not None
    qtbot.waitUntil(lambda: card.name_label.text() == "Наталья", timeout=3000)
    for _ in range(3):
        QApplication.processEvents()
    assert desk.features is not None and desk.features.workspace is not None
    frames = desk.features.workspace.view.frames
    labels = {
        "caller's name": panels.card.name_label,
        "caller heading": panels.card.heading,
        "caller notes": panels.card.notes_label,
        "pane title": frames["script"].title,
        "script title": panels.script.title,
        "ringing card name": card.name_label,
        "ringing card state": card.state_label,
        "current calls title": next(
            w for w in window.findChildren(QWidget) if w.objectName() == "sectionTitle"
            and getattr(w, "text", lambda: "")() == "Current calls"),
    }
    low = {name: round(text_contrast(window, label), 2) for name, label in labels.items()
           if text_contrast(window, label) < 4.5}
    assert low == {}, f"below 4.5:1 on a high-contrast desktop: {low}"
    assert window.controller.answer()
    qtbot.waitUntil(lambda: not window.call_list.ringing_call(), timeout=5000)
    window.controller.hangup()
    qtbot.waitUntil(lambda: sipp.poll() is not None, timeout=10_000)


def test_emphasised_text_scales_with_the_system_font_and_the_palette(qapp) -> None:
    from PySide6.QtWidgets import QLabel

    from softphone.ui.style import window_style

    host = QWidget()
    host.setStyleSheet(window_style(18.0, high_contrast_palette()))  # a large-print desktop
    name = QLabel("Наталья", host)
    name.setObjectName("callerName")
    name.ensurePolished()
    assert name.font().pointSizeF() == pytest.approx(32.0, abs=0.1)  # 16 pt at 9 pt, doubled
    light = QPalette(QColor("#000000"), QColor("#efefef"))
    assert "#callCard[ringing=\"true\"] { background: palette(base)" not in window_style(9.0, light)
    host.deleteLater()
