"""User accounts: created by an administrator (or the CLI), passwords stored as argon2 hashes.

In team mode (PostgreSQL, run with the owner's URL) a user is also a login role of the same
name and password, member of the group role(s) of its CareDesk role.
"""

from sqlalchemy import select

from app.data import pg_roles
from app.data.tables import User
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.codes import Role
from app.services.audit import audit
from app.services.errors import Conflict, ValidationError
from app.services.users.admin import MIN_PASSWORD_LENGTH, TEAM_USERNAME, roles_here
from app.services.users.auth import SYSTEM, Actor, Permission, actor_by_name, actor_from_user, hash_password, require

__all__ = ["MIN_PASSWORD_LENGTH", "add_user", "cli_actor", "list_agents"]


def add_user(
    db: Database, actor: Actor, clock: Clock, *, username: str, role: str, password: str,
    display_name: str | None = None, can_view_health: bool = False,
) -> Actor:
    require(actor, Permission.ADMINISTER)
    team = roles_here(db)
    errors: dict[str, str] = {}
    username = username.strip()
    if not username or len(username) > 64 or any(ch.isspace() for ch in username):
        errors["username"] = "1-64 characters, no spaces"
    elif team and not TEAM_USERNAME.fullmatch(username):
        errors["username"] = "on a server: 1-63 of letters, digits, '_', '.', '-'"
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
        if team:
            pg_roles.create_login(session.connection(), username, password, role=role, health=can_view_health)
        audit(session, actor, clock, action="user.add", entity="user", entity_id=user.id,
              detail={"role": role, "health": can_view_health, "login_role": team})
        return actor_from_user(user)


def list_agents(db: Database) -> list[Actor]:
    with db.session() as session:
        users = session.scalars(select(User).where(User.active.is_(True)).order_by(User.username))
        return [actor_from_user(u) for u in users]


def cli_actor(db: Database) -> Actor:
    """Who the CLI acts as: the user of its URL in team mode, else the system (owner, embedded)."""
    name = db.login_user
    return SYSTEM if name is None else actor_by_name(db, name)
