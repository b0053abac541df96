"""The reports window's «Statuses» tab: time per agent status per operator and local day, for
the period and operator chosen on the figures tab (softphone.crm.reports.agent_time)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from softphone.crm.agent.status import AgentStatus
from softphone.crm.reports import Period
from softphone.crm.reports.agent_time import COUNTED, StatusTime, StatusTimeService
from softphone.crm.reports.export import clock
from softphone.formatting import format_date
from softphone.ui.reports.table_view import ReportTable
from softphone.ui.tasks import TaskRunner


class StatusTimesView(ReportTable[StatusTime]):
    def __init__(
        self, service: StatusTimeService, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(runner, parent)
        self._service = service
        names = {
            AgentStatus.READY: self.tr("Ready"),
            AgentStatus.BREAK: self.tr("Break"),
            AgentStatus.WRAP_UP: self.tr("After-call work"),
            AgentStatus.DND: self.tr("Do not disturb"),
        }
        self.set_headers([self.tr("Operator"), self.tr("Day"), *(names[s] for s in COUNTED),
                          self.tr("Total"), self.tr("Breaks by reason")])

    def title(self) -> str:
        return self.tr("Statuses")

    def load(self, period: Period, operator_id: int | None) -> None:
        self.fetch(lambda: self._service.report(period, operator_id), self.tr("Counting…"),
                   "status times")

    def cells(self, row: StatusTime) -> list[str]:
        breaks = ", ".join(f"{reason or '—'} {clock(s)}" for reason, s in row.breaks.items())
        return [row.name, format_date(row.day), *(clock(row.seconds[s]) for s in COUNTED),
                clock(row.total_s), breaks]

    def right_aligned(self, column: int, columns: int) -> bool:
        return 2 <= column < columns - 1

    def empty_text(self) -> str:
        return self.tr("No status changes in this period.")
