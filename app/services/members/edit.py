"""Editing a member's contact preferences from a workstation, with optimistic versions.

The form loads `ContactPreferences` (which carries the member's version) and saves it back
with that version. If anyone saved the member in between (another agent, a supervisor's
reassignment, a call's consent change), the save is refused with a Conflict that says who
and when; nothing is overwritten, and the form reloads.
"""

from dataclasses import dataclass, fields

from sqlalchemy.orm import Session

from app.data.tables import Member
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.codes import Channel
from app.domain.phone import InvalidPhone, normalize_phone
from app.domain.windows import parse_slots
from app.domain.limits import id_problem, text_problem
from app.services.audit import announce, audit
from app.services.users import Actor, Permission, require
from app.services.errors import NotFound, ValidationError
from app.services.privacy.consent import set_call_consent
from app.services.privacy.phones import set_alt_phone
from app.services.queue import refresh_members
from app.services.versioned import check_version, conflict_message, last_change, stale_as_conflict

LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class ContactPreferences:
    member_id: int
    version: int
    preferred_channel: str
    best_times: str
    language: str
    consent: bool
    do_not_call: bool
    phone_alt_e164: str | None
    email: str | None
    wechat_id: str | None


EDITABLE = tuple(f.name for f in fields(ContactPreferences) if f.name not in ("member_id", "version"))


def _prefs(member: Member) -> ContactPreferences:
    return ContactPreferences(member.id, member.version, **{name: getattr(member, name) for name in EDITABLE})


def _load(session: Session, member_id: int) -> Member:
    if (problem := id_problem(member_id)) is not None:
        raise ValidationError({"member_id": problem})
    member = session.get(Member, member_id, populate_existing=True)
    if member is None:
        raise NotFound(f"no member with id {member_id}")
    return member


def load_contact_preferences(db: Database, actor: Actor, clock: Clock, member_id: int) -> ContactPreferences:
    require(actor, Permission.VIEW_MEMBERS)
    with db.session() as session:
        return _prefs(_load(session, member_id))


def _column_length(name: str) -> int:
    # The column's own length: PostgreSQL refuses longer text, SQLite would keep it.
    return getattr(Member.__table__.c[name].type, "length", None) or 4000


def _validate(changes: dict) -> dict:
    errors: dict[str, str] = {}
    clean = dict(changes)
    for name in changes:
        if name not in EDITABLE:
            errors[name] = "not a contact preference"
        elif isinstance(changes[name], str) and (problem := text_problem(
                changes[name], max_length=_column_length(name))) is not None:
            errors[name] = problem  # before any parsing: the same refusal on both engines
    if "preferred_channel" in changes and changes["preferred_channel"] not in {c.value for c in Channel}:
        errors["preferred_channel"] = f"one of {'|'.join(c.value for c in Channel)}"
    if "language" in changes and changes["language"] not in LANGUAGES:
        errors["language"] = f"one of {'|'.join(LANGUAGES)}"
    if "best_times" in changes:
        try:
            clean["best_times"] = ";".join(str(s) for s in parse_slots(changes["best_times"] or "", strict=True))
        except ValueError as exc:
            errors["best_times"] = str(exc)
    if changes.get("phone_alt_e164"):
        try:
            clean["phone_alt_e164"] = normalize_phone(changes["phone_alt_e164"])
        except InvalidPhone as exc:
            errors["phone_alt_e164"] = str(exc)
    for flag in ("consent", "do_not_call"):
        if flag in changes and not isinstance(changes[flag], bool):
            errors[flag] = "true or false"
    if errors:
        raise ValidationError(errors)
    return clean


def save_contact_preferences(db: Database, actor: Actor, clock: Clock, member_id: int, *, version: int,
                             **changes) -> ContactPreferences:
    """Apply `changes` if the member is still at `version`; else Conflict (StaleVersion)."""
    require(actor, Permission.VIEW_MEMBERS)
    clean = _validate(changes)
    with db.session(write=True) as session:
        member = _load(session, member_id)
        who, when = last_change(session, "member", entity_id=member_id)
        message = conflict_message(f"Member {member.name}", who=who, when=when, tz=clock.tz)
        check_version(version, member.version, message=message)
        before = {name: getattr(member, name) for name in clean}
        changed = {name: value for name, value in clean.items() if before[name] != value}
        if not changed:
            return _prefs(member)
        if before.get("do_not_call") and changed.get("do_not_call") is False:
            require(actor, Permission.SUPERVISE)  # setting do-not-call is open to agents, lifting it is not
        for name, value in changed.items():
            if name == "phone_alt_e164":
                set_alt_phone(session, member, value)  # through the server for a login that reads it masked
            elif name not in ("consent", "do_not_call"):
                setattr(member, name, value)
        if {"consent", "do_not_call"} & changed.keys():
            do_not_call = changed.get("do_not_call", member.do_not_call)
            consent = False if changed.get("do_not_call") else changed.get("consent", member.consent)
            set_call_consent(session, clock, member, consent=consent, do_not_call=do_not_call,
                             channel="contact_form", recorded_by_id=actor.id)
        member.updated_at = clock.now()
        with stale_as_conflict(message):
            session.flush()
        audit(session, actor, clock, action="member.edit_contact", entity="member", entity_id=member_id,
              detail={"from": {k: before[k] for k in changed}, "to": changed})
        if {"consent", "do_not_call", "best_times"} & changed.keys():
            refresh_members(session, clock, [member_id])  # callable or not, and when, may have changed
        announce(session, actor, clock, topic="member", entity_id=member_id)
        return _prefs(member)
