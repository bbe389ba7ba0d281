"""Input limits both engines share: a value refused here never reaches either database.

SQLite stores what PostgreSQL refuses (NUL characters, ids past 64 bits raise only on one
side; lone surrogates fail in one driver and not the other), so the rule is written once in
the domain and every door applies it: the forms through their services, member search, the
outcome form's notes, import rows and the CLI's arguments. Each function says why a value
cannot be taken, or None; the caller refuses with that message and stores nothing.
"""

import re
from datetime import date, datetime

MAX_ID = 2**63 - 1  # BIGINT on PostgreSQL, INTEGER on SQLite: both signed 64-bit
# Dates a care centre can mean: birthdays, orders, callbacks. Year 1 or 9999 is a typo or an
# attack (and overflows a time zone shift at either end).
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2199, 12, 31)
MAX_SEARCH = 100  # a member search query

# C0 controls but tab/newline/carriage return, DEL and the C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile("[\t\n\r\u2028\u2029]")
# Embeddings, overrides and isolates: they make "abc.exe" read as "exe.cba" on screen and in exports.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")  # only a broken decoder or a forged string has them alone


def id_problem(value: int) -> str | None:
    """Why `value` cannot be a record id, or None."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        return f"an id is a whole number from 1 to {MAX_ID}"
    return None


def text_problem(value: str, *, max_length: int, multiline: bool = False) -> str | None:
    """Why `value` cannot be stored as text, or None: too long, control characters (NUL...),
    direction overrides or lone surrogates. Line breaks and tabs only when `multiline`."""
    if not isinstance(value, str):
        return "must be text"
    if len(value) > max_length:
        return f"at most {max_length} characters"
    if _SURROGATE.search(value):
        return "not valid text (a lone surrogate: broken encoding)"
    if _CONTROL.search(value) or (not multiline and _LINE_BREAKS.search(value)):
        return "control characters (such as NUL) are not allowed"
    if _BIDI.search(value):
        return "text direction override characters are not allowed"
    return None


def date_problem(value: date | datetime) -> str | None:
    """Why `value` is not a date a care centre can mean (year 1, year 9999), or None."""
    day = value.date() if isinstance(value, datetime) else value
    if not MIN_DATE <= day <= MAX_DATE:
        return f"a date from {MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}"
    return None


def problems(**fields: str | None) -> dict[str, str]:
    """The fields that have a problem (from the functions above), for one ValidationError."""
    return {name: problem for name, problem in fields.items() if problem is not None}
