"""Emoji in PDFs as inline pictures, since the embedded font has none and reportlab cannot embed one.

Noto Color Emoji (shipped in resources/fonts) is colour bitmaps (CBDT), which reportlab's
TrueType reader refuses ("missing location table"). Pillow draws each emoji sequence from it
once; the PNG is cached in the user cache folder, named by its code points, and `base.esc`
places it in a Paragraph as an <img> scaled to the text's font size on its baseline.
Sequences (ZWJ, skin tones, flags, keycaps) are found with the `emoji` package's data.
"""

import logging
import math
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import quoteattr

import emoji
from PIL import Image, ImageDraw, ImageFont

from app.config import cache_dir

log = logging.getLogger(__name__)

EMOJI_FONT = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "NotoColorEmoji.ttf"
STRIKE = 109  # the font's only bitmap size: FreeType opens it at no other
SHRINK = 2  # stored at half the strike: 64 px a line is still over 300 dpi at 12 pt, and PDFs stay small
ZWJ = "\u200d"
TEXT_STYLE = "\ufe0e"  # VS15: the writer asked for the plain-text symbol
_UNQUALIFIED = emoji.STATUS["unqualified"]


@dataclass(frozen=True)
class Glyph:
    """A cached emoji picture; sizes in ems of the text it stands in."""

    path: Path
    width: float
    height: float
    descent: float

    def img(self, size: float) -> str:
        """The Paragraph markup drawing it at font size `size`, its bottom at the font's descent."""
        return (f"<img src={quoteattr(str(self.path))} width=\"{self.width * size:.2f}\" "
                f"height=\"{self.height * size:.2f}\" valign=\"{-self.descent * size:.2f}\"/>")


def segments(text: str) -> Iterator[tuple[str, bool]]:
    """`text` in runs, each True when it is one emoji (a whole sequence) to draw as a picture."""
    pos = 0
    for start, end in _sequences(text):
        if start > pos:
            yield text[pos:start], False
        yield text[start:end], True
        pos = end
    if pos < len(text):
        yield text[pos:], False


def _sequences(text: str) -> Iterator[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in emoji.emoji_list(text):
        start, end = match["match_start"], match["match_end"]
        if spans and spans[-1][1] + 1 == start and text[start - 1] == ZWJ:
            spans[-1] = (spans[-1][0], end)  # a ZWJ sequence the data does not list is still one picture
        else:
            spans.append((start, end))
    for start, end in spans:
        # ©, ™ or ☺ without VS16 are text by Unicode's default presentation; VS15 asks for text too.
        if emoji.EMOJI_DATA.get(text[start:end], {}).get("status") == _UNQUALIFIED or text[end:end + 1] == TEXT_STYLE:
            continue
        yield start, end


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, an emoji counting as one and never cut inside its sequence."""
    runs = [c for run, is_emoji in segments(text) for c in ([run] if is_emoji else run)]
    return text if len(runs) <= limit else "".join(runs[:limit - 1]) + "..."


def without_emoji(text: str) -> str:
    """For chart labels, which are plain strings: the emoji left out (the font would print boxes)."""
    kept = "".join(run for run, is_emoji in segments(text) if not is_emoji)
    return kept if kept.strip() else text


def glyph(sequence: str) -> Glyph | None:
    """The picture of one emoji sequence; None when the font lacks it or it cannot be drawn or cached."""
    return _glyph(cache_dir() / "emoji" / _font_key(), sequence)


@lru_cache(maxsize=1)
def _font_key() -> str:
    """A folder per font file, so a newer font never serves an older font's pictures."""
    try:
        return f"noto-{EMOJI_FONT.stat().st_size:x}-{SHRINK}"
    except OSError:
        return "missing"


@lru_cache(maxsize=1)
def _font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(EMOJI_FONT), STRIKE)


@lru_cache(maxsize=4096)
def _glyph(folder: Path, sequence: str) -> Glyph | None:
    path = folder / ("-".join(f"{ord(c):x}" for c in sequence) + ".png")
    try:
        font = _font()
        ascent, descent = font.getmetrics()
        if not path.is_file():
            picture = _draw(font, sequence, ascent, descent)
            if picture is None:
                return None
            _save(picture, path)
        with Image.open(path) as picture:
            width, height = picture.size
    except (OSError, ValueError) as exc:  # a picture never fails a report: the text is printed instead
        log.warning("emoji %r printed as text: %s", sequence, exc)
        return None
    em_height = (ascent + descent) / STRIKE
    return Glyph(path, width / height * em_height, em_height, descent / STRIKE)


def _draw(font: ImageFont.FreeTypeFont, sequence: str, ascent: int, descent: int) -> Image.Image | None:
    width = max(1, math.ceil(font.getlength(sequence)))
    picture = Image.new("RGBA", (width, ascent + descent))
    ImageDraw.Draw(picture).text((0, ascent), sequence, font=font, embedded_color=True, anchor="ls")
    if picture.getbbox() is None:  # nothing drawn: the font has no glyph for it
        return None
    return picture.resize((max(1, round(width / SHRINK)), round((ascent + descent) / SHRINK)), Image.LANCZOS)


def _save(picture: Image.Image, path: Path) -> None:
    """Written aside and renamed: another process rendering the same emoji never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            picture.save(out, format="PNG", optimize=True)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
