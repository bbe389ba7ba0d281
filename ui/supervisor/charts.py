"""The console's four charts (Qt Charts): outcomes by hour, satisfaction trend, complaint
categories by month, SLA compliance by ticket type."""

from collections import defaultdict

import math
from datetime import datetime, time

from PySide6.QtCharts import (
    QBarCategoryAxis, QBarSet, QChart, QChartView, QDateTimeAxis, QHorizontalPercentBarSeries, QLineSeries,
    QStackedBarSeries, QValueAxis,
)
from PySide6.QtCore import QDateTime, QMargins, QPointF, Qt, QT_TRANSLATE_NOOP
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QGridLayout, QWidget

from app.domain.codes import ComplaintCategory, Disposition
from app.services.dashboard import Charts
from ui.i18n import label
from ui.supervisor.format import tr, translate

# Seven dispositions are too many to stack legibly in a small chart: four groups (busy counts
# as no answer; wrong number and do-not-call as refused).
_OUTCOME_GROUPS = (
    (QT_TRANSLATE_NOOP("Supervisor", "Reached"), (Disposition.REACHED,), "#2e7d32"),
    (QT_TRANSLATE_NOOP("Supervisor", "No answer"), (Disposition.NO_ANSWER, Disposition.BUSY), "#f9a825"),
    (QT_TRANSLATE_NOOP("Supervisor", "Callback"), (Disposition.CALLBACK,), "#1565c0"),
    (QT_TRANSLATE_NOOP("Supervisor", "Refused"),
     (Disposition.REFUSED, Disposition.WRONG_NUMBER, Disposition.DO_NOT_CALL), "#c62828"),
)
_PALETTE = ["#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a", "#c62828", "#00838f"]
WORK_HOURS = range(8, 21)  # always shown; earlier or later hours only when they had calls


def _small_font(points: float = 7.5) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    return font


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setFont(_small_font())
    chart.setMargins(QMargins(2, 2, 2, 2))
    return chart


def _count_axis(top: float) -> QValueAxis:
    """A 0..n axis with five whole-number steps, whatever the counts."""
    axis = QValueAxis()
    raw = max(1.0, top / 5)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    axis.setRange(0, step * 5)
    axis.setTickCount(6)
    axis.setLabelFormat("%d")
    axis.setLabelsFont(_small_font())
    return axis


def _bar_set(name: str, values, color: str) -> QBarSet:
    bars = QBarSet(name)
    bars.append([float(v) for v in values])
    bars.setColor(QColor(color))
    bars.setBorderColor(QColor(color))
    return bars


def _axes(chart: QChart, series, categories: list[str], y_axis: QValueAxis, *, horizontal: bool = False) -> None:
    x = QBarCategoryAxis()
    x.append(categories)
    x.setLabelsFont(_small_font())
    chart.addAxis(x, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x)
    series.attachAxis(y_axis)


class ChartsPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.views = [QChartView(self) for _ in range(4)]
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, view in enumerate(self.views):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(190)
            grid.addWidget(view, i // 2, i % 2)
        self.views[0].setObjectName("chart_outcomes")
        self.views[1].setObjectName("chart_satisfaction")
        self.views[2].setObjectName("chart_complaints")
        self.views[3].setObjectName("chart_sla")

    def show_charts(self, charts: Charts) -> None:
        for view, chart in zip(self.views, (self._outcomes(charts), self._satisfaction(charts),
                                            self._complaints(charts), self._sla(charts))):
            old = view.chart()
            view.setChart(chart)
            if old is not None:
                old.deleteLater()

    @staticmethod
    def _outcomes(charts: Charts) -> QChart:
        chart = _chart(translate("Supervisor", "Outcomes by hour"))
        counts: dict[str, dict[int, int]] = defaultdict(dict)
        for row in charts.outcomes_by_hour:
            counts[row.disposition][row.hour] = row.count
        seen = {row.hour for row in charts.outcomes_by_hour}
        hours = sorted(set(WORK_HOURS) | seen)
        series = QStackedBarSeries()
        for name, codes, color in _OUTCOME_GROUPS:
            values = [sum(counts.get(code, {}).get(h, 0) for code in codes) for h in hours]
            if any(values):
                series.append(_bar_set(tr(name), values, color))
        chart.addSeries(series)
        totals = [sum(c.get(h, 0) for c in counts.values()) for h in hours]
        _axes(chart, series, [str(h) for h in hours], _count_axis(max(totals, default=0)))
        return chart

    @staticmethod
    def _satisfaction(charts: Charts) -> QChart:
        chart = _chart(translate("Supervisor", "Satisfaction trend (daily average, 1-10)"))
        series = QLineSeries()
        series.setName(translate("Supervisor", "Average satisfaction"))
        for day in charts.satisfaction_trend:
            stamp = QDateTime(datetime.combine(day.day, time(12))).toMSecsSinceEpoch()
            series.append(QPointF(float(stamp), day.average))
        series.setPointsVisible(True)
        chart.addSeries(series)
        chart.legend().setVisible(False)
        x = QDateTimeAxis()
        x.setFormat("MM-dd")
        x.setTickCount(6)
        x.setLabelsFont(_small_font())
        start = datetime.combine(charts.trend_start, time(0))
        end = datetime.combine(charts.period.end, time(23, 59))
        x.setRange(QDateTime(start), QDateTime(end))
        y = QValueAxis()
        y.setRange(0, 10)
        y.setTickCount(6)
        y.setLabelFormat("%d")
        y.setLabelsFont(_small_font())
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        return chart

    @staticmethod
    def _complaints(charts: Charts) -> QChart:
        chart = _chart(translate("Supervisor", "Complaints by category, last 6 months"))
        months = sorted({m.month for m in charts.complaints_by_month})
        counts = {(m.month, m.category): m.count for m in charts.complaints_by_month}
        series = QStackedBarSeries()
        for i, category in enumerate(charts.top_categories):
            series.append(_bar_set(label(ComplaintCategory, category), [counts.get((m, category), 0) for m in months],
                                   _PALETTE[i % len(_PALETTE)]))
        chart.addSeries(series)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        totals = [sum(counts.get((m, c), 0) for c in charts.top_categories) for m in months]
        _axes(chart, series, [str(int(m[5:])) for m in months] or [""], _count_axis(max(totals, default=0)))
        return chart

    @staticmethod
    def _sla(charts: Charts) -> QChart:
        chart = _chart(translate("Supervisor", "SLA compliance by ticket type"))
        rows = list(charts.sla_compliance)
        series = QHorizontalPercentBarSeries()
        series.append(_bar_set(translate("Supervisor", "On time"), [r.on_time for r in rows], "#2e7d32"))
        series.append(_bar_set(translate("Supervisor", "Late"), [r.late for r in rows], "#c62828"))
        chart.addSeries(series)
        percent = QValueAxis()
        percent.setRange(0, 100)
        percent.setTickCount(5)
        percent.setLabelFormat("%d%%")
        percent.setLabelsFont(_small_font())
        _axes(chart, series, [label(ComplaintCategory, r.category) for r in rows] or [""], percent, horizontal=True)
        return chart
