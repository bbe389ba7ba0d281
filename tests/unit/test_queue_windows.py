"""Calling windows and best slots in the member's own zone, and where a retry goes."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.domain.windows import (
    CallingWindow, Slot, member_zone, parse_slots, region_zone, retry_at,
)

SH = ZoneInfo("Asia/Shanghai")
NY = ZoneInfo("America/New_York")
DEFAULT = parse_slots("09:00-12:00;14:00-17:30;18:30-21:00")


def test_best_times_are_parsed_sorted_and_bad_parts_skipped():
    assert parse_slots("19:00-21:00；12:00-13:30; nonsense") == (
        Slot(time(12), time(13, 30)), Slot(time(19), time(21)))
    assert parse_slots("") == ()
    with pytest.raises(ValueError):
        parse_slots("13:00-12:00", strict=True)


def test_zone_comes_from_the_member_then_phone_then_region_then_workstation():
    assert member_zone(timezone="Europe/London", phone_e164="+12125550123", region=None, fallback=SH).key == "Europe/London"
    assert member_zone(timezone=None, phone_e164="+12125550123", region="上海", fallback=SH).key == "America/New_York"
    assert member_zone(timezone=None, phone_e164=None, region="纽约", fallback=SH).key == "America/New_York"
    assert member_zone(timezone=None, phone_e164=None, region="浙江省杭州市", fallback=NY).key == "Asia/Shanghai"
    assert member_zone(timezone="Not/AZone", phone_e164=None, region=None, fallback=NY) is NY
    assert region_zone(None) is None


def test_the_window_is_read_in_the_members_local_time():
    window = CallingWindow.of("")
    ten_in_shanghai = datetime(2026, 6, 15, 10, 0, tzinfo=SH)
    assert window.is_open(ten_in_shanghai)
    assert not window.is_open(ten_in_shanghai.astimezone(NY))  # 22:00 the evening before
    assert window.next_open(ten_in_shanghai.astimezone(NY)) == datetime(2026, 6, 15, 9, 0, tzinfo=NY)
    assert window.next_open(datetime(2026, 6, 15, 7, 30, tzinfo=NY)) == datetime(2026, 6, 15, 9, 0, tzinfo=NY)


def test_best_slots_are_clipped_to_the_calling_hours():
    window = CallingWindow.of("07:00-10:00;20:00-23:00")
    assert window.best == (Slot(time(9), time(10)), Slot(time(20), time(21)))
    assert window.in_best(datetime(2026, 6, 15, 9, 30, tzinfo=SH))
    assert not window.in_best(datetime(2026, 6, 15, 11, 0, tzinfo=SH))


def test_no_answer_retries_at_the_next_slot_later_that_day():
    window = CallingWindow.of("")
    failed = datetime(2026, 6, 15, 10, 0, tzinfo=SH)
    assert retry_at(window, failed, default_slots=DEFAULT) == datetime(2026, 6, 15, 14, 0, tzinfo=SH)


def test_no_answer_in_the_last_slot_retries_next_day_at_another_slot():
    window = CallingWindow.of("19:00-21:00;12:00-13:30")
    failed = datetime(2026, 6, 15, 19, 30, tzinfo=SH)
    assert retry_at(window, failed, default_slots=DEFAULT) == datetime(2026, 6, 16, 12, 0, tzinfo=SH)


def test_a_single_best_slot_retries_the_next_day():
    window = CallingWindow.of("19:00-21:00")
    failed = datetime(2026, 6, 15, 19, 5, tzinfo=NY)
    assert retry_at(window, failed, default_slots=DEFAULT) == datetime(2026, 6, 16, 19, 0, tzinfo=NY)


def test_retry_keeps_a_minimum_delay_inside_a_later_slot():
    window = CallingWindow.of("")
    failed = datetime(2026, 6, 15, 11, 50, tzinfo=SH)
    got = retry_at(window, failed, default_slots=DEFAULT, min_delay=timedelta(hours=3))
    assert got == datetime(2026, 6, 15, 14, 50, tzinfo=SH)
