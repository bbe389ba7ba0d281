"""What the fraud check compares: postal addresses written one way (full-width digits and
letters made ASCII, runs of spaces made one), and compared without spaces or case, so the
same address typed twice is one address; and how a flag names the value members share."""

import hashlib
import re
import unicodedata

_SPACE = re.compile(r"\s+")


def clean_address(text: str | None) -> str | None:
    """The address as stored: NFKC (full-width ０-９ and Ａ-Ｚ to ASCII), whitespace runs to
    one space, trimmed; None when empty. Every writer (imports, edits, demo) stores this."""
    if text is None:
        return None
    value = _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    return value[:200] or None



SHARED_VALUE_KINDS = ("shared_phone", "shared_address")


def phone_subject(e164: str) -> str:
    """A shared-phone flag's subject: the number's digest (hidden_subject), never the number,
    so the review list (read by every supervisor) holds no phone; the check compares digests."""
    return hidden_subject(f"phone:{e164}")


def address_subject(key: str) -> str:
    """A shared-address flag's subject from the compared form of the address (no spaces, lower
    case): a digest keeps the key short and stable."""
    return "address:" + hashlib.sha1(key.encode()).hexdigest()[:16]


def hidden_subject(subject: str) -> str:
    """A shared-value subject with its value replaced by a digest, so the flag still groups the
    same shared value (the check does not flag it again) but holds no number or address: every
    phone subject, and an address subject once a member of it is erased. Idempotent: a hidden
    subject has no ':'."""
    kind, sep, value = subject.partition(":")
    return f"{kind}#{hashlib.sha256(value.encode()).hexdigest()[:32]}" if sep else subject
