"""Is the shared server usable by this version? Checked at start, before anything fails later.

Also the one place that decides which exceptions mean "the server cannot be reached right
now" (a known error: the agent keeps working and the pusher retries) as opposed to a bug.
"""

from dataclasses import dataclass

from sqlalchemy import exc as sa_exc

from app.data.migrate import current_revision, head_revision
from app.data.uow import Database
from app.services.errors import CareDeskError

UPGRADE_COMMAND = "caredesk-admin db upgrade"


class ServerUnreachable(CareDeskError):
    """The database server did not answer (down, restarting, network, wrong address)."""


class SchemaMismatch(CareDeskError):
    """The server's schema is not the revision this CareDesk was built for."""

    def __init__(self, found: str | None, expected: str) -> None:
        self.found = found
        self.expected = expected
        if found is None:
            what = "the server database has no CareDesk schema yet"
        else:
            what = f"the server database schema is at revision {found}, this CareDesk needs {expected}"
        super().__init__(f"{what}; ask your administrator to run `{UPGRADE_COMMAND}` "
                         f"(caredesk-admin --db URL db upgrade)")


@dataclass(frozen=True)
class ServerStatus:
    revision: str | None
    expected: str

    @property
    def at_head(self) -> bool:
        return self.revision == self.expected


def is_unreachable(error: BaseException) -> bool:
    """True for errors that say the server is not there now, rather than that a query is wrong.

    On SQLite "database is locked" is also an OperationalError; it is transient too, so the
    same retry applies.
    """
    if isinstance(error, ServerUnreachable):
        return True
    if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError,
                          sa_exc.DisconnectionError)):
        return True
    if isinstance(error, (ConnectionError, TimeoutError)):
        return True
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return False
    return isinstance(error, (psycopg.OperationalError, psycopg.InterfaceError))


def describe(error: BaseException) -> str:
    """A one-line reason for the status bar and the journal's last_error."""
    inner = getattr(error, "orig", None) or error
    text = str(inner).strip().splitlines()
    return (text[0] if text else type(inner).__name__)[:300]


def server_status(db: Database) -> ServerStatus:
    """The server's revision; connection problems become ServerUnreachable."""
    try:
        return ServerStatus(revision=current_revision(db.engine), expected=head_revision())
    except Exception as exc:
        if is_unreachable(exc):
            raise ServerUnreachable(f"cannot reach the database server: {describe(exc)}") from exc
        raise


def check_server(db: Database) -> ServerStatus:
    """Raise SchemaMismatch (with the command that fixes it) unless the schema is at head."""
    status = server_status(db)
    if not status.at_head:
        raise SchemaMismatch(status.revision, status.expected)
    return status
