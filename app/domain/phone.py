"""Phone numbers: parsed and validated with phonenumbers, stored E.164, shown masked."""

from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType, timezone as pn_timezone

DEFAULT_REGION = "CN"

_KIND_NAMES = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "landline",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "landline_or_mobile",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.TOLL_FREE: "toll_free",
}


class InvalidPhone(ValueError):
    """The text is not a valid phone number; the message says why, for the user."""


@dataclass(frozen=True)
class Phone:
    e164: str
    kind: str
    timezone: str | None

    @property
    def masked(self) -> str:
        return mask(self.e164)


def parse_phone(raw: str, region: str = DEFAULT_REGION) -> Phone:
    """Parse `raw` (spaces, dashes, +86, trunk 0 allowed) into a validated Phone."""
    text = (raw or "").strip()
    if not text:
        raise InvalidPhone("phone number is empty")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(f"not a phone number: {text!r}") from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(f"not a valid phone number: {text!r}")
    zones = [z for z in pn_timezone.time_zones_for_number(number) if z != "Etc/Unknown"]
    kind = _KIND_NAMES.get(phonenumbers.number_type(number), "other")
    return Phone(
        e164=phonenumbers.format_number(number, PhoneNumberFormat.E164),
        kind=kind,
        timezone=zones[0] if len(zones) == 1 else (zones[0] if zones else None),
    )


def normalize_phone(raw: str, region: str = DEFAULT_REGION) -> str:
    return parse_phone(raw, region).e164


def mask(e164: str | None) -> str:
    """`+8613812345678` -> `138****5678`: the national number with its middle hidden."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
        # National format keeps the trunk 0 of landlines: 010****9988, as people write it.
        national_text = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
        national = "".join(ch for ch in national_text if ch.isdigit())
    except phonenumbers.NumberParseException:
        national = "".join(ch for ch in e164 if ch.isdigit())
    if len(national) <= 4:
        return "*" * len(national)
    if len(national) <= 7:
        return "*" * (len(national) - 4) + national[-4:]
    head = 3
    return national[:head] + "*" * (len(national) - head - 4) + national[-4:]


def timezone_of(e164: str | None) -> str | None:
    if not e164:
        return None
    try:
        return parse_phone(e164).timezone
    except InvalidPhone:
        return None
