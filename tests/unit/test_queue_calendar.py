"""Care moments: lunar festivals computed, health days, baby milestones, birthdays."""

from datetime import date

from app.domain.care_calendar import CareCalendar, add_months, age_on, birthday_in


def test_lunar_festivals_fall_on_their_known_dates():
    cal = CareCalendar.load()
    assert [m.name for m in cal.moments_on(date(2026, 2, 17))] == ["春节"]
    assert [m.name for m in cal.moments_on(date(2027, 9, 15))] == ["中秋节"]
    assert [m.code for m in cal.moments_on(date(2026, 6, 19))] == ["dragon_boat"]


def test_fixed_and_floating_days():
    cal = CareCalendar.load()
    assert [m.name for m in cal.moments_on(date(2026, 9, 29))] == ["世界心脏日"]
    assert [m.code for m in cal.moments_on(date(2026, 5, 10))] == ["mothers_day"]  # second Sunday of May
    assert [m.code for m in cal.moments_on(date(2026, 6, 21))] == ["fathers_day"]
    assert cal.moments_on(date(2026, 6, 15)) == []


def test_festivals_reach_their_audience_only():
    cal = CareCalendar.load()
    heart = date(2026, 9, 29)
    kw = dict(birth_date=date(1980, 1, 1), gender="F")
    assert cal.member_moment(heart, tier="standard", categories=["fish_oil"], **kw).code == "world_heart_day"
    assert cal.member_moment(heart, tier="standard", categories=["vitamins"], **kw) is None
    spring = date(2026, 2, 17)
    assert cal.member_moment(spring, tier="gold", **kw).code == "spring_festival"
    assert cal.member_moment(spring, tier="standard", **kw) is None
    elder = date(2026, 10, 18)
    assert cal.member_moment(elder, tier="standard", birth_date=date(1950, 5, 1), gender="M").code == "double_ninth"
    assert cal.member_moment(elder, tier="standard", birth_date=date(1990, 5, 1), gender="M") is None


def test_baby_milestones_100_days_6_months_12_months():
    cal = CareCalendar.load()
    born = date(2026, 1, 31)
    assert cal.baby_milestone_on(born, date(2026, 5, 10)).code == "baby_100_days"  # the 100th day
    assert cal.baby_milestone_on(born, date(2026, 7, 31)).code == "baby_6_months"
    assert cal.baby_milestone_on(born, date(2027, 1, 31)).code == "baby_12_months"
    assert cal.baby_milestone_on(born, date(2026, 5, 11)) is None
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)


def test_birthday_wins_over_a_festival_and_leap_day_birthdays_are_kept():
    cal = CareCalendar.load()
    m = cal.member_moment(date(2026, 2, 17), birth_date=date(1970, 2, 17), gender="F", tier="gold")
    assert m.kind == "birthday"
    assert birthday_in(date(2000, 2, 29), 2026) == date(2026, 2, 28)
    assert age_on(date(1966, 6, 16), date(2026, 6, 15)) == 59
