"""The reports window's «Speech» tab: per operator, from the figures the live speech hints
saved with each call (softphone.crm.coaching), for the period and operator chosen on the
figures tab: how often the pace matched the caller's, the longest pause, overtalk, the
share of speech at the right volume. Operators see their own row; supervisors everyone's."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from softphone.crm.coaching.service import CoachingService, OperatorCoaching
from softphone.crm.reports import Period
from softphone.ui.reports.table_view import ReportTable
from softphone.ui.tasks import TaskRunner


def _share(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)} %"


class SpeechReportView(ReportTable[OperatorCoaching]):
    def __init__(
        self, service: CoachingService, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(runner, parent)
        self._service = service
        self.set_headers([self.tr("Operator"), self.tr("Calls"), self.tr("Pace matched"),
                          self.tr("Longest pause"), self.tr("Talked over"),
                          self.tr("Right volume"), self.tr("Pace, syll./s")])

    def title(self) -> str:
        return self.tr("Speech")

    def load(self, period: Period, operator_id: int | None) -> None:
        self.fetch(lambda: self._service.report(period, operator_id), self.tr("Counting…"),
                   "speech report")

    def cells(self, row: OperatorCoaching) -> list[str]:
        return [row.name, str(row.calls), _share(row.pace_match),
                self.tr("%1 s").replace("%1", f"{row.longest_pause_s:.0f}"),
                str(row.overtalk_count), _share(row.in_band),
                "—" if row.operator_rate is None else f"{row.operator_rate:.1f}"]

    def empty_text(self) -> str:
        return self.tr("No calls with speech figures in this period.")
