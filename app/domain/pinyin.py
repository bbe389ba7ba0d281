"""Pinyin initials, the one place they are computed: member names ('王秀英' -> 'wxy') for
member search, and any text ('鱼油服用' -> 'yyfy') for the knowledge base.

pypinyin reads a character by its most common reading, which is wrong for several surnames
(曾 is zēng as a surname, not céng; 单 is shàn, 解 is xiè...). Surnames are therefore read
from a small table first and the given name by pypinyin. Latin names ('Emily Chen') give the
first letter of each word.
"""

import re
from functools import lru_cache

MAX_LENGTH = 32  # members.name_initials

# Two-character surnames first: they must not be split into two one-character surnames.
COMPOUND_SURNAMES = {
    "欧阳": "oy", "司马": "sm", "上官": "sg", "诸葛": "zg", "东方": "df", "皇甫": "hf",
    "尉迟": "yc", "公孙": "gs", "慕容": "mr", "长孙": "zs", "宇文": "yw", "司徒": "st",
    "夏侯": "xh", "令狐": "lh", "端木": "dm", "万俟": "mq", "澹台": "tt", "轩辕": "xy",
    "独孤": "dg", "南宫": "ng",
}

# Surnames whose surname reading is not pypinyin's default reading of the character.
SURNAME_READINGS = {
    "曾": "z", "单": "s", "解": "x", "查": "z", "仇": "q", "区": "o", "乐": "y", "朴": "p",
    "盖": "g", "召": "s", "翟": "z", "缪": "m", "覃": "q", "种": "c", "秘": "b", "祭": "z",
    "繁": "p", "员": "y", "句": "g", "重": "c", "长": "c", "传": "c", "都": "d", "枞": "z",
    "纪": "j", "任": "r", "沈": "s", "尉": "y", "柏": "b", "薄": "b", "藏": "z", "褚": "c",
}

_LATIN_WORD = re.compile(r"[^\W_]+")


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _chunk_initials(chunk: str) -> str:
    """First letters of a non-Chinese chunk: 'Emily Chen' -> 'ec'."""
    return "".join(word[0] for word in _LATIN_WORD.findall(chunk)).lower()


@lru_cache(maxsize=8192)
def text_initials(text: str) -> str:
    """Initials of any text by each character's common reading; a Latin word gives its first letter."""
    out: list[str] = []
    from pypinyin import Style, lazy_pinyin  # here: its dictionaries take 0.6 s to import, and most runs need none

    for piece in lazy_pinyin(text, style=Style.FIRST_LETTER, errors=lambda s: [s]):
        if piece and _is_han(piece[0]):
            continue  # a character pypinyin does not know: no initial rather than a wrong one
        out.append(piece.lower() if len(piece) == 1 and piece.isalpha() else _chunk_initials(piece))
    return "".join(out)


given_initials = text_initials  # a given name is read like any text; only surnames differ


@lru_cache(maxsize=1024)
def surname_initials(surname: str) -> str:
    """Initials of a surname, read as a surname (曾 -> 'z')."""
    if surname in COMPOUND_SURNAMES:
        return COMPOUND_SURNAMES[surname]
    return "".join(SURNAME_READINGS.get(ch) or given_initials(ch) for ch in surname)


@lru_cache(maxsize=65536)
def name_initials(name: str) -> str:
    """'王秀英' -> 'wxy', '曾志伟' -> 'zzw', '欧阳娜娜' -> 'oynn', 'Emily Chen' -> 'ec'."""
    text = "".join((name or "").split())
    if not text:
        return ""
    if not _is_han(text[0]):
        return text_initials(" ".join((name or "").split()))[:MAX_LENGTH]
    surname = surname_of(text)
    given = text[len(surname):]
    return (surname_initials(surname) + given_initials(given))[:MAX_LENGTH]


def surname_of(name: str) -> str:
    """The surname of a Chinese name: a compound surname's two characters, else the first."""
    return name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[:1]


def readings(text: str) -> list[str]:
    """Each character's common reading in pinyin, without tones ('王秀英' -> wang, xiu, ying)."""
    from pypinyin import lazy_pinyin

    return lazy_pinyin(text)
