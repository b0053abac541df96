"""Calls per day as stacked bars (answered in, out, missed), drawn with Qt's own charts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from softphone.crm.reports import DayCalls

# The colours of the app's call states: green talk, blue outgoing, red missed.
COLOURS = {"in": "#2e9d5b", "out": "#3b78c4", "missed": "#d0473c"}
LONG_PERIOD = 14  # days; longer periods label days by their number only


class CallsChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        self._chart = QChart()
        super().__init__(self._chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self._chart.setMargins(QMargins(4, 4, 4, 4))
        self._chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self._chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.series: QStackedBarSeries | None = None
        self.show_days([])

    def show_days(self, days: Sequence[DayCalls]) -> None:
        """One bar per day of the period, quiet days included (they are zeros)."""
        chart = self._chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitle(self.tr("Calls per day"))
        sets = {
            "in": QBarSet(self.tr("Answered incoming")),
            "out": QBarSet(self.tr("Outgoing")),
            "missed": QBarSet(self.tr("Missed")),
        }
        for key, bar_set in sets.items():
            bar_set.setColor(QColor(COLOURS[key]))
            bar_set.setBorderColor(QColor(COLOURS[key]))
        for day in days:
            sets["in"].append(day.calls_in)
            sets["out"].append(day.calls_out)
            sets["missed"].append(day.calls_missed)
        series = QStackedBarSeries()
        series.setBarWidth(0.7)
        for bar_set in sets.values():
            series.append(bar_set)
        chart.addSeries(series)
        pattern = "%d" if len(days) > LONG_PERIOD else "%d.%m"
        categories = QBarCategoryAxis()
        categories.append([day.day.strftime(pattern) for day in days] or [""])
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        values = QValueAxis()
        highest = max((day.total for day in days), default=0)
        top = max(4, highest)
        values.setRange(0, top)
        values.setLabelFormat("%d")
        if top <= 8:
            values.setTickCount(top + 1)  # a tick per call: no fractional steps
        else:
            values.applyNiceNumbers()
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(values)
        self.series = series

    def points(self) -> int:
        """Days shown (what a test or a screen reader can check)."""
        sets = self.series.barSets() if self.series is not None else []
        return sets[0].count() if sets else 0
