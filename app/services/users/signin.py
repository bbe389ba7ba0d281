"""Sign-in for the desktop and the CLI: one argon2 check per try, lockout, and an audit row.

Every try costs one argon2 verification (a dummy hash for unknown names), and failures are
counted per typed name, so neither the time nor the answer tells which user names exist.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.data.engine import url_for_user
from app.data.security import SignInAttempts
from app.data.tables import User
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.limits import text_problem
from app.domain.security_settings import DEFAULT_SECURITY, SecuritySettings
from app.services.audit import audit
from app.services.errors import CareDeskError
from app.services.users.auth import SYSTEM, Actor, actor_by_name, actor_from_user, hash_password, verify_password

# The defaults of the "security" settings section (app.domain.security_settings), which rules.
MAX_FAILURES = DEFAULT_SECURITY.max_failures
LOCK_FOR = DEFAULT_SECURITY.lock_for
NAME_KEY_LENGTH = 64  # sign_in_attempts.username


class SignInRefused(CareDeskError):
    """Wrong name or password, a disabled user, or a locked name (the message says which it may be).

    `reason` is "wrong" or "locked" (the screens translate it); `until` is the end of a timed lock.
    """

    def __init__(self, message: str, *, reason: str = "wrong", until: datetime | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.until = until


@dataclass(frozen=True)
class ServerSession:
    """A workstation signed in to the server with its user's own login: `db` connects as that role."""

    actor: Actor
    db: Database


@cache
def _dummy_hash() -> str:
    # Made once per process with the same parameters as real hashes, so verifying costs the same.
    return hash_password("caredesk-dummy-password-for-unknown-names")


@dataclass(frozen=True)
class _Outcome:
    actor: Actor | None
    message: str = ""
    reason: str = "wrong"
    until: datetime | None = None


def sign_in(db: Database, clock: Clock, username: str, password: str) -> Actor:
    """The signed-in user, or SignInRefused; the try is audited either way."""
    key = username.strip()[:NAME_KEY_LENGTH]
    if not db.is_embedded and db.login_user is not None:
        return sign_in_server(db, key, password)
    if text_problem(key, max_length=NAME_KEY_LENGTH) or text_problem(password, max_length=1024, multiline=True):
        # NUL and the like: PostgreSQL would raise, SQLite would store them. Same cost, same answer.
        verify_password(_dummy_hash(), "x")
        with db.session(write=True) as session:
            _audit(session, SYSTEM, clock, "signin.failed", "", reason="invalid_name")
        raise SignInRefused(_WRONG)
    with db.session(write=True) as session:
        outcome = _try(session, clock, key, password)
    if outcome.actor is None:
        raise SignInRefused(outcome.message, reason=outcome.reason, until=outcome.until)
    return outcome.actor


def sign_in_server(db: Database, username: str, password: str) -> Actor:
    """`sign_in` on a connection that is already a user's own login: sign in as `username` by
    its own login (the server checks the password), then let that connection go."""
    session = sign_in_to_server(db.engine.url.render_as_string(hide_password=False), username, password)
    session.db.dispose()
    return session.actor


def sign_in_to_server(server_url: str, username: str, password: str) -> ServerSession:
    """Team mode: connect as the PostgreSQL login role `username` (SCRAM: the server checks the
    password), then `caredesk_sign_in()` (SECURITY DEFINER) refuses a locked or disabled user and
    audits the sign-in. Returns the signed-in user and a Database on their own login; whatever
    user and password `server_url` names are replaced. A server that cannot be reached raises
    the driver's OperationalError (not a refusal: the user's password was never checked)."""
    key = username.strip()
    problem = text_problem(key, max_length=NAME_KEY_LENGTH) if key else "empty"
    if problem is not None or not password or "\x00" in password:
        raise SignInRefused(_WRONG)
    user_db = Database.from_url(url_for_user(server_url, key, password))
    try:
        with user_db.session() as session:
            user_id = session.scalar(text("SELECT caredesk_sign_in()"))
        if user_id is None:
            raise SignInRefused(f"{key!r} is locked (ask an administrator to unlock it)", reason="locked")
        return ServerSession(actor=actor_by_name(user_db, key), db=user_db)
    except OperationalError as exc:
        user_db.dispose()
        if is_login_refused(exc):
            # Wrong password, unknown or disabled login: the server says which only in its own log.
            raise SignInRefused(_WRONG) from None
        raise
    except BaseException:
        user_db.dispose()
        raise


_WRONG = "wrong user name or password (or the user is disabled)"
# SQLSTATE class 28 (invalid authorization: a wrong password is 28P01, a NOLOGIN role 28000),
# and the English texts for libpq versions that give no SQLSTATE for a failed connection.
_REFUSED_TEXTS = ("password authentication failed", "is not permitted to log in", "does not exist",
                  "no password supplied", "pg_hba.conf rejects")


def is_login_refused(error: BaseException) -> bool:
    """True when the server refused the login itself (as opposed to not answering)."""
    inner = getattr(error, "orig", None) or error
    state = getattr(inner, "sqlstate", None)
    if state:
        return str(state).startswith("28")
    text_ = str(inner)
    return any(t in text_ for t in _REFUSED_TEXTS)


def _try(session: Session, clock: Clock, key: str, password: str) -> _Outcome:
    now = clock.now()
    user = session.scalar(select(User).where(User.username == key)) if key else None
    password_ok = verify_password(user.password_hash if user else _dummy_hash(), password)
    attempts = session.get(SignInAttempts, key) if key else None
    who = actor_from_user(user) if user else SYSTEM
    if attempts is not None and attempts.locked_until is not None and attempts.locked_until > now:
        _audit(session, who, clock, "signin.refused", key, reason="locked")
        local = attempts.locked_until.astimezone(clock.tz).strftime("%H:%M")
        return _Outcome(None, f"too many failed sign-ins: {key!r} is locked until {local}", reason="locked",
                        until=attempts.locked_until)
    if user is None or not password_ok or not user.active:
        reason = "unknown_user" if user is None else "wrong_password" if not password_ok else "disabled"
        _count_failure(session, clock, key, attempts, who)
        _audit(session, who, clock, "signin.failed", key, reason=reason)
        return _Outcome(None, _WRONG)
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
    rules = _security(session)
    attempts.failures += 1
    attempts.last_failure_at = clock.now()
    if attempts.failures >= rules.max_failures:
        attempts.failures = 0
        attempts.locked_until = clock.now() + rules.lock_for
        _audit(session, who, clock, "signin.locked", key, minutes=int(rules.lock_for.total_seconds() // 60))


def _security(session: Session) -> SecuritySettings:
    # Imported here: app.services.settings imports this package (Actor, require).
    from app.services.settings import settings_in

    return settings_in(session, "security")


def _audit(session: Session, who: Actor, clock: Clock, action: str, key: str, **detail: object) -> None:
    audit(session, who, clock, action=action, entity="user", entity_id=key or None, detail=dict(detail))


def authenticate(db: Database, username: str, password: str, *, clock: Clock | None = None) -> Actor | None:
    """`sign_in` for callers that only need yes or no (refusals are audited just the same)."""
    try:
        return sign_in(db, clock or Clock(), username, password)
    except SignInRefused:
        return None
