"""Every control of the main window and of the call workspace has a name a screen reader can
say (Qt's accessibility interface: an explicit accessible name, the button's text, or the
label the field is the buddy of), and the workspace's panes follow their visual order."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget

from softphone.sip.events import CallState
from tests.sip.sip_helpers import Processes
from tests.ui.call_panel_helpers import PanelDesk, call_from
from tests.ui.workspace.workspace_helpers import NUMBER

pytestmark = pytest.mark.timeout(60)


def unnamed_controls(root: QWidget) -> list[str]:
    """Widgets the keyboard can reach whose accessible name is empty."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or widget.window() is not root:
            continue  # (another window: a combo box's popup list, named by the combo box)
        if isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox):
            continue  # the field inside a spin box or combo box: named as that box
        interface = QAccessible.queryAccessibleInterface(widget)
        name = interface.text(QAccessible.Text.Name) if interface is not None else ""
        if not name.strip():
            path = []
            node: QWidget | None = widget
            while node is not None and node is not root:
                path.append(node.objectName() or type(node).__name__)
                node = node.parentWidget()
            missing.append(" < ".join(path))
    return missing


def test_every_control_has_a_name_idle_and_in_the_call_workspace(
    desk: PanelDesk, processes: Processes, qtbot
) -> None:
    window = desk.window
    missing = unnamed_controls(window)
    assert missing == [], "\n".join(missing)
    sipp = call_from(processes, desk, NUMBER, until_bye=True)
    qtbot.waitUntil(lambda: window.side_area.workspace_shown, timeout=5000)
    qtbot.waitUntil(lambda: desk.panels.card.name_label.text() == "Наталья", timeout=5000)
    assert desk.features is not None and desk.features.workspace is not None
    workspace = desk.features.workspace.view
    missing = unnamed_controls(window)
    assert missing == [], "\n".join(missing)
    for frame in workspace.frames.values():
        assert frame.accessibleName() and frame.accessibleDescription()
    # Tab order = visual order: the panes' titles go left column top to bottom, then right.
    tops = [(f.mapTo(workspace, f.rect().topLeft()).x() > workspace.width() // 3,
             f.mapTo(workspace, f.rect().topLeft()).y()) for f in workspace.frames.values()]
    assert tops == sorted(tops)
    assert window.controller.answer()
    qtbot.waitUntil(lambda: any(c.state is CallState.CONFIRMED
                                for c in window.call_list.calls()), timeout=5000)
    window.controller.hangup()
    qtbot.waitUntil(lambda: sipp.poll() is not None, timeout=10_000)
    assert sipp.returncode == 0, processes.output(sipp)


def test_tab_goes_through_the_workspace_in_visual_order(
    desk: PanelDesk, processes: Processes, qtbot
) -> None:
    """From the caller pane, Tab visits the panes as they are laid out: caller, script,
    knowledge base, order (each once), before it leaves the workspace."""
    window = desk.window
    sipp = call_from(processes, desk, NUMBER, until_bye=True)
    qtbot.waitUntil(lambda: window.side_area.workspace_shown, timeout=5000)
    qtbot.waitUntil(lambda: desk.panels.card.name_label.text() == "Наталья", timeout=5000)
    assert desk.features is not None and desk.features.workspace is not None
    frames = desk.features.workspace.view.frames
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    first = desk.panels.card.number_buttons[0]
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(first.hasFocus, timeout=3000)
    seen: list[str] = []
    for _ in range(120):
        focused = QApplication.focusWidget()
        pane = next((k for k, f in frames.items() if focused and f.isAncestorOf(focused)), None)
        if pane is None:
            break
        if not seen or seen[-1] != pane:
            seen.append(pane)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert seen == ["caller", "script", "kb", "orders"], seen
    assert window.controller.answer()
    qtbot.waitUntil(lambda: any(c.state is CallState.CONFIRMED
                                for c in window.call_list.calls()), timeout=5000)
    window.controller.hangup()
    qtbot.waitUntil(lambda: sipp.poll() is not None, timeout=10_000)
