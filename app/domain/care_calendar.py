"""Care moments: birthdays (solar or lunar), baby milestones, festivals and health days,
each with the members it is meant for. Rules over a bundled data file: lunar festivals are
given by lunar month and day and solar terms by name, and borax (MIT) turns them into
Gregorian dates for any year, so the calendar never runs out.
"""

import calendar as _cal
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from borax.calendars.festivals2 import TermFestival
from borax.calendars.lunardate import LCalendars, LunarDate

CALENDAR_FILE = Path(__file__).resolve().parents[2] / "resources" / "calendar" / "festivals.json"

# Which moment wins when several fall on the same day for one member.
_KIND_RANK = {"birthday": 0, "milestone": 1, "festival": 2, "health_day": 3}


@dataclass(frozen=True)
class Moment:
    code: str
    name: str
    name_en: str
    kind: str  # birthday, milestone, festival, health_day
    day: date
    advice: str = ""
    audience: Mapping[str, Any] = field(default_factory=dict)

    def is_for(self, *, tier: str, gender: str | None, age: int | None, categories: Iterable[str]) -> bool:
        """Whether this festival or health day is meant for a member (empty audience: everyone)."""
        a = self.audience
        if "tiers" in a and tier not in a["tiers"]:
            return False
        if "gender" in a and gender != a["gender"]:
            return False
        if "min_age" in a and (age is None or age < a["min_age"]):
            return False
        if "categories" in a and not set(a["categories"]) & set(categories):
            return False
        return True


def add_months(day: date, months: int) -> date:
    """Same day of month `months` later, clipped to the month's end (31 Aug + 6 -> 28/29 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, _cal.monthrange(year, month)[1]))


def age_on(birth: date | None, day: date) -> int | None:
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def birthday_in(birth: date, year: int) -> date:
    """The birthday in `year`; 29 February is kept on 28 February in common years."""
    if birth.month == 2 and birth.day == 29 and not _cal.isleap(year):
        return date(year, 2, 28)
    return birth.replace(year=year)


def lunar_birthday_in(birth: date, year: int) -> date:
    """The Gregorian date in `year` of the lunar anniversary of `birth`.

    A leap-month birth is kept in the regular month of that number, and the 30th in a
    29-day month on the 29th, as families usually do. When two lunar years put the
    anniversary inside one Gregorian year (births late in the 12th month), the first wins;
    when none does, the one of lunar year `year` is given.
    """
    born = LunarDate.from_solar_date(birth.year, birth.month, birth.day)
    found = []
    for lunar_year in (year - 1, year):
        day = min(born.day, LCalendars.ndays(lunar_year, born.month))
        solar = LunarDate(lunar_year, born.month, day).to_solar_date()
        if solar.year == year:
            found.append(solar)
    if found:
        return found[0]
    return LunarDate(year, born.month, min(born.day, LCalendars.ndays(year, born.month))).to_solar_date()


@lru_cache(maxsize=512)
def solar_term_on(year: int, term: str) -> date:
    """Gregorian date of the solar term named `term` (e.g. 冬至) in `year`."""
    return TermFestival(term).at(year)


class CareCalendar:
    """Festivals and health days by date, loaded once from the bundled data file."""

    def __init__(self, data: Mapping[str, Any]):
        self._data = data
        self._milestones = data.get("milestones", [])

    @classmethod
    def load(cls, path: Path = CALENDAR_FILE) -> "CareCalendar":
        return _load(str(path))

    @cached_property
    def fingerprint(self) -> str:
        """Changes when the calendar's data does (the queue plans every member again then)."""
        return hashlib.sha1(json.dumps(self._data, sort_keys=True).encode()).hexdigest()[:16]

    def milestone_days(self, baby_birth: date) -> list[int]:
        """The days (ordinals) of the baby's milestones, as baby_milestone_on finds them."""
        return [_milestone_day(baby_birth, item).toordinal() for item in self._milestones]

    def moments_on(self, day: date) -> list[Moment]:
        """Festivals, solar terms and health days falling on `day`, for any year."""
        return list(_moments_on(id(self), self, day))

    def _compute(self, day: date) -> tuple[Moment, ...]:
        found: list[Moment] = []
        lunar = LunarDate.from_solar_date(day.year, day.month, day.day)
        for item in self._data.get("lunar", []):
            # A leap month repeats its number; the festival belongs to the regular month only.
            if (lunar.month, lunar.day, lunar.leap) == (item["lunar_month"], item["lunar_day"], 0):
                found.append(self._moment(item, "festival", day))
        for item in self._data.get("solar_terms", []):
            if solar_term_on(day.year, item["term"]) == day:
                found.append(self._moment(item, item.get("kind", "festival"), day))
        for item in self._data.get("fixed", []):
            if (item["month"], item["day"]) == (day.month, day.day):
                found.append(self._moment(item, item.get("kind", "festival"), day))
        for item in self._data.get("floating", []):
            if day.month == item["month"] and day.weekday() == item["weekday"] and (day.day - 1) // 7 + 1 == item["nth"]:
                found.append(self._moment(item, item.get("kind", "festival"), day))
        return tuple(found)

    @staticmethod
    def _moment(item: Mapping[str, Any], kind: str, day: date) -> Moment:
        return Moment(code=item["code"], name=item["name"], name_en=item.get("name_en", item["code"]),
                      kind=kind, day=day, advice=item.get("advice", ""), audience=item.get("audience", {}))

    def baby_milestone_on(self, baby_birth: date | None, day: date) -> Moment | None:
        if baby_birth is None:
            return None
        for item in self._milestones:
            if _milestone_day(baby_birth, item) == day:
                return self._moment(item, "milestone", day)
        return None

    def member_moment(self, day: date, *, birth_date: date | None, gender: str | None, tier: str,
                      categories: Iterable[str] = (), baby_birth: date | None = None,
                      lunar_birthday: bool = False) -> Moment | None:
        """The one care moment a member has on `day`, if any (birthday first).

        `lunar_birthday`: the member keeps their birthday by the lunar calendar.
        """
        found: list[Moment] = []
        if birth_date is not None:
            if lunar_birthday and lunar_birthday_in(birth_date, day.year) == day:
                found.append(Moment("lunar_birthday", "农历生日", "lunar birthday", "birthday", day))
            elif not lunar_birthday and birthday_in(birth_date, day.year) == day:
                found.append(Moment("birthday", "生日", "birthday", "birthday", day))
        milestone = self.baby_milestone_on(baby_birth, day)
        if milestone is not None:
            found.append(milestone)
        cats = tuple(categories)
        age = age_on(birth_date, day)
        found.extend(m for m in self.moments_on(day) if m.is_for(tier=tier, gender=gender, age=age, categories=cats))
        return min(found, key=lambda m: _KIND_RANK.get(m.kind, 9)) if found else None


def _milestone_day(baby_birth: date, item: Mapping[str, Any]) -> date:
    return baby_birth + timedelta(days=item["days"]) if "days" in item else add_months(baby_birth, item["months"])


@lru_cache(maxsize=4)
def _load(path: str) -> CareCalendar:
    with open(path, encoding="utf-8") as fh:
        return CareCalendar(json.load(fh))


# Larger than the planner's horizon (HORIZON_DAYS, a year and a week) with room: each new day
# slides that window by one, and a cache smaller than it (256 was) never hits: 373 lunar
# conversions per day planned, 50 ms a plan when the day changes (tests, demo history).
@lru_cache(maxsize=4096)
def _moments_on(_key: int, calendar: CareCalendar, day: date) -> tuple[Moment, ...]:
    return calendar._compute(day)
