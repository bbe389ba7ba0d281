"""Where the server password lives: the system keyring when there is one, else nowhere.

The server URL is stored (in the settings file) without its password. The password goes to
the system keyring (Windows Credential Manager, macOS Keychain, Secret Service) through the
`keyring` package; where no keyring works (a bare Linux box, keyring's "fail" backend) it is
not stored at all and the sign-in asks for it.
"""

import logging
import os
from dataclasses import dataclass

import keyring
from keyring.backends import fail
from sqlalchemy.engine import URL, make_url

from app.config import APP_NAME, DATABASE_URL_ENV

log = logging.getLogger(__name__)

KEYRING_SERVICE = f"{APP_NAME} database"


def keyring_available() -> bool:
    """True when a real keyring backend is usable (not keyring's "fail" or "null" backend)."""
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - a broken keyring setup is "no keyring"
        return False
    if isinstance(backend, fail.Keyring):
        return False
    try:
        return float(getattr(backend, "priority", 1)) > 0
    except Exception:  # noqa: BLE001 - some backends raise from `priority` when unusable
        return False


def account(url: URL) -> str:
    """The keyring account for a server: user@host:port/database (never the password)."""
    return f"{url.username or ''}@{url.host or ''}:{url.port or 5432}/{url.database or ''}"


def without_password(url: str) -> str:
    parsed = make_url(url)
    # URL.set(password=None) means "leave it"; build the URL again without one instead.
    bare = URL.create(parsed.drivername, username=parsed.username, host=parsed.host, port=parsed.port,
                      database=parsed.database, query=parsed.query)
    return bare.render_as_string(hide_password=False)


def store_password(url: str, password: str) -> bool:
    """Keep the password in the keyring; False when there is no keyring (nothing stored)."""
    if not keyring_available():
        return False
    try:
        keyring.set_password(KEYRING_SERVICE, account(make_url(url)), password)
    except Exception as exc:  # noqa: BLE001 - locked keyring, denied access: ask at sign-in
        log.warning("could not store the password in the keyring: %s", exc)
        return False
    return True


def load_password(url: str) -> str | None:
    if not keyring_available():
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, account(make_url(url)))
    except Exception as exc:  # noqa: BLE001
        log.warning("could not read the keyring: %s", exc)
        return None


def forget_password(url: str) -> None:
    if not keyring_available():
        return
    try:
        keyring.delete_password(KEYRING_SERVICE, account(make_url(url)))
    except Exception:  # noqa: BLE001 - nothing stored is fine
        pass


@dataclass(frozen=True)
class ServerAddress:
    """The server to use: `url` (with the password if it is known) and whether to ask for one."""

    url: str
    needs_password: bool
    from_environment: bool = False

    def with_password(self, password: str) -> str:
        return make_url(self.url).set(password=password).render_as_string(hide_password=False)


def resolve_server(saved_url: str, *, environ: dict[str, str] | None = None) -> ServerAddress | None:
    """CAREDESK_DATABASE_URL wins over the saved URL; a URL without a password takes the
    keyring's, else needs one asked. None means the embedded database."""
    env = os.environ if environ is None else environ
    from_env = bool(env.get(DATABASE_URL_ENV))
    chosen = env[DATABASE_URL_ENV] if from_env else saved_url
    if not chosen or chosen.startswith("sqlite"):
        return None if not from_env else ServerAddress(url=chosen, needs_password=False, from_environment=True)
    url = make_url(chosen)
    if url.password or env.get("PGPASSWORD"):
        return ServerAddress(url=chosen, needs_password=False, from_environment=from_env)
    password = load_password(chosen)
    if password:
        return ServerAddress(url=url.set(password=password).render_as_string(hide_password=False),
                             needs_password=False, from_environment=from_env)
    # Trust authentication or ~/.pgpass need none; an empty answer to the prompt tries without.
    return ServerAddress(url=chosen, needs_password=True, from_environment=from_env)
