"""Keeps an open call's claim alive: the UI ticks it; a crashed workstation simply stops ticking.

A claim is a lease (claimed_by, lease_until). While the agent is on a call the window ticks
`LeaseRenewer.tick()` (e.g. every minute); once a third of the lease is left, or less, the
renewer extends it through app.services.queue.renew_lease. If the workstation dies nobody
renews, the lease runs out and the queue offers the member to others again.

A renewal that cannot reach the server is not an error for the agent (the call goes on and
the outcome is journaled); a Conflict (someone else holds the tasks now) is reported once.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.queue_settings import DEFAULT_SETTINGS, QueueSettings
from app.services import queue as queue_service
from app.services.auth import Actor
from app.services.errors import Conflict
from app.sync.server_check import describe, is_unreachable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenewResult:
    renewed: bool
    lease_until: datetime | None
    offline: bool = False
    lost: str | None = None  # why the claim is no longer ours (Conflict message)


class LeaseRenewer:
    """Renews the claim on `task_ids` when it is close to running out."""

    def __init__(self, db: Database, actor: Actor, clock: Clock, task_ids, *, lease_until: datetime | None = None,
                 settings: QueueSettings = DEFAULT_SETTINGS, lease: timedelta | None = None) -> None:
        self._db = db
        self._actor = actor
        self._clock = clock
        self.task_ids = tuple(task_ids)
        self._lease = lease or settings.lease
        self._settings = settings
        self.lease_until = lease_until
        self.lost: str | None = None

    def due(self) -> bool:
        """Renew when a third of the lease (or less) is left, or when we do not know."""
        if self.lease_until is None:
            return True
        return self.lease_until - self._clock.now() <= self._lease / 3

    def tick(self, *, force: bool = False) -> RenewResult:
        if self.lost is not None:
            return RenewResult(renewed=False, lease_until=self.lease_until, lost=self.lost)
        if not (force or self.due()):
            return RenewResult(renewed=False, lease_until=self.lease_until)
        try:
            until = queue_service.renew_lease(self._db, self._actor, self._clock, self.task_ids,
                                              lease=self._lease, settings=self._settings)
        except Conflict as exc:
            self.lost = str(exc)
            return RenewResult(renewed=False, lease_until=self.lease_until, lost=self.lost)
        except Exception as exc:
            if not is_unreachable(exc):
                raise
            log.info("lease renewal postponed, server unreachable: %s", describe(exc))
            return RenewResult(renewed=False, lease_until=self.lease_until, offline=True)
        self.lease_until = until
        return RenewResult(renewed=True, lease_until=until)
