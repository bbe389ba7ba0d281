"""Chinese public holidays and make-up working days (调休) from the `holidays` package,
and which of them are no-call days. The official calendar is announced each year; the
library carries it, so nothing here is a hand-written list of dates.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

# Holiday groups a call centre can close for; each is a code in the no-call setting.
HOLIDAY_NAMES: dict[str, tuple[str, str]] = {
    "new_year": ("元旦", "New Year's Day"),
    "spring_festival": ("春节", "Spring Festival"),
    "tomb_sweeping": ("清明节", "Tomb-Sweeping Day"),
    "labor_day": ("劳动节", "Labour Day"),
    "dragon_boat": ("端午节", "Dragon Boat Festival"),
    "mid_autumn": ("中秋节", "Mid-Autumn Festival"),
    "national_day": ("国庆节", "National Day"),
}
# The library's English names, by prefix (its "(observed)" days keep the prefix).
_PREFIXES = (
    ("New Year's Day", "new_year"), ("Chinese New Year", "spring_festival"),
    ("Tomb-Sweeping Day", "tomb_sweeping"), ("Labor Day", "labor_day"),
    ("Dragon Boat Festival", "dragon_boat"), ("Mid-Autumn Festival", "mid_autumn"),
    ("National Day", "national_day"),
)
# Nobody is called over the Spring Festival and the National Day golden weeks by default.
DEFAULT_NO_CALL_HOLIDAYS: tuple[str, ...] = ("spring_festival", "national_day")


@dataclass(frozen=True)
class DayInfo:
    """What the official calendar says about one date."""

    day: date
    holiday: str | None  # a HOLIDAY_NAMES code when the day is a public holiday or a day off for one
    working_day: bool  # False on weekends and holidays, True on make-up working days
    makeup_workday: bool  # a weekend day worked to bridge a holiday (调休上班)

    @property
    def name_zh(self) -> str:
        return HOLIDAY_NAMES[self.holiday][0] if self.holiday else ""

    @property
    def name_en(self) -> str:
        return HOLIDAY_NAMES[self.holiday][1] if self.holiday else ""


@lru_cache(maxsize=64)
def _year(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("CN", years=year, language="en_US")


def _code(name: str) -> str | None:
    return next((code for prefix, code in _PREFIXES if name.startswith(prefix)), None)


def _named(day: date) -> str | None:
    name = _year(day.year).get(day)
    return _code(name) if name is not None else None


def _holiday_code(day: date) -> str | None:
    """The holiday whose block of days off `day` is in, if any.

    Substituted days off ("Day off (substituted from ...)") and the weekends inside a
    holiday's run of days off belong to that holiday: the Spring Festival of 2026 is nine
    days, 15-23 February, though the library names only six of them.
    """
    named = _named(day)
    if named is not None or _year(day.year).is_working_day(day):
        return named
    for step in (-1, 1):
        near = day
        for _ in range(10):  # the longest official run of days off is nine
            near += timedelta(days=step)
            if _year(near.year).is_working_day(near):
                break
            if (code := _named(near)) is not None:
                return code
    return None


@lru_cache(maxsize=2048)
def day_info(day: date) -> DayInfo:
    cal = _year(day.year)
    makeup = day in cal.weekend_workdays
    return DayInfo(day=day, holiday=_holiday_code(day), working_day=cal.is_working_day(day), makeup_workday=makeup)


def is_no_call_day(day: date, no_call: Iterable[str]) -> bool:
    """Whether `day` is a public holiday (or its day off) of a group in `no_call`."""
    codes = tuple(no_call)
    if not codes:
        return False
    holiday = day_info(day).holiday
    return holiday is not None and holiday in codes
