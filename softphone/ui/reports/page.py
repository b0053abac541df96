"""The reports page: a period and (for supervisors) an operator, the figures per operator, the
dispositions, calls per day as a chart; print, PDF and CSV of what is shown.

The report is computed by softphone.crm.reports off the GUI thread; the service decides who
may see what, so an operator simply gets no operator picker.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.operators import OperatorInfo
from softphone.crm.reports import (
    OperatorFigures,
    Period,
    PeriodError,
    Report,
    ReportService,
    local_zone,
    to_csv,
    to_html,
)
from softphone.crm.reports.export import clock, period_text, table_rows
from softphone.ui.reports.chart import CallsChart
from softphone.ui.tasks import TaskRunner
from softphone.ui.widgets.printing import print_with_dialog, save_pdf

CHART_IMAGE = "chart.png"  # the name the printed HTML gives the chart picture
ALL = -1  # operator picker: everyone
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f} %".replace(".", ",")


class ReportsPage(QWidget):
    report_shown = Signal(object)  # Report, once it is on screen
    failed = Signal(str)

    def __init__(
        self,
        service: ReportService,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        zone: tzinfo | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self._service, self._runner = service, runner
        self._zone = zone or local_zone()
        self._now = now or (lambda: datetime.now(UTC))
        self._asked = 0  # only the newest request's answer is shown
        self.report: Report | None = None
        viewer = service.viewer()
        self._own = viewer.operator_id if viewer is not None else None

        self.period_box = QComboBox(self)
        for text, key in (
            (self.tr("Today"), "today"),
            (self.tr("This week"), "week"),
            (self.tr("This month"), "month"),
            (self.tr("Dates…"), "custom"),
        ):
            self.period_box.addItem(text, key)
        self.first_date, self.last_date = QDateEdit(self), QDateEdit(self)
        for edit in (self.first_date, self.last_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
        self.operator_label = QLabel(self.tr("Operator:"), self)
        self.operator_box = QComboBox(self)
        self.operator_box.addItem(self.tr("All operators"), ALL)
        self.operator_box.setMinimumContentsLength(16)
        self._can_see_all = can_see_all = service.can_view_all()
        self.operator_label.setVisible(can_see_all)
        self.operator_box.setVisible(can_see_all)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.pdf_button = QPushButton(self.tr("Save as PDF…"), self)
        self.csv_button = QPushButton(self.tr("Save as CSV…"), self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)

        self.table = self._make_table(self._headers())
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.outcomes = self._make_table([self.tr("Call outcome"), self.tr("Calls")])
        self.outcomes.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.chart = CallsChart(self)
        self._lay_out()
        self._set_period("today")
        self.period_box.currentIndexChanged.connect(self._period_chosen)
        self.first_date.dateChanged.connect(lambda _d: self.reload())
        self.last_date.dateChanged.connect(lambda _d: self.reload())
        self.operator_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.refresh_button.clicked.connect(self.reload)
        self.print_button.clicked.connect(self.print_report)
        self.pdf_button.clicked.connect(self._ask_pdf)
        self.csv_button.clicked.connect(self._ask_csv)
        self._set_outputs_enabled(False)
        if can_see_all:
            runner.run(service.operators, self._fill_operators, on_failure=self._failed,
                       label="report operators")
        self.reload()

    def _headers(self) -> list[str]:
        return [
            self.tr("Operator"), self.tr("Incoming"), self.tr("Outgoing"), self.tr("Missed"),
            self.tr("Answered"), self.tr("Talk time"), self.tr("Average call"),
            self.tr("Average answer"), self.tr("Orders"), self.tr("Applications"),
            self.tr("Web requests taken"), self.tr("Web requests closed"),
        ]

    def _make_table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return table

    def _lay_out(self) -> None:
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Period:"), self))
        controls.addWidget(self.period_box)
        controls.addWidget(self.first_date)
        controls.addWidget(QLabel("—", self))
        controls.addWidget(self.last_date)
        controls.addSpacing(12)
        controls.addWidget(self.operator_label)
        controls.addWidget(self.operator_box)
        controls.addWidget(self.refresh_button)
        controls.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.chart, 3)
        bottom.addWidget(self.outcomes, 1)
        self.outcomes.setMaximumWidth(380)
        outputs = QHBoxLayout()
        outputs.addWidget(self.message, 1)
        for button in (self.print_button, self.pdf_button, self.csv_button):
            outputs.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.table)
        layout.addLayout(bottom, 1)
        layout.addLayout(outputs)

    def title(self) -> str:
        return self.tr("Reports")

    # -- choosing ---------------------------------------------------------------------------

    def _period_chosen(self) -> None:
        self._set_period(self.period_box.currentData())
        self.reload()

    def _set_period(self, key: str) -> None:
        """Quick periods fill the date fields; 'Dates…' lets the operator change them."""
        custom = key == "custom"
        for edit in (self.first_date, self.last_date):
            edit.setEnabled(custom)
        if custom:
            return
        make = {"today": Period.today, "week": Period.this_week, "month": Period.this_month}[key]
        period = make(self._zone, self._now())
        for edit, day in ((self.first_date, period.first), (self.last_date, period.last)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    def choose(self, key: str, first: date | None = None, last: date | None = None) -> None:
        """Pick a period as the operator would (tests and the screenshot tool use it)."""
        self.period_box.blockSignals(True)
        self.period_box.setCurrentIndex(self.period_box.findData(key))
        self.period_box.blockSignals(False)
        self._set_period(key)
        if key == "custom" and first is not None and last is not None:
            for edit, day in ((self.first_date, first), (self.last_date, last)):
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)
        self.reload()

    def period(self) -> Period:
        first, last = self.first_date.date(), self.last_date.date()
        return Period(
            date(first.year(), first.month(), first.day()),
            date(last.year(), last.month(), last.day()),
            self._zone,
        )

    def operator_id(self) -> int | None:
        if not self._can_see_all:
            return self._own
        chosen = self.operator_box.currentData()
        return None if chosen in (None, ALL) else int(chosen)

    def _fill_operators(self, operators: list[OperatorInfo]) -> None:
        self.operator_box.blockSignals(True)
        for person in operators:
            name = person.display_name or person.login
            self.operator_box.addItem(f"{name} ({person.login})", person.id)
        self.operator_box.blockSignals(False)

    # -- loading and showing --------------------------------------------------------------------

    def reload(self) -> None:
        try:
            period = self.period()
        except PeriodError as exc:
            self._failed(exc)
            return
        operator = self.operator_id()
        self._asked += 1
        asked = self._asked
        self.message.setText(self.tr("Counting…"))
        self._runner.run(
            lambda: self._service.report(period, operator),
            lambda report: self._show(asked, report),
            on_failure=lambda exc: self._failed(exc, asked),
            label="report",
        )

    def _show(self, asked: int, report: Report) -> None:
        if asked != self._asked:
            return  # the operator has chosen something else meanwhile
        self.report = report
        rows = table_rows(report)
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            total = row is report.total and len(rows) > 1
            for column, text in enumerate(self._cells(row, total)):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(RIGHT)
                if total:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(number, column, item)
        self._fit_table()
        self.outcomes.setRowCount(len(report.dispositions))
        for number, (label, count) in enumerate(report.dispositions):
            self.outcomes.setItem(number, 0, QTableWidgetItem(label or self.tr("no outcome yet")))
            item = QTableWidgetItem(str(count))
            item.setTextAlignment(RIGHT)
            self.outcomes.setItem(number, 1, item)
        self.chart.show_days(report.days)
        self.message.setText(self.tr("Period: {0}").format(period_text(report)))
        self._set_outputs_enabled(True)
        self.report_shown.emit(report)

    def _fit_table(self) -> None:
        """As tall as its rows, up to a dozen of them: the chart gets the rest of the page."""
        table = self.table
        rows = sum(table.rowHeight(r) for r in range(min(table.rowCount(), 12)))
        height = table.horizontalHeader().height() + rows + 2 * table.frameWidth() + 2
        table.setFixedHeight(max(height, 120))

    def _cells(self, row: OperatorFigures, total: bool) -> list[str]:
        return [
            self.tr("Total") if total else row.name,
            str(row.calls_in),
            str(row.calls_out),
            str(row.calls_missed),
            _percent(row.answered_share),
            clock(row.talk_s),
            clock(row.average_talk_s),
            clock(row.average_answer_s),
            str(row.orders),
            str(row.applications),
            str(row.requests_taken),
            str(row.requests_closed),
        ]

    def _failed(self, error: Exception, asked: int | None = None) -> None:
        if asked is not None and asked != self._asked:
            return
        text = str(error) or type(error).__name__
        self.message.setText(text)
        self.failed.emit(text)

    def _set_outputs_enabled(self, enabled: bool) -> None:
        for button in (self.print_button, self.pdf_button, self.csv_button):
            button.setEnabled(enabled)

    # -- output ---------------------------------------------------------------------------------

    def _html(self) -> tuple[str, dict[str, QImage]]:
        assert self.report is not None
        html = to_html(self.report, self.tr("Operators' work report"), chart=CHART_IMAGE)
        return html, {CHART_IMAGE: self.chart.grab().toImage()}

    def print_report(self) -> None:
        if self.report is not None:
            html, images = self._html()
            print_with_dialog(html, self, images)

    def export_pdf(self, path: Path) -> None:
        html, images = self._html()
        save_pdf(html, path, images)

    def export_csv(self, path: Path) -> None:
        """UTF-8 with a byte-order mark: spreadsheets then read the Cyrillic right."""
        assert self.report is not None
        path.write_text(to_csv(self.report), encoding="utf-8-sig", newline="")

    def _default_name(self, suffix: str) -> str:
        assert self.report is not None
        period = self.report.period
        return f"report-{period.first:%Y-%m-%d}-{period.last:%Y-%m-%d}.{suffix}"

    def _ask_pdf(self) -> None:
        if self.report is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save report as PDF"), self._default_name("pdf"), "PDF (*.pdf)"
        )
        if name:
            self._write(self.export_pdf, Path(name))

    def _ask_csv(self) -> None:
        if self.report is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save report as CSV"), self._default_name("csv"), "CSV (*.csv)"
        )
        if name:
            self._write(self.export_csv, Path(name))

    def _write(self, export: Callable[[Path], None], path: Path) -> None:
        try:
            export(path)
        except OSError as exc:
            self._failed(OSError(self.tr("Could not save {0}: {1}").format(path, exc.strerror)))
        else:
            self.message.setText(self.tr("Saved: {0}").format(path))
