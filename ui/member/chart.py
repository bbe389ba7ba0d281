"""A small line chart of effect ratings over time, one line per dimension, painted directly.

QPainter keeps it light (no QtCharts scene for a 1-10 scale and a handful of points) and
quick to fill, which matters on the path from "Next" to a populated screen.
"""

from collections import defaultdict
from datetime import datetime

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.domain.codes import EffectDimension
from app.services.members import EffectPoint
from ui.i18n import label

_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"]


class EffectChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("effect_chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._series: dict[str, list[tuple[datetime, int]]] = {}

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(360, 160)

    def set_points(self, points: tuple[EffectPoint, ...] | list[EffectPoint]) -> None:
        series: dict[str, list[tuple[datetime, int]]] = defaultdict(list)
        for point in points:
            series[point.dimension].append((point.at, point.score))
        self._series = {k: sorted(v) for k, v in series.items()}
        self.update()

    @property
    def dimensions(self) -> list[str]:
        return list(self._series)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(28, 8, -110, -20)
        painter.setPen(QPen(QColor("#999999")))
        painter.drawRect(area)
        if not self._series:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.tr("No effect ratings yet"))
            return
        times = [t for values in self._series.values() for t, _ in values]
        first, last = min(times), max(times)
        span = max((last - first).total_seconds(), 1.0)
        for score in (1, 5, 10):
            y = area.bottom() - (score - 1) / 9 * area.height()
            painter.drawText(QRectF(0, y - 8, 24, 16), Qt.AlignmentFlag.AlignRight, str(score))
        painter.drawText(QRectF(area.left(), area.bottom() + 2, 120, 16), Qt.AlignmentFlag.AlignLeft,
                         first.strftime("%Y-%m-%d"))
        painter.drawText(QRectF(area.right() - 120, area.bottom() + 2, 120, 16), Qt.AlignmentFlag.AlignRight,
                         last.strftime("%Y-%m-%d"))
        for number, (dimension, values) in enumerate(self._series.items()):
            color = QColor(_COLORS[number % len(_COLORS)])
            painter.setPen(QPen(color, 2))
            points = [
                QPointF(area.left() + ((t - first).total_seconds() / span) * area.width() if len(times) > 1
                        else area.center().x(),
                        area.bottom() - (score - 1) / 9 * area.height())
                for t, score in values
            ]
            for a, b in zip(points, points[1:]):
                painter.drawLine(a, b)
            for p in points:
                painter.drawEllipse(p, 2.5, 2.5)
            legend_y = area.top() + number * 16
            painter.drawLine(QPointF(area.right() + 8, legend_y + 8), QPointF(area.right() + 22, legend_y + 8))
            painter.drawText(QRectF(area.right() + 26, legend_y, 84, 16), Qt.AlignmentFlag.AlignLeft,
                             label(EffectDimension, dimension))
