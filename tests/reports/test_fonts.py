"""The report font: shipped with the package, overridable, and a clear error when missing."""

import pytest

from app.reports import fonts
from app.reports.fonts import FONT_ENV, FontMissing, font_path


def test_shipped_font_is_used_before_any_system_font(monkeypatch):
    monkeypatch.delenv(FONT_ENV, raising=False)
    path = font_path()
    assert path == fonts.PACKAGED_FONT and path.is_file()
    assert (path.parent / "LICENSE-wqy-microhei.txt").is_file()


def test_package_font_alone_makes_a_chinese_pdf(monkeypatch):
    """Only the shipped file is looked at: a machine without CJK fonts still embeds Chinese."""
    import io

    from pypdf import PdfReader
    from reportlab.pdfgen.canvas import Canvas

    monkeypatch.delenv(FONT_ENV, raising=False)
    monkeypatch.setattr(fonts, "CANDIDATES", (fonts.PACKAGED_FONT,))
    name = fonts.register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, initialFontName=name)
    canvas.setFont(name, 12)
    canvas.drawString(72, 720, "会员关怀报告")
    canvas.save()
    page = PdfReader(io.BytesIO(out.getvalue())).pages[0]
    assert "会员关怀报告" in page.extract_text()
    data = out.getvalue()
    assert b"/FontFile2" in data and b"Helvetica" not in data  # embedded TrueType, nothing else


def test_missing_font_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.delenv(FONT_ENV, raising=False)
    monkeypatch.setattr(fonts, "CANDIDATES", (tmp_path / "none.ttc",))
    with pytest.raises(FontMissing, match="reinstall CareDesk"):
        font_path()


def test_override_must_be_a_file(monkeypatch, tmp_path):
    monkeypatch.setenv(FONT_ENV, str(tmp_path / "nope.ttf"))
    with pytest.raises(FontMissing, match=FONT_ENV):
        font_path()
