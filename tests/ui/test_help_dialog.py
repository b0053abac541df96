"""The shortcut table is generated from real QActions and follows them."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from softphone.ui.help_dialog import HelpDialog, action_label, shortcut_label

pytestmark = pytest.mark.timeout(30)


def _window_with_actions(qtbot) -> tuple[QMainWindow, list[QAction]]:
    window = QMainWindow()
    qtbot.addWidget(window)
    specs = [
        ("&Answer", ["Ctrl+Return"]),
        ("Hang &up", ["Ctrl+E", "Esc"]),
        ("Transfer call…", ["Ctrl+T"]),
        ("Save && close", []),
        ("Mute", ["Ctrl+M"]),
    ]
    actions = []
    for text, keys in specs:
        action = QAction(text, window)
        action.setShortcuts([QKeySequence(k) for k in keys])
        window.addAction(action)
        actions.append(action)
    separator = QAction(window)
    separator.setSeparator(True)
    window.addAction(separator)
    return window, actions


def test_every_action_listed_with_its_shortcuts(qtbot) -> None:
    window, actions = _window_with_actions(qtbot)
    dialog = HelpDialog(window.actions(), window)
    qtbot.addWidget(dialog)

    rows = dialog.rows()
    assert [r[0] for r in rows] == ["Answer", "Hang up", "Transfer call", "Save & close", "Mute"]
    assert dict(rows)["Hang up"] == ", ".join(
        QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in ("Ctrl+E", "Esc")
    )
    assert dict(rows)["Save & close"] == "—"
    for action in actions:  # the table agrees with the helpers on every action
        assert (action_label(action), shortcut_label(action) or "—") in rows


def test_table_follows_changed_shortcut(qtbot) -> None:
    window, actions = _window_with_actions(qtbot)
    actions[-1].setShortcut(QKeySequence("F9"))
    dialog = HelpDialog(window.actions(), window)
    qtbot.addWidget(dialog)
    assert dict(dialog.rows())["Mute"] == "F9"


def test_filter_narrows_rows(qtbot) -> None:
    window, _ = _window_with_actions(qtbot)
    dialog = HelpDialog(window.actions(), window)
    qtbot.addWidget(dialog)
    dialog.filter_edit.setText("hang")
    assert [r[0] for r in dialog.rows()] == ["Hang up"]
    dialog.filter_edit.clear()
    assert len(dialog.rows()) == 5
