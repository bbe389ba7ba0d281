"""The console's four charts (Qt Charts): outcomes by hour, satisfaction trend, complaint
categories by month, SLA compliance by ticket type."""

from collections import defaultdict

from PySide6.QtCharts import (
    QBarCategoryAxis, QBarSet, QChart, QChartView, QLineSeries, QPercentBarSeries, QStackedBarSeries, QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QGridLayout, QWidget

from app.domain.codes import ComplaintCategory, Disposition
from app.services.dashboard import Charts
from ui.i18n import label
from ui.supervisor.format import tr

_DISPOSITION_COLORS = {
    Disposition.REACHED: "#2e7d32", Disposition.NO_ANSWER: "#f9a825", Disposition.BUSY: "#ef6c00",
    Disposition.CALLBACK: "#1565c0", Disposition.REFUSED: "#6a1b9a", Disposition.WRONG_NUMBER: "#757575",
    Disposition.DO_NOT_CALL: "#c62828",
}
_PALETTE = ["#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a", "#c62828", "#00838f"]
WORK_HOURS = range(8, 21)  # always shown; earlier or later hours only when they had calls


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    return chart


def _bar_set(name: str, values, color: str) -> QBarSet:
    bars = QBarSet(name)
    bars.append([float(v) for v in values])
    bars.setColor(QColor(color))
    bars.setBorderColor(QColor(color))
    return bars


def _axes(chart: QChart, series, categories: list[str], *, y_max: float | None = None,
          y_format: str = "%d") -> None:
    x = QBarCategoryAxis()
    x.append(categories)
    y = QValueAxis()
    y.setLabelFormat(y_format)
    if y_max is not None:
        y.setRange(0, y_max)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x)
    series.attachAxis(y)


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
        chart = _chart(tr("Outcomes by hour"))
        counts: dict[str, dict[int, int]] = defaultdict(dict)
        for row in charts.outcomes_by_hour:
            counts[row.disposition][row.hour] = row.count
        seen = {row.hour for row in charts.outcomes_by_hour}
        hours = sorted(set(WORK_HOURS) | seen)
        series = QStackedBarSeries()
        for disposition in Disposition:
            if disposition.value in counts:
                series.append(_bar_set(label(Disposition, disposition), [counts[disposition.value].get(h, 0) for h in hours],
                                       _DISPOSITION_COLORS[disposition]))
        chart.addSeries(series)
        _axes(chart, series, [f"{h:02d}" for h in hours])
        return chart

    @staticmethod
    def _satisfaction(charts: Charts) -> QChart:
        chart = _chart(tr("Satisfaction trend (daily average, 1-10)"))
        series = QLineSeries()
        series.setName(tr("Average satisfaction"))
        days = [d for d in charts.satisfaction_trend]
        for i, day in enumerate(days):
            series.append(QPointF(i, day.average))
        series.setPointsVisible(True)
        chart.addSeries(series)
        chart.legend().setVisible(False)
        x = QBarCategoryAxis()
        x.append([d.day.strftime("%m-%d") for d in days] or [""])
        y = QValueAxis()
        y.setRange(0, 10)
        y.setLabelFormat("%d")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        return chart

    @staticmethod
    def _complaints(charts: Charts) -> QChart:
        chart = _chart(tr("Complaints by category, by month"))
        months = sorted({m.month for m in charts.complaints_by_month})
        counts = {(m.month, m.category): m.count for m in charts.complaints_by_month}
        series = QStackedBarSeries()
        for i, category in enumerate(charts.top_categories):
            series.append(_bar_set(label(ComplaintCategory, category), [counts.get((m, category), 0) for m in months],
                                   _PALETTE[i % len(_PALETTE)]))
        chart.addSeries(series)
        _axes(chart, series, months or [""])
        return chart

    @staticmethod
    def _sla(charts: Charts) -> QChart:
        chart = _chart(tr("SLA compliance by ticket type"))
        rows = list(charts.sla_compliance)
        series = QPercentBarSeries()
        series.append(_bar_set(tr("On time"), [r.on_time for r in rows], "#2e7d32"))
        series.append(_bar_set(tr("Late"), [r.late for r in rows], "#c62828"))
        chart.addSeries(series)
        _axes(chart, series, [label(ComplaintCategory, r.category) for r in rows] or [""], y_max=100)
        return chart
