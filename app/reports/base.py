"""What every report shares: page geometry, the one stylesheet, and a "page X of Y" canvas.

The canvas starts every page in the embedded CJK font (reportlab would otherwise start
in Helvetica, which is never embedded), and draws the footer once the page count is known.
"""

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle
from reportlab.platypus.doctemplate import BaseDocTemplate

from app.reports.emoji_images import glyph, segments
from app.reports.fonts import register_fonts

PAGE = A4
MARGIN = 18 * mm
FOOTER_Y = 10 * mm
TEAL = colors.HexColor("#16807A")
LIGHT = colors.HexColor("#E8F4F3")
GRID = colors.HexColor("#B8D8D5")
GREY = colors.HexColor("#666666")
CONTENT_WIDTH = PAGE[0] - 2 * MARGIN


@dataclass(frozen=True)
class Styles:
    font: str
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    note: ParagraphStyle
    bullet: ParagraphStyle


@lru_cache(maxsize=1)
def stylesheet() -> Styles:
    """The one stylesheet; every style names the embedded font (ParagraphStyle defaults to Helvetica)."""
    font = register_fonts()
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=15, alignment=TA_LEFT,
                          wordWrap="CJK", spaceAfter=4,
                          bulletFontName=font)
    return Styles(
        font=font,
        title=ParagraphStyle("title", parent=body, fontSize=20, leading=26, textColor=TEAL, spaceAfter=2),
        subtitle=ParagraphStyle("subtitle", parent=body, fontSize=10, textColor=GREY),
        h2=ParagraphStyle("h2", parent=body, fontSize=13.5, leading=18, textColor=TEAL, spaceBefore=10,
                          spaceAfter=5),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=11, textColor=GREY),
        cell=ParagraphStyle("cell", parent=body, fontSize=9, leading=12, spaceAfter=0),
        cell_head=ParagraphStyle("cell_head", parent=body, fontSize=9, leading=12, spaceAfter=0,
                                 textColor=colors.white),
        note=ParagraphStyle("note", parent=body, fontSize=9, leading=13, textColor=GREY, alignment=TA_LEFT),
        bullet=ParagraphStyle("bullet", parent=body, leftIndent=11, bulletIndent=0),
    )


def esc(value: object, size: float) -> str:
    """User text (names, notes) as Paragraph markup for text of font size `size`.

    Paragraphs parse a little XML, so text is escaped and never read as markup; each emoji
    becomes an inline picture that size, since the embedded font has no emoji (emoji_images).
    """
    out = []
    for run, is_emoji in segments(str(value)):
        picture = glyph(run) if is_emoji else None
        out.append(picture.img(size) if picture else _escape(run))
    return "".join(out)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def para(value: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(esc(value, style.fontSize).replace("\n", "<br/>"), style)


def data_table(header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float]) -> Table:
    """A table whose every cell is a Paragraph, so long names and notes wrap inside the cell."""
    s = stylesheet()
    body = [[para(h, s.cell_head) for h in header]]
    body += [[c if isinstance(c, Flowable) else para(c, s.cell) for c in row] for row in rows]
    table = Table(body, colWidths=list(widths), repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), s.font),
        ("BACKGROUND", (0, 0), (-1, 0), TEAL),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, LIGHT]),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


class NumberedCanvas(Canvas):
    """Keeps each page until save(), then stamps "page X of Y" and the footer on every one."""

    def __init__(self, *args: Any, footer: Callable[[Canvas, int, int], None], **kwargs: Any):
        kwargs["initialFontName"] = stylesheet().font
        kwargs["initialFontSize"] = 10
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._footer(self, number, total)
            Canvas.showPage(self)
        Canvas.save(self)


def footer_painter(left: str, right: Callable[[int, int], str], below: str = "") -> Callable[[Canvas, int, int], None]:
    """Footer: `left` and the page number on one line, `below` (brand, date) under it."""
    def paint(canvas: Canvas, number: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont(stylesheet().font, 7.5)
        canvas.setFillColor(GREY)
        canvas.setStrokeColor(GRID)
        canvas.line(MARGIN, FOOTER_Y + 9, PAGE[0] - MARGIN, FOOTER_Y + 9)
        canvas.drawRightString(PAGE[0] - MARGIN, FOOTER_Y, right(number, total))
        _footer_line(canvas, left, 7.5, FOOTER_Y)
        if below:
            _footer_line(canvas, below, 6.5, FOOTER_Y - 9)
        canvas.restoreState()
    return paint


def _footer_line(canvas: Canvas, value: str, size: float, baseline: float) -> None:
    """One line of user text (a member's or brand's name) through esc, like every paragraph."""
    style = ParagraphStyle("footer", parent=stylesheet().small, fontSize=size, leading=size, textColor=GREY)
    line = Paragraph(esc(value, size), style)
    _, height = line.wrap(CONTENT_WIDTH * 0.8, size * 4)
    line.drawOn(canvas, MARGIN, baseline - height + size)  # a Paragraph's first baseline is one size below its top


def build_pdf(flowables: list[Flowable], *, title: str, author: str, language: str,
              footer: Callable[[Canvas, int, int], None]) -> bytes:
    """Lay out the flowables on A4 and return the PDF bytes."""
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, title=title, author=author, creator="CareDesk", lang=language,
        # Identical input gives identical bytes (tests, caching); the date is printed from the snapshot.
        invariant=1,
    )
    frame = Frame(MARGIN, MARGIN, CONTENT_WIDTH, PAGE[1] - 2 * MARGIN, id="body", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(flowables, canvasmaker=lambda *a, **k: NumberedCanvas(*a, footer=footer, **k))
    return buffer.getvalue()

