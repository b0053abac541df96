"""The reports window, opened from Tools → Reports…; one at a time, kept while the app runs.

It is a separate window rather than a side tab: a supervisor looks at a month of figures
next to the phone, not instead of the caller's card.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QTabWidget, QVBoxLayout, QWidget

from softphone.ui.desk import Desk
from softphone.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the page (QtCharts) and the report queries load when Reports… opens
    from softphone.crm.coaching.service import CoachingService
    from softphone.crm.reports import ReportService
    from softphone.crm.reports.agent_time import StatusTimeService


class ReportsWindow(QDialog):
    def __init__(
        self, service: ReportService, runner: TaskRunner, parent: QWidget | None = None,
        status_times: StatusTimeService | None = None, speech: CoachingService | None = None,
    ) -> None:
        super().__init__(parent)
        from softphone.ui.reports.page import ReportsPage
        from softphone.ui.reports.speech import SpeechReportView
        from softphone.ui.reports.status_times import StatusTimesView

        self.page = ReportsPage(service, runner, self)
        self.setWindowTitle(self.page.title())
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setModal(False)
        self.resize(1100, 680)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.statuses: StatusTimesView | None = None
        self.speech: SpeechReportView | None = None
        if status_times is None and speech is None:
            layout.addWidget(self.page)
            return
        # time per agent status, for the period and operator chosen on the figures tab
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.page, self.tr("Figures"))
        layout.addWidget(self.tabs)
        page = self.page
        if status_times is not None:
            statuses = self.statuses = StatusTimesView(status_times, runner, self)
            self.tabs.addTab(statuses, statuses.title())
            page.report_shown.connect(lambda _r: statuses.load(page.period(), page.operator_id()))
        if speech is not None:  # the live speech hints' figures saved with each call
            talk = self.speech = SpeechReportView(speech, runner, self)
            self.tabs.addTab(talk, talk.title())
            page.report_shown.connect(lambda _r: talk.load(page.period(), page.operator_id()))


class ReportsLauncher(QObject):
    """The Tools menu entry; the report service acts for the signed-in person."""

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk.window.owner)  # lives as long as the window
        self._desk = desk
        self.reports: ReportsWindow | None = None
        self.action = QAction(self.tr("Reports…"), self)
        self.action.setStatusTip(self.tr("Calls, orders and website requests per operator"))
        self.action.triggered.connect(self.open)
        desk.window.add_tool(self.action)

    def open(self) -> ReportsWindow:
        if self.reports is None:
            from softphone.crm.coaching.service import CoachingService
            from softphone.crm.reports import ReportService
            from softphone.crm.reports.agent_time import StatusTimeService

            desk = self._desk
            service = ReportService(desk.db, desk.principal)
            times = StatusTimeService(desk.db, desk.principal)
            speech = CoachingService(desk.db, desk.principal)
            self.reports = ReportsWindow(service, desk.runner, desk.window.owner, times, speech)
            self.reports.finished.connect(self._closed)
        self.reports.show()
        self.reports.raise_()
        self.reports.activateWindow()
        return self.reports

    def _closed(self, _result: int) -> None:
        if self.reports is not None:
            self.reports.deleteLater()
            self.reports = None


def install_reports(desk: Desk) -> ReportsLauncher:
    return ReportsLauncher(desk)
