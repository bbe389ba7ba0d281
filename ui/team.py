"""Team mode for one signed-in window: the outcome journal and pusher, and the change feed.

Built in ui/main.py from ui.connection's pieces and handed to the main window. On the
embedded database there is no network to lose: no journal, and the change feed is only
polled (other processes on the same file, e.g. caredesk-admin, still show up).
"""

from dataclasses import dataclass

from ui.context import Database
from app.domain.clock import Clock
from app.services.auth import Actor
from app.sync.journal import Journal
from app.sync.pusher import Backoff
from ui.connection.sync_worker import ChangeWatcher, SyncController


@dataclass
class TeamMode:
    watcher: ChangeWatcher
    sync: SyncController | None  # None on the embedded database

    @property
    def saver(self):
        """What the call screen saves through (journal first on a server), or None."""
        return self.sync.saver if self.sync is not None else None

    def start(self) -> None:
        if self.sync is not None:
            self.sync.start()  # what a killed session left in the journal goes first
        self.watcher.start()

    def stop(self) -> None:
        self.watcher.stop()
        if self.sync is not None:
            self.sync.stop()


def team_mode(db: Database, clock: Clock, actor: Actor, *, journal: Journal | None = None,
              backoff: Backoff | None = None) -> TeamMode:
    """`journal` and `backoff` default to the user data folder's journal and 1 s..60 s; tests
    inject a temporary journal and a short backoff instead of waiting."""
    sync = None if db.is_embedded else SyncController(db, clock, journal=journal, backoff=backoff)
    # The window reloads after its own writes; the feed is for everyone else's.
    return TeamMode(watcher=ChangeWatcher(db, ignore_user_id=actor.id), sync=sync)
