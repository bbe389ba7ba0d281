"""Care moments: birthdays, baby milestones, festivals (Chinese lunar festivals listed per
year as data in resources/calendar/, since their Gregorian dates move) and health days,
each with the members it is meant for. Pure rules over a bundled data file.
"""

import calendar as _cal
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

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


class CareCalendar:
    """Festivals and health days by date, loaded once from the bundled data file."""

    def __init__(self, data: Mapping[str, Any]):
        self._data = data
        self._milestones = data.get("milestones", [])

    @classmethod
    def load(cls, path: Path = CALENDAR_FILE) -> "CareCalendar":
        return _load(str(path))

    @property
    def lunar_years(self) -> set[int]:
        return {int(y) for item in self._data.get("lunar", []) for y in item["dates"]}

    def moments_on(self, day: date) -> list[Moment]:
        """Festivals and health days falling on `day` (lunar ones only for listed years)."""
        return list(_moments_on(id(self), self, day))

    def _compute(self, day: date) -> tuple[Moment, ...]:
        found: list[Moment] = []
        for item in self._data.get("lunar", []):
            if item["dates"].get(str(day.year)) == day.isoformat():
                found.append(self._moment(item, "festival", day))
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
            when = (baby_birth + timedelta(days=item["days"]) if "days" in item
                    else add_months(baby_birth, item["months"]))
            if when == day:
                return self._moment(item, "milestone", day)
        return None

    def member_moment(self, day: date, *, birth_date: date | None, gender: str | None, tier: str,
                      categories: Iterable[str] = (), baby_birth: date | None = None) -> Moment | None:
        """The one care moment a member has on `day`, if any (birthday first)."""
        found: list[Moment] = []
        if birth_date is not None and birthday_in(birth_date, day.year) == day:
            found.append(Moment("birthday", "生日", "birthday", "birthday", day))
        milestone = self.baby_milestone_on(baby_birth, day)
        if milestone is not None:
            found.append(milestone)
        cats = tuple(categories)
        age = age_on(birth_date, day)
        found.extend(m for m in self.moments_on(day) if m.is_for(tier=tier, gender=gender, age=age, categories=cats))
        return min(found, key=lambda m: _KIND_RANK.get(m.kind, 9)) if found else None


@lru_cache(maxsize=4)
def _load(path: str) -> CareCalendar:
    with open(path, encoding="utf-8") as fh:
        return CareCalendar(json.load(fh))


@lru_cache(maxsize=256)
def _moments_on(_key: int, calendar: CareCalendar, day: date) -> tuple[Moment, ...]:
    return calendar._compute(day)
