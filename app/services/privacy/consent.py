"""Consent as a record (PIPL: when, how, by whom, what for): the one writer of consent_records.

Every door that changes a member's consent or do-not-call (the contact form, a "do not call
me" on a call, an import, an explicit record) writes through `write_consent_records`, in the
caller's transaction, so the flag and its record commit or roll back together. Erasure is the
exception: it deletes the records with the rest of the member's personal data.
"""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.orm import Session

from app.data.bulk import insert_rows
from app.data.security import ConsentRecord
from app.data.tables import Member
from app.domain.clock import Clock
from app.domain.codes import Channel
from app.domain.compliance import consent_change

# How: the member's own channels (a call's channel is one), paper and app forms, the
# workstation's contact form, a shop's file.
CONSENT_CHANNELS = (*(c.value for c in Channel), "app", "paper", "contact_form", "import")
CONSENT_PURPOSES = ("care_calls", "health_data", "marketing")
CARE_CALLS = "care_calls"
_COLUMNS = ("member_id", "at", "granted", "channel", "purpose", "recorded_by_id")


def write_consent_records(session: Session, entries: Iterable[tuple[int, bool]], *, at: datetime, channel: str,
                          recorded_by_id: int | None, purpose: str = CARE_CALLS) -> int:
    """One record per (member id, granted), in one bulk insert; the number written.

    `recorded_by_id` is the acting user, None for the system or an import (the run is the
    import run started `at`)."""
    if channel not in CONSENT_CHANNELS or purpose not in CONSENT_PURPOSES:
        raise ValueError(f"consent channel {channel!r} or purpose {purpose!r} unknown")
    rows = [(member_id, at, bool(granted), channel, purpose, recorded_by_id) for member_id, granted in entries]
    insert_rows(session.connection(), ConsentRecord.__table__, _COLUMNS, rows)
    return len(rows)


def set_call_consent(session: Session, clock: Clock, member: Member, *, consent: bool, do_not_call: bool,
                     channel: str, recorded_by_id: int | None) -> bool | None:
    """Set a member's consent to care calls and do-not-call; when either changes, its record
    (granted or withdrawn, app.domain.compliance.consent_change). None when nothing changed."""
    granted = consent_change((member.consent, member.do_not_call), (consent, do_not_call))
    if granted is None:
        return None
    now = clock.now()
    member.consent, member.do_not_call, member.updated_at = consent, do_not_call, now
    write_consent_records(session, [(member.id, granted)], at=now, channel=channel, recorded_by_id=recorded_by_id)
    return granted
