"""The periods a supervisor picks, read from user input: domain periods, errors as ValidationError."""

from datetime import date

from app.domain import periods
from app.domain.periods import InvalidPeriod, Period
from app.services.errors import ValidationError


def parse_period(text: str) -> Period:
    """`YYYY-MM` or `YYYY-Www`; anything else is a ValidationError naming the field."""
    try:
        return periods.parse_period(text)
    except InvalidPeriod as exc:
        raise ValidationError(exc.errors) from None


def range_period(start: date, end: date) -> Period:
    """start..end (both included, at most a year); a reversed or too long range is a ValidationError."""
    try:
        return periods.range_period(start, end)
    except InvalidPeriod as exc:
        raise ValidationError(exc.errors) from None
