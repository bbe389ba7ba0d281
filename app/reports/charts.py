"""Line and bar charts (reportlab.graphics) with every label in the embedded font.

reportlab's chart parts default to Helvetica, so each text-bearing part is set here;
a Helvetica label would put a non-embedded font in the PDF. Labels are plain strings that
cannot hold an emoji picture, so names print without their emoji rather than with boxes.
"""

import math
from collections.abc import Callable, Sequence
from datetime import date

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from app.reports.base import GREY, stylesheet
from app.reports.emoji_images import without_emoji
from app.reports.model import Point

PALETTE = [colors.HexColor(c) for c in (
    "#16807A", "#E07B39", "#4E79A7", "#B24C8F", "#7EA04D", "#C9A227", "#8C6D5A", "#5A5A9E",
)]
TARGET_COLOR = colors.HexColor("#C0392B")


def _drawing(width: float, height: float, font: str) -> Drawing:
    """A drawing whose renderer starts in our font; by default it sets Helvetica first."""
    drawing = Drawing(width, height)
    drawing.initialFontName = font
    drawing.initialFontSize = 8
    return drawing


def _style_axis_labels(axis, font: str, size: float = 7) -> None:
    axis.labels.fontName = font
    axis.labels.fontSize = size
    axis.strokeColor = GREY


def line_chart(
    lines: Sequence[tuple[str, Sequence[Point]]], *, width: float, height: float,
    y_min: float, y_max: float, y_step: float | None = None,
    y_format: Callable[[float], str] | str = "%g", target: tuple[str, float] | None = None,
) -> Drawing:
    """Values over dates; one line per (label, points). `target` draws a dashed goal line."""
    font = stylesheet().font
    legend_h = 14 * ((len(lines) + (1 if target else 0) + 3) // 4)
    drawing = _drawing(width, height, font)
    plot = LinePlot()
    plot.x, plot.y = 32, 22 + legend_h
    plot.width, plot.height = width - 44, height - plot.y - 8
    days = [p.day.toordinal() for _, points in lines for p in points]
    lo, hi = min(days), max(days)
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    data = [[(p.day.toordinal(), p.value) for p in points] for _, points in lines]
    if target:
        data.append([(lo, target[1]), (hi, target[1])])
    plot.data = data
    for i in range(len(lines)):
        line = plot.lines[i]
        line.strokeColor = PALETTE[i % len(PALETTE)]
        line.strokeWidth = 1.6
        line.symbol = makeMarker("FilledCircle", size=3.5, fillColor=PALETTE[i % len(PALETTE)],
                                 strokeColor=PALETTE[i % len(PALETTE)])
    if target:
        plot.lines[len(lines)].strokeColor = TARGET_COLOR
        plot.lines[len(lines)].strokeDashArray = (4, 3)
        plot.lines[len(lines)].strokeWidth = 1
    x_axis, y_axis = plot.xValueAxis, plot.yValueAxis
    x_axis.valueMin, x_axis.valueMax = lo, hi
    span = hi - lo
    x_axis.valueStep = max(1, round(span / 6))
    x_axis.labelTextFormat = lambda v: date.fromordinal(int(round(v))).strftime("%m-%d")
    y_axis.valueMin, y_axis.valueMax = y_min, y_max
    if y_step:
        y_axis.valueStep = y_step
    y_axis.labelTextFormat = y_format
    y_axis.visibleGrid = True
    y_axis.gridStrokeColor = colors.HexColor("#E2E2E2")
    _style_axis_labels(x_axis, font)
    _style_axis_labels(y_axis, font)
    drawing.add(plot)
    names = [label for label, _ in lines] + ([target[0]] if target else [])
    drawing.add(_legend(names, font, width, legend_h, dashed_last=bool(target)))
    return drawing


def _legend(names: Sequence[str], font: str, width: float, height: float, *, dashed_last: bool) -> Legend:
    legend = Legend()
    legend.fontName = font
    legend.fontSize = 7.5
    legend.x, legend.y = 32, height + 2
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = max(70, (width - 44) / 4)
    legend.dx, legend.dy = 8, 6
    legend.boxAnchor = "nw"
    pairs = []
    for i, name in enumerate(names):
        color = TARGET_COLOR if dashed_last and i == len(names) - 1 else PALETTE[i % len(PALETTE)]
        pairs.append((color, without_emoji(name)))
    legend.colorNamePairs = pairs
    legend.columnMaximum = 1 if len(names) <= 4 else 2
    return legend


def bar_chart(labels: Sequence[str], values: Sequence[float], *, width: float, height: float,
              color: colors.Color = PALETTE[0], value_format: str = "%d", caption: str = "",
              value_max: float | None = None) -> Drawing:
    """One bar per label, value printed above each bar."""
    font = stylesheet().font
    drawing = _drawing(width, height, font)
    chart = VerticalBarChart()
    chart.x, chart.y = 32, 30
    chart.width, chart.height = width - 44, height - 46 - (12 if caption else 0)  # room for the caption
    chart.data = [list(values)]
    chart.bars[0].fillColor = color
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = value_format
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 6
    chart.categoryAxis.categoryNames = [without_emoji(label) for label in labels]
    chart.categoryAxis.labels.angle = 0 if len(labels) <= 6 else 30
    chart.categoryAxis.labels.boxAnchor = "n" if len(labels) <= 6 else "ne"
    chart.valueAxis.valueMin = 0
    top = max(values) if values else 1
    chart.valueAxis.valueMax = value_max if value_max is not None else max(1, top * 1.2)
    if value_format == "%d" and value_max is None:  # whole counts: whole ticks, or small maxima repeat "0", "0", "1"
        chart.valueAxis.valueStep = max(1, math.ceil(top * 1.2 / 5))
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#E2E2E2")
    chart.valueAxis.labelTextFormat = value_format
    _style_axis_labels(chart.categoryAxis, font)
    _style_axis_labels(chart.valueAxis, font)
    drawing.add(chart)
    if caption:
        drawing.add(String(width / 2, height - 10, caption, fontName=font, fontSize=8, fillColor=GREY,
                           textAnchor="middle"))
    return drawing
