"""argparse types for the CLI that apply the domain's input limits (app.domain.limits)."""

import argparse
from datetime import date

from app.domain.limits import date_problem, id_problem


def record_id(text: str) -> int:
    """A record id argument: refused with a message, never by one engine's overflow error."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    problem = id_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(f"{problem}: {text}")
    return value


def day(text: str) -> date:
    """A date argument YYYY-MM-DD inside the domain's date range (never year 1 or 9999)."""
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None
    problem = date_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(f"{problem}: {text}")
    return value
