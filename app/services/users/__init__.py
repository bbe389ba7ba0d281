"""Users: who is acting, what they may do, sign-in and the accounts an administrator keeps."""

from app.services.users.auth import (
    SYSTEM, Actor, Permission, actor_by_name, actor_from_user, hash_password, require, verify_password,
)
from app.services.users.signin import (
    LOCK_FOR, MAX_FAILURES, ServerSession, SignInRefused, authenticate, is_login_refused, sign_in, sign_in_to_server,
)
from app.services.users.admin import MIN_PASSWORD_LENGTH, check_password, lock_user, reset_password, set_active, unlock_user
from app.services.users.accounts import add_user, cli_actor, list_agents
from app.data.engine import url_for_user  # the server URL with a user's own login (team mode)

__all__ = [
    "LOCK_FOR", "MAX_FAILURES", "MIN_PASSWORD_LENGTH", "SYSTEM", "Actor", "Permission", "ServerSession", "SignInRefused",
    "actor_by_name", "actor_from_user", "add_user", "authenticate", "check_password", "cli_actor",
    "hash_password", "is_login_refused", "list_agents", "lock_user", "require", "reset_password", "set_active", "sign_in",
    "sign_in_to_server",
    "unlock_user", "url_for_user", "verify_password",
]
