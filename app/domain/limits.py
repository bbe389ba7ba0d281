"""Input limits both engines share: a value refused here never reaches either database.

SQLite stores what PostgreSQL refuses (NUL characters, ids past 64 bits raise only on one
side), so the rule is written once in the domain and every door applies it.
"""

MAX_ID = 2**63 - 1  # BIGINT on PostgreSQL, INTEGER on SQLite: both signed 64-bit


def id_problem(value: int) -> str | None:
    """Why `value` cannot be a record id, or None."""
    if not 1 <= value <= MAX_ID:
        return f"an id is a whole number from 1 to {MAX_ID}"
    return None


def text_problem(value: str, *, max_length: int, multiline: bool = False) -> str | None:
    """Why `value` cannot be stored as text, or None: too long, NUL or other control characters."""
    if len(value) > max_length:
        return f"at most {max_length} characters"
    allowed = {"\n", "\t", "\r"} if multiline else set()
    if any((ord(ch) < 32 or ord(ch) == 127) and ch not in allowed for ch in value):
        return "control characters (such as NUL) are not allowed"
    return None
