"""The reports window, opened from Tools → Reports…; one at a time, kept while the app runs.

It is a separate window rather than a side tab: a supervisor looks at a month of figures
next to the phone, not instead of the caller's card.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from softphone.crm.auth import Principal
from softphone.crm.db import Database
from softphone.crm.reports import ReportService
from softphone.ui.reports.page import ReportsPage
from softphone.ui.tasks import TaskRunner


class ReportsWindow(QDialog):
    def __init__(
        self, service: ReportService, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.page = ReportsPage(service, runner, self)
        self.setWindowTitle(self.page.title())
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setModal(False)
        self.resize(1100, 680)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.page)


class ReportsLauncher(QObject):
    """The Tools menu entry; the report service acts for the signed-in person."""

    def __init__(self, window: Any, db: Database, principal: Principal | None) -> None:
        super().__init__(window)  # lives as long as the window
        self._window, self._db, self._principal = window, db, principal
        self.reports: ReportsWindow | None = None
        self.action = QAction(self.tr("Reports…"), window)
        self.action.setStatusTip(self.tr("Calls, orders and website requests per operator"))
        self.action.triggered.connect(self.open)
        window.tools_menu.addAction(self.action)

    def open(self) -> ReportsWindow:
        if self.reports is None:
            runner: TaskRunner = self._window.runner
            service = ReportService(self._db, self._principal)
            self.reports = ReportsWindow(service, runner, self._window)
            self.reports.finished.connect(self._closed)
        self.reports.show()
        self.reports.raise_()
        self.reports.activateWindow()
        return self.reports

    def _closed(self, _result: int) -> None:
        if self.reports is not None:
            self.reports.deleteLater()
            self.reports = None


def install_reports(window: Any, db: Database, principal: Principal | None) -> ReportsLauncher:
    launcher = ReportsLauncher(window, db, principal)
    window.reports_launcher = launcher  # found by tests and the screenshot tool
    return launcher
