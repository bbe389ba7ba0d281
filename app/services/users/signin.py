"""Sign-in for the desktop and the CLI: one argon2 check per try, lockout, and an audit row.

Every try costs one argon2 verification (a dummy hash for unknown names), and failures are
counted per typed name, so neither the time nor the answer tells which user names exist.
"""

from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.data.security import SignInAttempts
from app.data.tables import User
from app.data.uow import Database
from app.domain.clock import Clock
from app.services.audit import audit
from app.services.errors import CareDeskError
from app.services.users.auth import SYSTEM, Actor, actor_from_user, hash_password, verify_password

MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
NAME_KEY_LENGTH = 64  # sign_in_attempts.username


class SignInRefused(CareDeskError):
    """Wrong name or password, a disabled user, or a locked name (the message says which it may be)."""


@cache
def _dummy_hash() -> str:
    # Made once per process with the same parameters as real hashes, so verifying costs the same.
    return hash_password("caredesk-dummy-password-for-unknown-names")


@dataclass(frozen=True)
class _Outcome:
    actor: Actor | None
    message: str = ""


def sign_in(db: Database, clock: Clock, username: str, password: str) -> Actor:
    """The signed-in user, or SignInRefused; the try is audited either way."""
    key = username.strip()[:NAME_KEY_LENGTH]
    with db.session(write=True) as session:
        outcome = _try(session, clock, key, password)
    if outcome.actor is None:
        raise SignInRefused(outcome.message)
    return outcome.actor


def _try(session: Session, clock: Clock, key: str, password: str) -> _Outcome:
    now = clock.now()
    user = session.scalar(select(User).where(User.username == key)) if key else None
    password_ok = verify_password(user.password_hash if user else _dummy_hash(), password)
    attempts = session.get(SignInAttempts, key) if key else None
    who = actor_from_user(user) if user else SYSTEM
    if attempts is not None and attempts.locked_until is not None and attempts.locked_until > now:
        _audit(session, who, clock, "signin.refused", key, reason="locked")
        local = attempts.locked_until.astimezone(clock.tz).strftime("%H:%M")
        return _Outcome(None, f"too many failed sign-ins: {key!r} is locked until {local}")
    if user is None or not password_ok or not user.active:
        reason = "unknown_user" if user is None else "wrong_password" if not password_ok else "disabled"
        _count_failure(session, clock, key, attempts, who)
        _audit(session, who, clock, "signin.failed", key, reason=reason)
        return _Outcome(None, "wrong user name or password (or the user is disabled)")
    if attempts is not None:
        session.delete(attempts)
    _audit(session, who, clock, "signin.ok", key)
    return _Outcome(who)


def _count_failure(session: Session, clock: Clock, key: str, attempts: SignInAttempts | None, who: Actor) -> None:
    if not key:
        return
    if attempts is None:
        attempts = SignInAttempts(username=key, failures=0)
        session.add(attempts)
    attempts.failures += 1
    attempts.last_failure_at = clock.now()
    if attempts.failures >= MAX_FAILURES:
        attempts.failures = 0
        attempts.locked_until = clock.now() + LOCK_FOR
        _audit(session, who, clock, "signin.locked", key, minutes=int(LOCK_FOR.total_seconds() // 60))


def _audit(session: Session, who: Actor, clock: Clock, action: str, key: str, **detail: object) -> None:
    audit(session, who, clock, action=action, entity="user", entity_id=key or None, detail=dict(detail))


def authenticate(db: Database, username: str, password: str, *, clock: Clock | None = None) -> Actor | None:
    """`sign_in` for callers that only need yes or no (refusals are audited just the same)."""
    try:
        return sign_in(db, clock or Clock(), username, password)
    except SignInRefused:
        return None
