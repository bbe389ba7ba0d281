"""User accounts: created by an administrator (or the CLI), passwords stored as argon2 hashes."""

from sqlalchemy import select

from app.data.tables import User
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.codes import Role
from app.services.audit import audit
from app.services.users.auth import Actor, Permission, actor_from_user, hash_password, require
from app.services.errors import Conflict, ValidationError

MIN_PASSWORD_LENGTH = 8


def add_user(
    db: Database, actor: Actor, clock: Clock, *, username: str, role: str, password: str,
    display_name: str | None = None, can_view_health: bool = False,
) -> Actor:
    require(actor, Permission.ADMINISTER)
    errors: dict[str, str] = {}
    username = username.strip()
    if not username or len(username) > 64 or any(ch.isspace() for ch in username):
        errors["username"] = "1-64 characters, no spaces"
    if role not in Role.__members__.values():
        errors["role"] = f"must be one of {', '.join(r.value for r in Role)}"
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = f"at least {MIN_PASSWORD_LENGTH} characters"
    if errors:
        raise ValidationError(errors)
    with db.session(write=True) as session:
        if session.scalar(select(User.id).where(User.username == username)) is not None:
            raise Conflict(f"user {username!r} already exists")
        user = User(
            username=username, display_name=display_name or username, role=role,
            password_hash=hash_password(password), can_view_health=can_view_health,
            active=True, created_at=clock.now(),
        )
        session.add(user)
        session.flush()
        audit(session, actor, clock, action="user.add", entity="user", entity_id=user.id, detail={"role": role})
        return actor_from_user(user)


def list_agents(db: Database) -> list[Actor]:
    with db.session() as session:
        users = session.scalars(select(User).where(User.active.is_(True)).order_by(User.username))
        return [actor_from_user(u) for u in users]
