"""What happens between launch and sign-in: check the schema, create the demo database.

`prepare_database` is the job (no widgets; runs on the database thread): an embedded file
without a schema is created and seeded with demo data on first run; an embedded file behind
head is upgraded (migrate copies it aside first); a server behind head is refused with the
command that fixes it, because upgrading a shared server is an administrator's decision.
"""

import logging
from dataclasses import dataclass
from types import ModuleType

from app.data.migrate import current_revision, head_revision, upgrade
from app.data.uow import Database
from app.domain.clock import Clock
from app.services.users import SYSTEM, Actor, authenticate
from app.services.errors import CareDeskError
from app.services.queue import BuildSummary, build_if_due, build_queue

log = logging.getLogger(__name__)

DEMO_MEMBERS = 2000
DEMO_SEED = 1


class SchemaOutOfDate(CareDeskError):
    """The server's schema is not the one this version expects."""

    def __init__(self, found: str | None, expected: str) -> None:
        self.found = found
        self.expected = expected
        super().__init__(f"database schema is at {found or 'nothing'}, this CareDesk needs {expected}")


@dataclass(frozen=True)
class StartupState:
    created: bool  # the embedded file was new and has been created (and seeded when possible)
    seeded: bool
    demo_agent: str | None  # set when the demo credentials work here: prefill the sign-in


def demo_module() -> ModuleType | None:
    """app.demo when it is installed (it is optional for a server deployment)."""
    try:
        from app import demo
    except ImportError:
        return None
    return demo


def needs_creation(db: Database) -> bool:
    return db.is_embedded and current_revision(db.engine) is None


def prepare_database(db: Database, clock: Clock, *, demo_members: int = DEMO_MEMBERS) -> StartupState:
    """Bring the database to a usable state or raise SchemaOutOfDate (see module doc).

    The daily queue build is not part of it (a job after the window is up: build_if_due);
    only a demo database created right now gets its first queue here.
    """
    found = current_revision(db.engine)
    expected = head_revision()
    created = seeded = False
    if found != expected:
        if not db.is_embedded:
            raise SchemaOutOfDate(found, expected)
        upgrade(db.engine)
        if found is None:
            created = True
            demo = demo_module()
            if demo is not None:
                log.info("seeding the new embedded database with demo data")
                demo.generate(db, clock, members=demo_members, seed=DEMO_SEED)
                seeded = True
    if seeded:
        build_queue(db, SYSTEM, clock)
    return StartupState(created=created, seeded=seeded, demo_agent=_demo_agent(db))


def build_queue_when_due(db: Database, clock: Clock) -> BuildSummary | None:
    """The embedded workstation's daily build: a job on the database thread once the window
    is up (the panels reload from the change feed when it lands), at most once a day."""
    return build_if_due(db, SYSTEM, clock) if db.is_embedded else None


def _demo_agent(db: Database) -> str | None:
    """The demo agent's name when this is an embedded database with the demo credentials."""
    demo = demo_module()
    if demo is None or not db.is_embedded:
        return None
    agent = getattr(demo, "DEMO_AGENT", None)
    password = getattr(demo, "DEMO_PASSWORD", None)
    if agent and password and authenticate(db, agent, password) is not None:
        return str(agent)
    return None


def demo_sign_in(db: Database, username: str) -> Actor | None:
    """Sign in without a dialog, only on an embedded database with the demo password.

    This backs `caredesk --user NAME` (screenshots, manual tests); on any other database,
    or for a user whose password is not the demo one, it returns None and the dialog shows.
    """
    demo = demo_module()
    password = getattr(demo, "DEMO_PASSWORD", None) if demo is not None else None
    if not db.is_embedded or not password:
        return None
    return authenticate(db, username, password)
