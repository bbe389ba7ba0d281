"""The one embedded CJK font every report uses, so no viewer ever needs its own Chinese fonts.

reportlab's CID fonts are not embedded and Helvetica is never embedded either (DESIGN.md,
CONTRACTS.md "A reportlab trap"); WenQuanYi Micro Hei is TrueType, so reportlab can subset
and embed it. The font ships with CareDesk in resources/fonts (licence beside it), so a
Windows or macOS machine without CJK fonts makes the same PDFs; system copies are only a
fallback for a trimmed install.
"""

import os
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_NAME = "CareDeskSans"
FONT_ENV = "CAREDESK_REPORT_FONT"
_VENDORED = Path(__file__).resolve().parents[2] / "resources" / "fonts"
PACKAGED_FONT = _VENDORED / "wqy-microhei.ttc"
CANDIDATES = (
    PACKAGED_FONT,
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"),  # Fedora's layout
)


class FontMissing(RuntimeError):
    """No usable CJK TrueType font: reports cannot be made without one."""


def font_path() -> Path:
    """The font file: CAREDESK_REPORT_FONT if set, else the first installed candidate."""
    override = os.environ.get(FONT_ENV)
    if override:
        path = Path(override)
        if not path.is_file():
            raise FontMissing(f"{FONT_ENV}={override} is not a file")
        return path
    for path in CANDIDATES:
        if path.is_file():
            return path
    raise FontMissing(
        "the WenQuanYi Micro Hei font is missing (looked in "
        + ", ".join(str(p) for p in CANDIDATES)
        + "); reinstall CareDesk or set " + FONT_ENV
    )


def register_fonts() -> str:
    """Register the report font once per process (about 0.2 s) and return its name."""
    if FONT_NAME in pdfmetrics.getRegisteredFontNames():
        return FONT_NAME
    path = font_path()
    index = 0 if path.suffix.lower() == ".ttc" else None
    font = TTFont(FONT_NAME, str(path), subfontIndex=index) if index is not None else TTFont(FONT_NAME, str(path))
    pdfmetrics.registerFont(font)
    # The font has no bold or italic face; map them to itself so <b> never falls back to Helvetica.
    pdfmetrics.registerFontFamily(FONT_NAME, normal=FONT_NAME, bold=FONT_NAME, italic=FONT_NAME, boldItalic=FONT_NAME)
    return FONT_NAME
