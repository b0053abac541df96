"""The window's right half: the side tabs, or during a call the call workspace in their place.

The workspace borrows the very panel widgets that live in the tabs (a widget has one parent), so
outside calls every panel works exactly as before: lending takes a tab out and remembers where
it was, returning puts it back at the same place with the same title.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QStackedWidget, QTabWidget, QWidget

from softphone.ui.widgets.accessible import name_controls


class SideArea(QStackedWidget):
    def __init__(self, tabs: QTabWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sideArea")
        self.tabs = tabs
        self.addWidget(tabs)
        tabs.setAccessibleName(self.tr("Side panels"))
        self._lent: dict[QWidget, tuple[int, str]] = {}
        self._search: Callable[[], None] | None = None

    def lend(self, panel: QWidget) -> None:
        """Take a panel out of the tabs for the workspace; `give_back` restores it."""
        index = self.tabs.indexOf(panel)
        if index < 0 or panel in self._lent:
            return
        self._lent[panel] = (index, self.tabs.tabText(index))
        self.tabs.removeTab(index)

    def give_back(self, panel: QWidget) -> None:
        lent = self._lent.pop(panel, None)
        if lent is None:
            return
        index, title = lent
        self.tabs.insertTab(min(index, self.tabs.count()), panel, title)
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
            return
        if self.indexOf(workspace) < 0:
            self.addWidget(workspace)
        self._search = search
        self.setCurrentWidget(workspace)
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
