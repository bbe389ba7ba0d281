"""Optimistic edits: a save carries the version it loaded; a stale save is refused, never merged.

The mappers of members, tickets, tasks and health profiles have `version_id_col`, so every
ORM UPDATE also says `WHERE version = <the version in the session>` and bumps it. Here the
form's version is compared first (the usual case: someone saved while this user was typing),
and a concurrent save between that check and the flush still surfaces as StaleDataError,
which is turned into the same Conflict.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.data.tables import AuditEntry, User
from app.services.errors import Conflict


def last_change(session: Session, entity: str, *, entity_id: int) -> tuple[str | None, datetime | None]:
    """Who last changed this row and when, from the audit log (for the conflict message)."""
    row = session.execute(
        select(User.display_name, User.username, AuditEntry.at)
        .join(User, User.id == AuditEntry.user_id, isouter=True)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == str(entity_id))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(1)
    ).first()
    if row is None:
        return None, None
    return row[0] or row[1], row[2]


def conflict_message(what: str, *, who: str | None, when: datetime | None, tz) -> str:
    # "Last recorded" rather than "changed by": a writer that does not audit could be the one.
    last = ""
    if who or when is not None:
        by = f" by {who}" if who else ""
        at = f" at {when.astimezone(tz):%H:%M}" if when is not None else ""
        last = f" (last recorded change{by}{at})"
    return (f"{what} was changed by someone else while you were editing it{last}. Your changes were not "
            "saved: reload to see the current values, then make your change again.")


class StaleVersion(Conflict):
    """A save was based on an old version; carries the version now current for the reload."""

    def __init__(self, message: str, *, current_version: int | None) -> None:
        super().__init__(message)
        self.current_version = current_version


def check_version(loaded: int, current: int, *, message: str) -> None:
    if loaded != current:
        raise StaleVersion(message, current_version=current)


@contextmanager
def stale_as_conflict(message: str) -> Iterator[None]:
    """Turn the mapper's StaleDataError (a save that raced ours) into a Conflict."""
    try:
        yield
    except StaleDataError:
        raise StaleVersion(message, current_version=None) from None
