"""The agent's save in team mode: journal first, deliver in the background.

`server_save(db)` is the pusher's `save`: it replays one journal entry through
app.services.calls.record_outcome as the agent who saved it, with the clock fixed at the
moment of the save (so the call's times, and the lease it was made under, are the agent's,
not the moment the server came back).

`OutcomeSaver` is what the call screen uses. On a server it writes the journal (durable
before it returns) and wakes the pusher; on the embedded SQLite file there is no network to
lose, so the journal is bypassed and the save goes straight to record_outcome.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.data.uow import Database
from app.domain.clock import Clock
from app.services.users import Actor, actor_by_name
from app.services.calls import SaveResult, record_outcome, validate_outcome
from app.sync.journal import Journal, JournalEntry


def server_save(db: Database, *, tz=None) -> Callable[[JournalEntry], SaveResult]:
    """A `save` for the Pusher that records entries on `db` (a replay answers as a duplicate)."""
    actors: dict[str, Actor] = {}

    def save(entry: JournalEntry) -> SaveResult:
        actor = actors.get(entry.agent)
        if actor is None:
            actor = actors[entry.agent] = actor_by_name(db, entry.agent)
        clock = Clock(fixed_at=entry.created_at) if tz is None else Clock(tz=tz, fixed_at=entry.created_at)
        return record_outcome(db, actor, clock, task_id=entry.task_id, payload=entry.payload,
                              script_id=entry.script_id, script_version=entry.script_version)

    return save


@dataclass(frozen=True)
class SavedLocally:
    """The outcome is safe in the journal; the server will have it when it can be reached."""

    client_id: str
    pending: int  # outcomes waiting in the journal, this one included


class OutcomeSaver:
    """Journal-then-push on a server, direct on the embedded file (see the module docstring)."""

    def __init__(self, db: Database, clock: Clock, *, journal: Journal | None = None,
                 wake: Callable[[], None] | None = None) -> None:
        self._db = db
        self._clock = clock
        self._journal = journal
        self._wake = wake

    @property
    def journaled(self) -> bool:
        return self._journal is not None and not self._db.is_embedded

    def save(self, actor: Actor, *, task_id: int, payload: dict[str, Any], script_id: str | None = None,
             script_version: str | None = None) -> SaveResult | SavedLocally:
        """Validate, then journal (server) or record (embedded). Raises ValidationError at once."""
        payload = dict(payload)
        payload.setdefault("client_id", str(uuid.uuid4()))
        if not self.journaled:
            return record_outcome(self._db, actor, self._clock, task_id=task_id, payload=payload,
                                  script_id=script_id, script_version=script_version)
        # Validate before journaling: an invalid outcome is the agent's to fix now, not a
        # rejected entry to find later.
        validate_outcome(payload, self._clock, script_id=script_id)
        assert self._journal is not None
        self._journal.record(client_id=str(payload["client_id"]), task_id=task_id, agent=actor.username,
                             payload=payload, script_id=script_id, script_version=script_version,
                             created_at=self._clock.now())
        if self._wake is not None:
            self._wake()
        return SavedLocally(client_id=str(payload["client_id"]), pending=self._journal.pending_count())
