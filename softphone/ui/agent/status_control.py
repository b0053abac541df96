"""The agent status control in the main window's status bar: the status with its colour and
countdown, what callers get now, and a menu one key away (F9, then 1-4)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QToolButton, QWidget

from softphone.crm.agent.status import AgentStatus
from softphone.ui.agent.desk_status import AgentDesk

SHORTCUT = "F9"
_COLOURS = {
    AgentStatus.READY: "#2e7d32",
    AgentStatus.BREAK: "#8d6e00",
    AgentStatus.WRAP_UP: "#1565c0",
    AgentStatus.DND: "#c62828",
    AgentStatus.OFFLINE: "#616161",
}
_STYLE = """
#agentStatus { font-weight: bold; border: 1px solid palette(mid); border-radius: 5px;
               padding: 2px 8px; }
#agentCallers { color: palette(dark); }
"""


class StatusControl(QWidget):
    def __init__(self, agent: AgentDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agent = agent
        self.setStyleSheet(_STYLE)
        self.button = QToolButton(self)
        self.button.setObjectName("agentStatus")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.menu = QMenu(self)
        self.button.setMenu(self.menu)
        self.callers = QLabel(self)
        self.callers.setObjectName("agentCallers")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.setSpacing(6)
        layout.addWidget(self.button)
        layout.addWidget(self.callers)
        # the window's key: F9 opens the menu, whose entries are numbered 1-4
        self.open_action = QAction(self.tr("Agent status"), self)
        self.open_action.setShortcut(QKeySequence(SHORTCUT))
        self.open_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.open_action.setStatusTip(self.tr("Ready, break, after-call work or do not disturb"))
        self.open_action.setToolTip(self.tr("Change the agent status ({0})").format(SHORTCUT))
        self.open_action.triggered.connect(self.button.showMenu)
        self.addAction(self.open_action)
        self.button.setToolTip(self.open_action.toolTip())
        self._menu_reasons: tuple[str, ...] | None = None
        agent.changed.connect(self.refresh)
        self.refresh()

    def status_name(self, status: AgentStatus) -> str:
        return {
            AgentStatus.READY: self.tr("Ready"),
            AgentStatus.BREAK: self.tr("Break"),
            AgentStatus.WRAP_UP: self.tr("After-call work"),
            AgentStatus.DND: self.tr("Do not disturb"),
            AgentStatus.OFFLINE: self.tr("Offline"),
        }[status]

    def _rebuild_menu(self) -> None:
        self.menu.clear()
        agent = self.agent
        ready = self.menu.addAction(f"&1 {self.status_name(AgentStatus.READY)}")
        ready.triggered.connect(lambda: agent.set_status(AgentStatus.READY))
        breaks = self.menu.addMenu(f"&2 {self.status_name(AgentStatus.BREAK)}")
        for n, reason in enumerate(agent.policy.break_reasons, start=1):
            label = f"&{n} {reason}" if n < 10 else reason
            action = breaks.addAction(label)
            action.triggered.connect(
                lambda _checked=False, r=reason: agent.set_status(AgentStatus.BREAK, r))
        wrap = self.menu.addAction(f"&3 {self.status_name(AgentStatus.WRAP_UP)}")
        wrap.triggered.connect(lambda: agent.set_status(AgentStatus.WRAP_UP))
        dnd = self.menu.addAction(f"&4 {self.status_name(AgentStatus.DND)}")
        dnd.triggered.connect(lambda: agent.set_status(AgentStatus.DND))

    def refresh(self) -> None:
        agent = self.agent
        text = self.status_name(agent.status)
        if agent.status is AgentStatus.BREAK and agent.reason:
            text = f"{text}: {agent.reason}"
        left = agent.seconds_left()
        if left:
            text = f"{text} {left // 60}:{left % 60:02d}"
        self.button.setText(f"● {text}")
        colour = _COLOURS[agent.status]
        self.button.setStyleSheet(f"color: {colour};")
        self.callers.setText(agent.callers_get())
        if self._menu_reasons != agent.policy.break_reasons:  # not on every countdown tick
            self._menu_reasons = agent.policy.break_reasons
            self._rebuild_menu()
