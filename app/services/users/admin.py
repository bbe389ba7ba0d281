"""What administrators do to accounts: lock, unlock, disable, enable, reset a password.

On PostgreSQL with the owner's connection, each change reaches the user's login role too
(disabled user = NOLOGIN role, new password = new SCRAM secret), in the same transaction.
"""

import re
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.data import pg_roles
from app.data.security import SignInAttempts
from app.data.tables import User
from app.data.uow import Database
from app.domain.clock import Clock
from app.services.audit import audit
from app.services.errors import NotFound, PermissionDenied, ValidationError
from app.services.users.auth import Actor, Permission, hash_password, require

MIN_PASSWORD_LENGTH = 8
LOCKED_BY_ADMIN = datetime(9999, 12, 31, tzinfo=UTC)  # until an administrator unlocks
# A login role's name must be usable as an identifier everywhere: keep it plain.
TEAM_USERNAME = re.compile(r"[A-Za-z0-9_.-]{1,63}")


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError({"password": f"at least {MIN_PASSWORD_LENGTH} characters"})


def roles_here(db: Database) -> bool:
    """True when user changes must also reach PostgreSQL login roles (team mode, as the owner)."""
    if db.is_embedded:
        return False
    if db.login_user is not None:
        raise PermissionDenied("user accounts and login roles are managed with the database owner's URL (--db OWNER_URL)")
    return True


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"no user named {username!r}")
    return user


def lock_user(db: Database, actor: Actor, clock: Clock, username: str) -> None:
    require(actor, Permission.ADMINISTER)
    with db.session(write=True) as session:
        user = _user(session, username)
        attempts = session.get(SignInAttempts, username) or SignInAttempts(username=username, failures=0)
        attempts.locked_until = LOCKED_BY_ADMIN
        session.add(attempts)
        audit(session, actor, clock, action="user.lock", entity="user", entity_id=user.id)


def unlock_user(db: Database, actor: Actor, clock: Clock, username: str) -> None:
    require(actor, Permission.ADMINISTER)
    with db.session(write=True) as session:
        user = _user(session, username)
        attempts = session.get(SignInAttempts, username)
        if attempts is not None:
            session.delete(attempts)
        audit(session, actor, clock, action="user.unlock", entity="user", entity_id=user.id)


def set_active(db: Database, actor: Actor, clock: Clock, username: str, *, active: bool) -> None:
    require(actor, Permission.ADMINISTER)
    team = roles_here(db)
    with db.session(write=True) as session:
        user = _user(session, username)
        user.active = active
        if team and pg_roles.has_login(session.connection(), username):
            pg_roles.set_login(session.connection(), username, enabled=active)
        audit(session, actor, clock, action="user.enable" if active else "user.disable", entity="user", entity_id=user.id)


def reset_password(db: Database, actor: Actor, clock: Clock, username: str, password: str) -> None:
    require(actor, Permission.ADMINISTER)
    check_password(password)
    team = roles_here(db)
    with db.session(write=True) as session:
        user = _user(session, username)
        user.password_hash = hash_password(password)
        attempts = session.get(SignInAttempts, username)
        if attempts is not None:
            session.delete(attempts)
        if team:
            conn = session.connection()
            if pg_roles.has_login(conn, username):
                pg_roles.set_password(conn, username, password)
            elif TEAM_USERNAME.fullmatch(username):
                # A user from before per-user logins (the shared application login): this
                # gives them their own login role, the way a team is moved to this version.
                pg_roles.create_login(conn, username, password, role=user.role, health=user.can_view_health)
            else:
                raise ValidationError({"username": "on a server: 1-63 of letters, digits, '_', '.', '-'"})
        audit(session, actor, clock, action="user.reset_password", entity="user", entity_id=user.id)
