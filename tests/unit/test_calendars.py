"""Calendars from maintained libraries: lunar festivals and solar terms for 2020-2050 (borax),
lunar birthdays, Chinese public holidays and make-up working days (holidays), no-call days,
and time zones that work without the system's zone database (tzdata)."""

import os
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from borax.calendars.festivals2 import LunarFestival, TermFestival
from borax.calendars.lunardate import LunarDate
from hypothesis import given, strategies as st

from app.domain.care_calendar import CareCalendar, lunar_birthday_in
from app.domain.public_holidays import DEFAULT_NO_CALL_HOLIDAYS, day_info, is_no_call_day
from app.domain.windows import CallingWindow, retry_at

YEARS = range(2020, 2051)
LUNAR = {"spring_festival": (1, 1), "lantern_festival": (1, 15), "dragon_boat": (5, 5),
         "mid_autumn": (8, 15), "double_ninth": (9, 9)}
TERMS = {"start_of_spring": "立春", "start_of_autumn": "立秋", "winter_solstice": "冬至"}


def _days_of(cal: CareCalendar, code: str, year: int) -> list[date]:
    start = date(year, 1, 1)
    return [start + timedelta(n) for n in range(366 if year % 4 == 0 else 365)
            if code in {m.code for m in cal.moments_on(start + timedelta(n))}]


@pytest.mark.parametrize("code", sorted(LUNAR))
def test_lunar_festivals_match_borax_for_2020_to_2050(code):
    cal = CareCalendar.load()
    month, day = LUNAR[code]
    for year in YEARS:
        # Each Gregorian year holds exactly one of each festival (checked over the whole year).
        at = (LunarFestival(month=month, day=day, leap=0).at(y).to_solar_date() for y in (year - 1, year, year + 1))
        expected = [d for d in at if d.year == year]
        assert _days_of(cal, code, year) == expected, (code, year)


@pytest.mark.parametrize("code", sorted(TERMS))
def test_solar_terms_match_borax_for_2020_to_2050(code):
    cal = CareCalendar.load()
    for year in YEARS:
        assert _days_of(cal, code, year) == [TermFestival(TERMS[code]).at(year)], (code, year)


def test_known_dates_of_the_old_hand_written_list_still_hold():
    cal = CareCalendar.load()
    known = {"spring_festival": ["2025-01-29", "2026-02-17", "2027-02-06", "2028-01-26"],
             "mid_autumn": ["2025-10-06", "2026-09-25", "2027-09-15", "2028-10-03"],
             "double_ninth": ["2025-10-29", "2026-10-18", "2027-10-08", "2028-10-26"]}
    for code, days in known.items():
        for text in days:
            assert code in {m.code for m in cal.moments_on(date.fromisoformat(text))}
    assert "winter_solstice" in {m.code for m in cal.moments_on(date(2026, 12, 22))}
    assert "spring_festival" in {m.code for m in cal.moments_on(date(2049, 2, 2))}  # past any old list


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2040, 12, 31)), st.integers(2020, 2050))
def test_lunar_birthday_is_the_same_lunar_day_in_the_asked_year(birth, year):
    born = LunarDate.from_solar_date(birth.year, birth.month, birth.day)
    day = lunar_birthday_in(birth, year)
    lunar = LunarDate.from_solar_date(day.year, day.month, day.day)
    assert (lunar.month, lunar.leap) == (born.month, 0)
    assert lunar.day == born.day or (born.day == 30 and lunar.day == 29)
    assert day.year in (year, year + 1)  # only when no occurrence falls inside `year`


def test_member_with_lunar_birthday_is_greeted_on_the_lunar_date():
    cal = CareCalendar.load()
    birth = date(1980, 2, 16)  # lunar 1980-01-01
    lunar_day = date(2026, 2, 17)
    moment = cal.member_moment(lunar_day, birth_date=birth, gender="F", tier="standard", lunar_birthday=True)
    assert moment is not None and moment.code == "lunar_birthday"
    assert cal.member_moment(date(2026, 2, 16), birth_date=birth, gender="F", tier="standard",
                             lunar_birthday=True) is None
    assert cal.member_moment(date(2026, 2, 16), birth_date=birth, gender="F", tier="standard").code == "birthday"


