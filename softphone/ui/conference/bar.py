"""The conference buttons under the call list; each one triggers its shared QAction.

Shown while a call is up, so the phone pane stays quiet between calls; a button is enabled
exactly when its action is, and carries the action's tooltip with the shortcut.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from softphone.ui.conference.actions import ConferenceActions


class ConferenceBar(QWidget):
    def __init__(self, actions: ConferenceActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conferenceBar")
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for name, action in (("merge", actions.merge), ("split", actions.split),
                             ("add", actions.add)):
            button = QPushButton(action.text(), self)
            button.setObjectName(f"conference_{name}")
            button.setMinimumSize(QSize(0, 36))
            button.setToolTip(action.toolTip())
            button.setEnabled(action.isEnabled())
            button.clicked.connect(action.trigger)
            action.enabledChanged.connect(button.setEnabled)
            row.addWidget(button)
            self.buttons[name] = button
