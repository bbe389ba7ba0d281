"""Who is acting and what they may do; services call `require` before any work."""

from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import select

from app.data.tables import User
from app.data.uow import Database
from app.domain.codes import Role
from app.services.errors import PermissionDenied

_hasher = PasswordHasher()


class Permission(StrEnum):
    WORK_QUEUE = "work_queue"
    VIEW_MEMBERS = "view_members"
    VIEW_HEALTH = "view_health"
    SUPERVISE = "supervise"
    MANAGE_TICKETS = "manage_tickets"
    ADMINISTER = "administer"
    REPORTS = "reports"


_ROLE_PERMISSIONS = {
    Role.AGENT: {Permission.WORK_QUEUE, Permission.VIEW_MEMBERS, Permission.MANAGE_TICKETS},
    Role.SUPERVISOR: {
        Permission.WORK_QUEUE, Permission.VIEW_MEMBERS, Permission.SUPERVISE,
        Permission.MANAGE_TICKETS, Permission.REPORTS,
    },
    Role.ADMIN: set(Permission),
}


@dataclass(frozen=True)
class Actor:
    """The acting user as services see it: plain data, no ORM object."""

    id: int | None
    username: str
    role: Role
    can_view_health: bool = False
    display_name: str = ""

    def may(self, permission: Permission) -> bool:
        if permission is Permission.VIEW_HEALTH:
            return self.role is Role.ADMIN or self.can_view_health
        return permission in _ROLE_PERMISSIONS[self.role]


SYSTEM = Actor(id=None, username="system", role=Role.ADMIN, can_view_health=True, display_name="system")


def require(actor: Actor, permission: Permission) -> None:
    if not actor.may(permission):
        raise PermissionDenied(f"{actor.username} ({actor.role}) may not {permission.value.replace('_', ' ')}")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


def actor_from_user(user: User) -> Actor:
    return Actor(
        id=user.id, username=user.username, role=Role(user.role),
        can_view_health=user.can_view_health, display_name=user.display_name,
    )


def actor_by_name(db: Database, username: str) -> Actor:
    """The actor for an existing, active user name (the CLI's --agent NAME)."""
    from app.services.errors import NotFound

    login = db.login_user
    if login is not None and username != login:
        # Team mode: the CLI acts as the user of its URL and no one else.
        raise PermissionDenied(f"connected as {login!r}: may not act as {username!r}")
    with db.session() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None or not user.active:
            raise NotFound(f"no active user named {username!r}")
        return actor_from_user(user)
