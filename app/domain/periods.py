"""Report and dashboard periods: local dates, both ends inclusive, measured as UTC spans.

A period is a run of the workstation's local days (a day, an ISO week, a month, a range);
`bounds` turns it into the UTC instants [since, until) that queries compare stored times
with. The console, the summary PDF and `caredesk-admin kpi` all measure through here.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from app.domain.clock import Clock

MAX_RANGE_DAYS = 366
DEFAULT_TRAILING_DAYS = 180

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


class InvalidPeriod(ValueError):
    """A period that cannot be read or makes no sense; `errors` maps a field to its message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


def local_day_start(day: date, clock: Clock) -> datetime:
    """Midnight of a local day in the workstation's zone, as a UTC instant."""
    return datetime.combine(day, time(0), tzinfo=clock.tz).astimezone(UTC)


def local_date(instant: datetime, clock: Clock) -> date:
    return instant.astimezone(clock.tz).date()


@dataclass(frozen=True)
class Period:
    """A period of local dates, both ends inclusive, with its printed label."""

    label: str
    start: date
    end: date

    @property
    def is_week(self) -> bool:
        return "W" in self.label

    def bounds(self, clock: Clock) -> tuple[datetime, datetime]:
        """UTC instants [from, to) of the period's local days in the workstation's zone."""
        return local_day_start(self.start, clock), local_day_start(self.end + timedelta(days=1), clock)

    def measured(self, clock: Clock) -> tuple[datetime, datetime]:
        """[since, until) cut at now: a running period is measured up to this instant."""
        since, until = self.bounds(clock)
        return since, max(since, min(until, clock.now()))


def parse_period(text: str) -> Period:
    """`YYYY-MM` (a month) or `YYYY-Www` (an ISO week); anything else is InvalidPeriod."""
    value = (text or "").strip().upper()
    try:
        if match := _MONTH.match(value):
            year, month = int(match[1]), int(match[2])
            start = date(year, month, 1)
            end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
            return Period(f"{year:04d}-{month:02d}", start, end)
        if match := _WEEK.match(value):
            year, week = int(match[1]), int(match[2])
            start = date.fromisocalendar(year, week, 1)
            return Period(f"{year:04d}-W{week:02d}", start, start + timedelta(days=6))
    except ValueError:
        pass
    raise InvalidPeriod({"period": f"not a period YYYY-MM or YYYY-Www: {text!r}"})


def day_period(day: date) -> Period:
    return Period(day.isoformat(), day, day)


def today_period(clock: Clock) -> Period:
    return day_period(clock.today())


def week_period(clock: Clock) -> Period:
    """The ISO week (Monday to Sunday) that holds today."""
    day = clock.today()
    start = day - timedelta(days=day.weekday())
    year, week, _ = start.isocalendar()
    return Period(f"{year:04d}-W{week:02d}", start, start + timedelta(days=6))


def range_period(start: date, end: date) -> Period:
    """The days start..end, both included, at most MAX_RANGE_DAYS of them."""
    if end < start:
        raise InvalidPeriod({"end": "the range ends before it starts"})
    if (end - start).days >= MAX_RANGE_DAYS:
        raise InvalidPeriod({"end": f"a range covers at most {MAX_RANGE_DAYS} days"})
    return Period(f"{start.isoformat()}..{end.isoformat()}", start, end)


def trailing_period(clock: Clock, days: int = DEFAULT_TRAILING_DAYS) -> Period:
    """The last `days` local days, today included."""
    end = clock.today()
    start = end - timedelta(days=days - 1)
    return Period(f"{start.isoformat()}..{end.isoformat()}", start, end)
