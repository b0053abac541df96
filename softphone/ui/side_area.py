"""The window's right half: the side tabs, or during a call the call workspace in their place.

The workspace borrows the very panel widgets that live in the tabs (a widget has one parent), so
outside calls every panel works exactly as before: lending takes a tab out and remembers where
it was, returning puts it back at the same place with the same title.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStackedWidget, QTabWidget, QWidget

from softphone.ui.widgets.accessible import main_field, name_controls

TAB_KEYS = 9  # Ctrl+1..Ctrl+9: the side panels in tab order


class SideArea(QStackedWidget):
    def __init__(self, tabs: QTabWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sideArea")
        self.tabs = tabs
        self.addWidget(tabs)
        tabs.setAccessibleName(self.tr("Side panels"))
        self._lent: dict[QWidget, tuple[int, str]] = {}
        self._search: Callable[[], None] | None = None
        # a tab opened with the mouse takes the keyboard too (not a screen pop: it would take
        # the number field from under the operator's fingers)
        tabs.tabBarClicked.connect(lambda index: self._focus_tab_later(index))
        self.tab_keys: list[QAction] = []
        for number in range(1, TAB_KEYS + 1):
            action = QAction(self.tr("Side panel {0}").format(number), self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _c=False, i=number - 1: self.open_tab(i))
            self.addAction(action)
            self.tab_keys.append(action)
        self.retitle()

    def retitle(self) -> None:
        """The keys' names follow the tabs (F1 lists «Side panel 3: Knowledge base»)."""
        for index, action in enumerate(self.tab_keys):
            title = self.tabs.tabText(index) if index < self.tabs.count() else ""
            action.setText(self.tr("Side panel {0}: {1}").format(index + 1, title)
                           if title else self.tr("Side panel {0}").format(index + 1))
            key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{action.text()} ({key})")  # shown where it is used
            action.setEnabled(bool(title) and not self.workspace_shown)

    def open_tab(self, index: int) -> QWidget | None:
        """Ctrl+N: the Nth side panel in front, the keyboard on its main field."""
        if self.workspace_shown or not 0 <= index < self.tabs.count():
            return None
        self.tabs.setCurrentIndex(index)
        return self._focus_tab(index)

    def _focus_tab_later(self, index: int) -> None:
        QTimer.singleShot(0, lambda: self._focus_tab(index))  # after the click has switched

    def _focus_tab(self, index: int) -> QWidget | None:
        panel = self.tabs.widget(index)
        field = main_field(panel) if panel is not None else None
        if field is not None:
            field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return field

    def lend(self, panel: QWidget) -> None:
        """Take a panel out of the tabs for the workspace; `give_back` restores it."""
        index = self.tabs.indexOf(panel)
        if index < 0 or panel in self._lent:
            return
        self._lent[panel] = (index, self.tabs.tabText(index))
        self.tabs.removeTab(index)
        self.retitle()

    def give_back(self, panel: QWidget) -> None:
        lent = self._lent.pop(panel, None)
        if lent is None:
            return
        index, title = lent
        self.tabs.insertTab(min(index, self.tabs.count()), panel, title)
        self.retitle()
        panel.show()

    def lent(self, panel: QWidget) -> bool:
        return panel in self._lent

    def show_workspace(self, workspace: QWidget | None,
                       search: Callable[[], None] | None = None) -> None:
        """Put `workspace` in front of the tabs (None: the tabs again). While it is shown,
        the window's search key (Ctrl+F) calls `search` instead of searching the history."""
        if workspace is None:
            self._search = None
            self.setCurrentWidget(self.tabs)
            self.retitle()
            return
        if self.indexOf(workspace) < 0:
            self.addWidget(workspace)
        self._search = search
        self.setCurrentWidget(workspace)
        self.retitle()
        name_controls(self.window())  # panels made since (order lines) get their names too

    @property
    def workspace_shown(self) -> bool:
        return self.currentWidget() is not self.tabs

    def search_in_workspace(self) -> bool:
        """Ctrl+F during a call: True when the workspace took it."""
        if not self.workspace_shown or self._search is None:
            return False
        self._search()
        return True

    def set_panel_title(self, panel: QWidget, title: str) -> None:
        """A panel's title changes (a count) even while the workspace has it."""
        if panel in self._lent:
            self._lent[panel] = (self._lent[panel][0], title)
            return
        index = self.tabs.indexOf(panel)
        if index >= 0:
            self.tabs.setTabText(index, title)
            self.retitle()
