"""Pinyin initials for member search: given names by pypinyin, surnames read as surnames."""

import pytest
from hypothesis import given, strategies as st

from app.domain.pinyin import SURNAME_READINGS, given_initials, name_initials, surname_initials, text_initials
from app.demo.catalogue import load


@pytest.mark.parametrize(("name", "initials"), [
    ("王秀英", "wxy"),
    ("李娜", "ln"),
    ("张伟", "zw"),
    ("陈静怡", "cjy"),
])
def test_common_names_give_their_initials(name, initials):
    assert name_initials(name) == initials


@pytest.mark.parametrize(("name", "initials"), [
    ("曾志伟", "zzw"),  # zēng, not céng
    ("单田芳", "stf"),  # shàn, not dān
    ("解晓东", "xxd"),  # xiè, not jiě
    ("查良镛", "zly"),  # zhā, not chá
    ("仇英", "qy"),  # qiú, not chóu
    ("区志明", "ozm"),  # ōu, not qū
    ("朴树", "ps"),  # piáo, not pǔ
    ("单雄信", "sxx"),
])
def test_polyphonic_surnames_are_read_as_surnames(name, initials):
    assert name_initials(name) == initials


def test_compound_surnames_are_one_surname():
    assert name_initials("欧阳娜娜") == "oynn"
    assert name_initials("上官婉儿") == "sgwe"
    assert name_initials("司马光") == "smg"


def test_latin_names_give_the_first_letter_of_each_word():
    assert name_initials("Emily Chen") == "ec"
    assert name_initials("  thomas   Müller ") == "tm"


def test_spaces_and_empty_names():
    assert name_initials(" 李 娜 ") == "ln"
    assert name_initials("") == ""
    assert name_initials("   ") == ""


def test_initials_never_exceed_the_column():
    assert len(name_initials("王" * 50)) == 32


def test_demo_name_parts_agree_with_whole_names():
    names = load("names")
    for surname, _ in names["surnames"]:
        for given in names["given_female"][:10] + names["given_male"][:10]:
            assert surname_initials(surname) + given_initials(given) == name_initials(surname + given)


_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)


@given(surname=st.sampled_from(sorted(SURNAME_READINGS)), given_name=st.text(_HAN, min_size=1, max_size=3))
def test_a_listed_surname_always_gives_its_surname_reading(surname, given_name):
    result = name_initials(surname + given_name)
    assert result.startswith(SURNAME_READINGS[surname])
    assert result == SURNAME_READINGS[surname] + text_initials(given_name)


@given(st.text(max_size=60))
def test_initials_are_short_lowercase_letters_or_digits_for_any_input(name):
    result = name_initials(name)
    assert len(result) <= 32
    assert result == result.lower()
    assert all(ch.isalnum() and not ("\u3400" <= ch <= "\u9fff") for ch in result)
