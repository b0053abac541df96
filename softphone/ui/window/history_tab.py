"""The History tab: the call log's list, with the missed calls counted in its title.

It loads with the CRM (the window attaches the call log after the database opens), so the
first screen never waits for the history's model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QTabWidget, QWidget

from softphone.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from softphone.crm.customers.calls import CallLogService


class HistoryTab(QObject):
    def __init__(
        self,
        call_log: CallLogService,
        runner: TaskRunner,
        tabs: QTabWidget,
        add_panel: Callable[[QWidget, str], int],
        dial: Callable[[str], object],
        parent: QWidget,
    ) -> None:
        from softphone.ui.phone.history_panel import HistoryPanel

        super().__init__(parent)
        self.tabs = tabs
        self.panel = HistoryPanel(call_log, runner, parent)
        self.index = add_panel(self.panel, self.tr("History"))
        self.panel.call_back_requested.connect(dial)
        self.panel.missed_count_changed.connect(self.show_missed)
        tabs.currentChanged.connect(self._on_tab_changed)

    def show_missed(self, count: int) -> None:
        title = self.tr("History")
        if count:
            title = self.tr("History ({0} missed)").format(count)
        self.tabs.setTabText(self.index, title)

    def _on_tab_changed(self, index: int) -> None:
        if index == self.index:  # seen: the count in the title goes
            self.panel.mark_seen()