def test_public_holidays_and_make_up_working_days_2026():
    # Spring Festival 2026: 15-23 Feb off, Saturdays 14 and 28 Feb are worked (调休).
    for d in range(15, 24):
        info = day_info(date(2026, 2, d))
        assert info.holiday == "spring_festival" and not info.working_day, d
    for d in (14, 28):
        info = day_info(date(2026, 2, d))
        assert info.makeup_workday and info.working_day and info.holiday is None
    national = day_info(date(2026, 10, 7))  # a substituted day off belongs to its holiday
    assert national.holiday == "national_day" and national.name_zh == "国庆节"
    assert day_info(date(2026, 10, 10)).makeup_workday
    plain_saturday = day_info(date(2026, 3, 7))
    assert not plain_saturday.working_day and not plain_saturday.makeup_workday and plain_saturday.holiday is None


def test_no_call_days_follow_the_setting():
    assert set(DEFAULT_NO_CALL_HOLIDAYS) == {"spring_festival", "national_day"}
    assert is_no_call_day(date(2026, 10, 1), DEFAULT_NO_CALL_HOLIDAYS)
    assert not is_no_call_day(date(2026, 6, 19), DEFAULT_NO_CALL_HOLIDAYS)  # Dragon Boat: calls allowed
    assert is_no_call_day(date(2026, 6, 19), ("dragon_boat",))
    assert not is_no_call_day(date(2026, 10, 1), ())
    assert not is_no_call_day(date(2026, 2, 14), DEFAULT_NO_CALL_HOLIDAYS)  # make-up working day


def test_calling_window_is_shut_on_no_call_holidays_and_reopens_after():
    sh = ZoneInfo("Asia/Shanghai")
    window = CallingWindow.of(None, no_call=DEFAULT_NO_CALL_HOLIDAYS)
    assert not window.is_open(datetime(2026, 10, 2, 10, 0, tzinfo=sh))
    assert window.is_open(datetime(2026, 10, 8, 10, 0, tzinfo=sh))
    assert window.next_open(datetime(2026, 9, 30, 22, 0, tzinfo=sh)) == datetime(2026, 10, 8, 9, 0, tzinfo=sh)
    retry = retry_at(window, datetime(2026, 9, 30, 20, 30, tzinfo=sh), default_slots=())
    assert retry.date() == date(2026, 10, 8)
    assert CallingWindow.of(None).is_open(datetime(2026, 10, 2, 10, 0, tzinfo=sh))


_NEW_YORK_CHECK = """
import zoneinfo
from datetime import datetime, UTC
from app.domain.windows import CallingWindow, member_zone
zone = member_zone(timezone=None, phone_e164="+12125550123", region=None, fallback=zoneinfo.ZoneInfo("Asia/Shanghai"))
local_22 = datetime(2026, 6, 15, 2, 0, tzinfo=UTC).astimezone(zone)  # 22:00 in New York (EDT)
print(zone.key, local_22.strftime("%H:%M"), CallingWindow.of(None).is_open(local_22))
"""


def test_new_york_member_at_22_is_outside_the_window_without_system_zone_data(tmp_path):
    env = dict(os.environ, PYTHONTZPATH=str(tmp_path))  # no system zoneinfo: Windows-like
    out = subprocess.run([sys.executable, "-c", _NEW_YORK_CHECK], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["America/New_York", "22:00", "False"]
    hidden = subprocess.run([sys.executable, "-c", "import zoneinfo; print(zoneinfo.TZPATH)"], env=env,
                            capture_output=True, text=True, check=True)
    assert hidden.stdout.strip() == f"('{tmp_path}',)"  # the system database really was hidden
