"""The reports window's «Statuses» tab: time per agent status per operator and local day, for
the period and operator chosen on the figures tab (softphone.crm.reports.agent_time)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.agent.status import AgentStatus
from softphone.crm.reports import Period
from softphone.crm.reports.agent_time import COUNTED, StatusTime, StatusTimeService
from softphone.crm.reports.export import clock
from softphone.formatting import format_date
from softphone.ui.tasks import TaskRunner

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class StatusTimesView(QWidget):
    def __init__(
        self, service: StatusTimeService, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._service, self._runner = service, runner
        self._asked = 0
        self.rows: list[StatusTime] = []
        names = {
            AgentStatus.READY: self.tr("Ready"),
            AgentStatus.BREAK: self.tr("Break"),
            AgentStatus.WRAP_UP: self.tr("After-call work"),
            AgentStatus.DND: self.tr("Do not disturb"),
        }
        headers = [self.tr("Operator"), self.tr("Day"), *(names[s] for s in COUNTED),
                   self.tr("Total"), self.tr("Breaks by reason")]
        self.table = QTableWidget(0, len(headers), self)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

    def title(self) -> str:
        return self.tr("Statuses")

    def load(self, period: Period, operator_id: int | None) -> None:
        self._asked += 1
        asked = self._asked
        self.message.setText(self.tr("Counting…"))
        self._runner.run(
            lambda: self._service.report(period, operator_id),
            lambda rows: self._show(asked, rows),
            on_failure=lambda exc: self._failed(asked, exc),
            label="status times",
        )

    def _show(self, asked: int, rows: list[StatusTime]) -> None:
        if asked != self._asked:
            return
        self.rows = rows
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            breaks = ", ".join(f"{reason or '—'} {clock(s)}" for reason, s in row.breaks.items())
            cells = [row.name, format_date(row.day), *(clock(row.seconds[s]) for s in COUNTED),
                     clock(row.total_s), breaks]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if 2 <= column < len(cells) - 1:
                    item.setTextAlignment(RIGHT)
                self.table.setItem(number, column, item)
        self.message.setText("" if rows else self.tr("No status changes in this period."))

    def _failed(self, asked: int, exc: Exception) -> None:
        if asked == self._asked:
            self.message.setText(str(exc) or type(exc).__name__)
