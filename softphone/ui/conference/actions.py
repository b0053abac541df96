"""The conference actions with their shortcuts, defined once for the menu, buttons and F1.

F10 is the first function key after the call keys (F2-F8) and the agent status (F9), free in
desktops and text fields; Shift and Ctrl with it keep the three conference commands under one
key the operator learns once.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence


def _tr(text: str) -> str:
    return QCoreApplication.translate("ConferenceActions", text)


@dataclass(frozen=True)
class ConferenceActions:
    merge: QAction
    split: QAction
    add: QAction

    def all(self) -> list[QAction]:
        return [getattr(self, f.name) for f in fields(self)]


def create_conference_actions(parent: QObject) -> ConferenceActions:
    def make(text: str, shortcut: str, tip: str) -> QAction:
        action = QAction(text, parent)
        action.setShortcut(QKeySequence(shortcut))
        native = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({native})")
        action.setStatusTip(tip)
        action.setEnabled(False)
        return action

    return ConferenceActions(
        merge=make(_tr("Merge calls"), "F10",
                   _tr("Join the current call and the held one into a three-way call")),
        split=make(_tr("Split"), "Shift+F10",
                   _tr("End the three-way call: keep talking to this one, hold the others")),
        add=make(_tr("Add participant"), "Ctrl+F10",
                 _tr("Call a colleague or supervisor and add them to this call")),
    )
