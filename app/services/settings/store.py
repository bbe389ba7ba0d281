"""Centre-wide settings stored in the database, one section per area, used by every
workstation and the CLI alike. Only admins change them; each change is audited and
announced so open windows pick it up."""

import dataclasses
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, bindparam, cast, select
from sqlalchemy.orm import Session

from app.data.tables import AppSetting
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.queue_settings import DEFAULT_SETTINGS, QueueSettings
from app.domain.limits import text_problem
from app.domain.public_holidays import HOLIDAY_NAMES
from app.domain.security_settings import DEFAULT_SECURITY, check_security
from app.domain.settings_values import SettingError, overlay, parse_value, to_plain
from app.services.audit import announce, audit
from app.services.users import Actor, Permission, require
from app.services.errors import NotFound, ValidationError


@dataclass(frozen=True)
class Section:
    name: str
    defaults: Any  # a frozen dataclass instance
    check: Callable[[Any], None] = lambda _settings: None  # raises SettingError


def _check_queue(s: QueueSettings) -> None:
    if s.window_start >= s.window_end:
        raise SettingError("window_start must be before window_end")
    if s.cap_calls < 1 or s.max_attempts < 1:
        raise SettingError("cap_calls and max_attempts must be at least 1")
    if s.lease.total_seconds() < 60:
        raise SettingError("lease must be at least 1m")
    # An unknown code would close nothing, silently: the centre would call on the holiday.
    unknown = [code for code in s.no_call_holidays if code not in HOLIDAY_NAMES]
    if unknown:
        raise SettingError(f"no_call_holidays: unknown holiday {', '.join(unknown)}; "
                           f"known: {', '.join(HOLIDAY_NAMES)}")


SECTIONS: dict[str, Section] = {
    "queue": Section("queue", DEFAULT_SETTINGS, _check_queue),
    # Here rather than registered by app.services.users: sign-in reads it, and users is below settings.
    "security": Section("security", DEFAULT_SECURITY, check_security),
}


def register_section(section: Section) -> None:
    """Another area's settings (loyalty rules...) stored the same way."""
    SECTIONS[section.name] = section


def _section(name: str) -> Section:
    try:
        return SECTIONS[name]
    except KeyError:
        raise NotFound(f"no settings section {name!r}; known: {', '.join(sorted(SECTIONS))}") from None


def settings_in(session: Session, name: str) -> Any:
    """The section's settings as its dataclass, read in the caller's session."""
    session.flush()  # a change of this session's own is read back as stored
    return settings_from_stored(name, session.connection().execute(STORED_TEXT, {"name": name}).scalar())


def settings_from_stored(name: str, raw: str | None) -> Any:
    """The section's settings from its stored JSON text (STORED_TEXT's answer; None: nothing
    stored). Every claim reads the queue's: each distinct text is parsed once (the settings
    are frozen dataclasses, safe to share)."""
    section = _section(name)
    key = (name, raw)
    known = _PARSED.get(key)
    if known is None or known[0] is not section.defaults:
        if len(_PARSED) >= 256:
            _PARSED.clear()
        known = _PARSED[key] = (section.defaults, overlay(section.defaults, json.loads(raw) if raw else {}))
    return known[1]


# The stored text of section `:name`, for reads that fetch it beside something else.
STORED_TEXT = select(cast(AppSetting.values, Text)).where(AppSetting.section == bindparam("name"))
_PARSED: dict[tuple[str, str | None], tuple[Any, Any]] = {}  # (section, stored text) -> (defaults, settings)


def queue_settings(session: Session) -> QueueSettings:
    return settings_in(session, "queue")


def load_queue_settings(db: Database) -> QueueSettings:
    """The queue settings every workstation uses (read once per use case or at start)."""
    with db.session() as session:
        return queue_settings(session)


def show_settings(db: Database, actor: Actor, name: str) -> dict[str, Any]:
    """Every value of the section, current, as plain JSON-ready values."""
    require(actor, Permission.WORK_QUEUE)
    with db.session() as session:
        return to_plain(settings_in(session, name))


def update_settings(db: Database, actor: Actor, clock: Clock, name: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Change some values of a section (admins only); all checked first, then stored at once."""
    require(actor, Permission.ADMINISTER)
    section = _section(name)
    errors: dict[str, str] = {}
    parsed: dict[str, Any] = {}
    for key, raw in changes.items():
        if isinstance(raw, str) and (problem := text_problem(raw, max_length=1000)) is not None:
            errors[key] = problem  # the same refusal on both engines (app.domain.limits)
            continue
        try:
            parsed[key] = parse_value(type(section.defaults), key, raw)
        except SettingError as exc:
            errors[key] = str(exc)
    if errors:
        raise ValidationError(errors)
    with db.session(write=True) as session:
        current = settings_in(session, name)
        updated = dataclasses.replace(current, **parsed)
        try:
            section.check(updated)
        except SettingError as exc:
            raise ValidationError({name: str(exc)}) from None
        row = session.get(AppSetting, name)
        stored = to_plain(updated, only=set(parsed) | set(row.values if row else {}))
        if row is None:
            session.add(AppSetting(section=name, values=stored, updated_at=clock.now(), updated_by_id=actor.id))
        else:
            row.values = stored
            row.updated_at, row.updated_by_id = clock.now(), actor.id
        audit(session, actor, clock, action="settings.update", entity="settings", entity_id=name,
              detail={"changes": _for_audit(updated, set(parsed))})
        announce(session, actor, clock, topic="settings")
        return to_plain(updated)


def _for_audit(settings: Any, names: set[str]) -> dict[str, Any]:
    """The changed values; a file's bytes (the brand logo) as its size and digest, not its content."""
    plain = to_plain(settings, only=names)
    for key in names:
        value = getattr(settings, key)
        if isinstance(value, bytes):
            plain[key] = f"{len(value)} bytes, sha256 {hashlib.sha256(value).hexdigest()[:16]}"
    return plain


def stored_sections(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(AppSetting.section).order_by(AppSetting.section)))
