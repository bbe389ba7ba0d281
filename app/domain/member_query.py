"""What a member search box means: one query read as the ways a member can be found.

An agent types a name ("王秀英", "Emily"), pinyin initials ("wxy", "zzw"), the last four
digits of a phone ("5678"), a whole phone ("138 1234 5678") or an external id ("M00012345").
`read_query` turns the text into the lookups to run; each lookup has an index behind it.
"""

import re
from dataclasses import dataclass

from app.domain.phone import InvalidPhone, normalize_phone

MAX_INITIALS = 32  # members.name_initials
_DIGITS_ONLY = re.compile(r"^\+?[\d\s\-()]+$")
_LETTERS_ONLY = re.compile(r"^[A-Za-z]+$")


@dataclass(frozen=True)
class MemberQuery:
    text: str  # as typed, trimmed
    external_id: str | None = None  # exact id
    phone_last4: str | None = None  # the last four digits of either phone
    phone_e164: str | None = None  # a whole, valid number: either phone equal to it
    name_prefix: str | None = None  # names starting with this
    initials_prefix: str | None = None  # pinyin initials starting with this (lower case)

    @property
    def empty(self) -> bool:
        return not any((self.external_id, self.phone_last4, self.phone_e164, self.name_prefix, self.initials_prefix))


def read_query(text: str) -> MemberQuery:
    """Every plausible reading of `text`; an empty or blank text reads as nothing."""
    value = " ".join((text or "").split())
    if not value:
        return MemberQuery(text="")
    if _DIGITS_ONLY.match(value):
        digits = re.sub(r"\D", "", value)
        if len(digits) == 4:
            return MemberQuery(text=value, external_id=value, phone_last4=digits)
        try:
            e164 = normalize_phone(value)
        except InvalidPhone:
            e164 = None
        return MemberQuery(text=value, external_id=digits, phone_e164=e164)
    if _LETTERS_ONLY.match(value):
        # Letters: initials ("wxy"), or the start of a Latin name ("emily" finds "Emily Chen").
        initials = value.lower()[:MAX_INITIALS]
        return MemberQuery(text=value, external_id=value, initials_prefix=initials, name_prefix=value)
    if re.search(r"\d", value) and " " not in value:
        return MemberQuery(text=value, external_id=value, name_prefix=value)  # "M00012345"
    return MemberQuery(text=value, name_prefix=value)


def prefix_end(prefix: str) -> str:
    """The smallest string above every string that starts with `prefix` (a range scan's end)."""
    return prefix + "\U0010ffff"
