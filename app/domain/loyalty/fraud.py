"""What the fraud check compares: postal addresses written one way (full-width digits and
letters made ASCII, runs of spaces made one), and compared without spaces or case, so the
same address typed twice is one address."""

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def clean_address(text: str | None) -> str | None:
    """The address as stored: NFKC (full-width ０-９ and Ａ-Ｚ to ASCII), whitespace runs to
    one space, trimmed; None when empty. Every writer (imports, edits, demo) stores this."""
    if text is None:
        return None
    value = _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    return value[:200] or None

