"""Phone numbers: CN default region, E.164 storage, masking, time zones."""

import pytest

from app.domain.phone import InvalidPhone, mask, parse_phone, timezone_of


@pytest.mark.parametrize("raw", ["13812345678", "+86 138 1234 5678", "0138-1234-5678", "86-138-1234-5678", " 138 1234-5678 "])
def test_mobile_forms_normalize_to_one_e164(raw):
    phone = parse_phone(raw)
    assert phone.e164 == "+8613812345678"
    assert phone.kind == "mobile"


@pytest.mark.parametrize("raw, e164", [("010-6552 9988", "+861065529988"), ("021 6321 0000", "+862163210000")])
def test_landlines_keep_their_area_code(raw, e164):
    phone = parse_phone(raw)
    assert phone.e164 == e164
    assert phone.kind == "landline"


@pytest.mark.parametrize("raw", ["1381234567", "12345678901", "23812345678", "abc", "", "   "])
def test_invalid_numbers_are_refused_with_a_message(raw):
    with pytest.raises(InvalidPhone) as info:
        parse_phone(raw)
    assert str(info.value)


def test_mask_hides_the_middle_digits():
    assert mask("+8613812345678") == "138****5678"
    assert mask("+861065529988") == "010****9988"
    assert mask(None) == ""


def test_time_zone_comes_from_the_number():
    assert timezone_of("+8613812345678") == "Asia/Shanghai"
    assert timezone_of("+12125550100") == "America/New_York"
    assert timezone_of("garbage") is None
