"""argparse types for the CLI that apply the domain's input limits (app.domain.limits)."""

import argparse

from app.domain.limits import id_problem


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
