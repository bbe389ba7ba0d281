"""Writing a member's phone numbers from a login that reads them masked.

In team mode every application login reads members through caredesk_safe.members, whose
phone columns are masked and so cannot be written. Two use cases write them: a wrong-number
outcome (the number is dropped, an alternative moves up) and the contact form's alternative
number. For such a login they go through the server's SECURITY DEFINER functions
(migration 0018_server_guards), which write only those columns, check the caller and audit
the change; SQLite and the owner's login write the columns themselves.
"""

from sqlalchemy.orm import Session

from app.data.pg_roles import lacks_privilege, server_function
from app.data.tables import Member
from app.services.errors import PermissionDenied

_PHONES = ("phone_e164", "phone_alt_e164")


def phones_via_server(session: Session) -> bool:
    """True for a login that reads phones masked (every application role in team mode)."""
    return lacks_privilege(session, "has_column_privilege('public.members', 'phone_alt_e164', 'UPDATE')")


def _on_server(session: Session, statement: str, params: dict):
    return server_function(session, statement, params, {"42501": PermissionDenied}).scalar()


def drop_wrong_number(session: Session, member: Member, call_id: int) -> bool:
    """The wrong number of `member` (found wrong on `call_id`) goes: the alternative becomes
    the primary, or the member has no number left. True when an alternative moved up."""
    if not phones_via_server(session):
        if member.phone_alt_e164:
            member.phone_e164, member.phone_alt_e164 = member.phone_alt_e164, None
            return True
        member.phone_e164 = None
        return False
    moved = _on_server(session, "SELECT caredesk_drop_wrong_number(:member, :call)",
                       {"member": member.id, "call": call_id})
    session.expire(member, list(_PHONES))  # the masked values read again
    return bool(moved)


def set_alt_phone(session: Session, member: Member, phone: str | None) -> None:
    """The member's alternative number (normalised E.164, or None to remove it)."""
    if not phones_via_server(session):
        member.phone_alt_e164 = phone
        return
    _on_server(session, "SELECT caredesk_set_alt_phone(:member, :phone)", {"member": member.id, "phone": phone})
    session.expire(member, ["phone_alt_e164"])
