"""The reports window's «Speech» tab: per operator, from the figures the live speech hints
saved with each call (softphone.crm.coaching), for the period and operator chosen on the
figures tab: how often the pace matched the caller's, the longest pause, overtalk, the
share of speech at the right volume. Operators see their own row; supervisors everyone's."""

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

from softphone.crm.coaching.service import CoachingService, OperatorCoaching
from softphone.crm.reports import Period
from softphone.ui.tasks import TaskRunner

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _share(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)} %"


class SpeechReportView(QWidget):
    def __init__(
        self, service: CoachingService, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._service, self._runner = service, runner
        self._asked = 0
        self.rows: list[OperatorCoaching] = []
        headers = [self.tr("Operator"), self.tr("Calls"), self.tr("Pace matched"),
                   self.tr("Longest pause"), self.tr("Talked over"), self.tr("Right volume"),
                   self.tr("Pace, syll./s")]
        self.table = QTableWidget(0, len(headers), self)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

    def title(self) -> str:
        return self.tr("Speech")

    def load(self, period: Period, operator_id: int | None) -> None:
        self._asked += 1
        asked = self._asked
        self.message.setText(self.tr("Counting…"))
        self._runner.run(
            lambda: self._service.report(period, operator_id),
            lambda rows: self._show(asked, rows),
            on_failure=lambda exc: self._failed(asked, exc),
            label="speech report",
        )

    def _show(self, asked: int, rows: list[OperatorCoaching]) -> None:
        if asked != self._asked:
            return
        self.rows = rows
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            cells = [row.name, str(row.calls), _share(row.pace_match),
                     self.tr("%1 s").replace("%1", f"{row.longest_pause_s:.0f}"),
                     str(row.overtalk_count), _share(row.in_band),
                     "—" if row.operator_rate is None else f"{row.operator_rate:.1f}"]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(RIGHT)
                self.table.setItem(number, column, item)
        self.message.setText("" if rows else self.tr(
            "No calls with speech figures in this period."))

    def _failed(self, asked: int, exc: Exception) -> None:
        if asked == self._asked:
            self.message.setText(str(exc) or type(exc).__name__)
