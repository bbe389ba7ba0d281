"""Which server to use, and whether the system keyring works (the SIP password uses it).

In team mode every user signs in to the server with their own login (the sign-in dialog's
user name and password are a PostgreSQL role's), so a workstation keeps no database password:
the server URL is stored in the settings file without one, and a user name in it is only the
name the sign-in dialog offers first.
"""

import os

import keyring
from keyring.backends import fail
from sqlalchemy.engine import URL, make_url

from app.config import DATABASE_URL_ENV


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


def without_password(url: str) -> str:
    parsed = make_url(url)
    # URL.set(password=None) means "leave it"; build the URL again without one instead.
    bare = URL.create(parsed.drivername, username=parsed.username, host=parsed.host, port=parsed.port,
                      database=parsed.database, query=parsed.query)
    return bare.render_as_string(hide_password=False)


def resolve_server(saved_url: str, *, environ: dict[str, str] | None = None) -> str | None:
    """CAREDESK_DATABASE_URL wins over the saved URL; None means the embedded database.

    A server URL comes back without its password: the user's own login replaces it at sign-in.
    """
    env = os.environ if environ is None else environ
    chosen = env.get(DATABASE_URL_ENV) or saved_url
    if not chosen:
        return None
    return chosen if chosen.startswith("sqlite") else without_password(chosen)
