"""Which database to open at start: --db, CAREDESK_DATABASE_URL, the saved server, or embedded.

Nothing is asked here: a server is signed in to in the sign-in dialog, with the user's own
login (ui.signin), and the window then works on that connection.
"""

from ui.connection.credentials import resolve_server
from ui.connection.settings_dialog import SERVER_URL
from ui.settings import Settings


def database_url_at_start(settings: Settings, *, cli_url: str | None = None,
                          environ: dict[str, str] | None = None) -> str | None:
    """The URL to open (a server's without a password); None for the embedded database."""
    if cli_url:
        return cli_url
    return resolve_server(settings.get(SERVER_URL), environ=environ)
