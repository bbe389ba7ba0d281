"""Users: who is acting, what they may do, sign-in and the accounts an administrator keeps."""

from app.services.users.auth import (
    SYSTEM, Actor, Permission, actor_by_name, actor_from_user, authenticate, hash_password,
    require, verify_password,
)
from app.services.users.accounts import MIN_PASSWORD_LENGTH, add_user, list_agents

__all__ = [
    "MIN_PASSWORD_LENGTH", "SYSTEM", "Actor", "Permission", "actor_by_name", "actor_from_user",
    "add_user", "authenticate", "hash_password", "list_agents", "require", "verify_password",
]
