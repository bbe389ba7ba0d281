"""Delivers journaled outcomes to the shared server, in the background, with backoff.

A push sends each pending entry through a `save` callable (normally `server_save(db)`,
which calls app.services.calls.record_outcome). The server's calls.client_id is unique and
record_outcome answers a replay as a duplicate without writing, so sending an entry twice
(the commit landed but the answer was lost, or a killed app pushes again at start) is
harmless: either way the entry is marked delivered.

Failures are sorted in three: the server is unreachable (stop this round, retry after a
backoff; the entry stays pending), the server refuses the outcome for good (a known
CareDeskError such as a validation error: the entry is set aside as "rejected", kept, and
counted so a person can look), or a bug (logged, entry stays pending, retried later).
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from app.services.errors import CareDeskError
from app.domain.backoff import Backoff
from app.sync.server_check import describe, is_unreachable
from app.sync.journal import Journal, JournalEntry

log = logging.getLogger(__name__)

Save = Callable[[JournalEntry], Any]
ReportCallback = Callable[["PushReport"], None]


@dataclass(frozen=True)
class Delivery:
    """What the server did with one journaled outcome: its SaveResult, or why it refused."""

    client_id: str
    task_id: int
    result: Any = None  # app.services.calls.SaveResult when delivered
    refused: str | None = None
    refusal: Any = None  # app.domain.compliance.Refusal, when a door refused it (names the rule)


@dataclass(frozen=True)
class PushReport:
    """The state after one push round: what the status bar shows, and each entry's answer."""

    delivered: int  # in this round
    rejected: int  # in this round
    pending: int  # still waiting after the round
    rejected_total: int
    offline: bool  # the server could not be reached
    error: str | None = None  # the last failure's reason, for a tooltip
    deliveries: tuple[Delivery, ...] = ()  # this round's delivered and refused entries


class _Kind(Enum):
    DELIVERED = "delivered"
    REJECTED = "rejected"  # refused for good by the server: set aside, kept
    OFFLINE = "offline"  # the server is not there: stop the round
    FAILED = "failed"  # a bug: logged, retried in a later round


@dataclass(frozen=True)
class _Result:
    kind: _Kind
    reason: str | None = None
    delivery: Delivery | None = None


class Pusher:
    """One push round at a time; safe to call from one thread (the worker) while others record."""

    def __init__(self, journal: Journal, save: Save, *, batch: int = 100, agent: str | None = None) -> None:
        self.journal = journal
        self._save = save
        self._batch = batch
        # On a server each user's login may write only as that user: another user's outcomes
        # left in this journal wait for that user's next sign-in instead of being refused.
        self._agent = agent
        self._round = threading.Lock()

    def push_once(self) -> PushReport:
        """Send pending entries, oldest first, until none is left or the server goes away."""
        delivered = rejected = 0
        offline = False
        error: str | None = None
        deliveries: list[Delivery] = []
        with self._round:  # two rounds at once would send the same entry twice (harmless, wasteful)
            while not offline:
                entries = self.journal.pending(limit=self._batch, agent=self._agent)
                progressed = False
                for entry in entries:
                    result = self._deliver(entry)
                    if result.delivery is not None:
                        deliveries.append(result.delivery)
                    if result.kind is _Kind.DELIVERED:
                        delivered += 1
                    elif result.kind is _Kind.REJECTED:
                        rejected += 1
                    else:
                        error = result.reason
                        offline = result.kind is _Kind.OFFLINE
                        if offline:
                            break  # one try per round against a dead server, not one per entry
                        continue
                    progressed = True
                if not progressed or len(entries) < self._batch:
                    break
        return PushReport(delivered=delivered, rejected=rejected, pending=self.journal.pending_count(),
                          rejected_total=self.journal.rejected_count(), offline=offline, error=error,
                          deliveries=tuple(deliveries))

    def _deliver(self, entry: JournalEntry) -> "_Result":
        try:
            answer = self._save(entry)
        except Exception as exc:  # noqa: BLE001 - sorted below; nothing may escape the worker
            reason = describe(exc)
            if is_unreachable(exc):
                self.journal.mark_failed(entry.client_id, reason)
                return _Result(_Kind.OFFLINE, reason)
            if isinstance(exc, CareDeskError):
                log.warning("server refused outcome %s: %s", entry.client_id, reason)
                self.journal.mark_rejected(entry.client_id, reason)
                return _Result(_Kind.REJECTED, reason, Delivery(entry.client_id, entry.task_id, refused=reason,
                                                                refusal=getattr(exc, "refusal", None)))
            log.exception("pushing outcome %s failed", entry.client_id)
            self.journal.mark_failed(entry.client_id, reason)
            return _Result(_Kind.FAILED, reason)
        self.journal.mark_delivered(entry.client_id)
        return _Result(_Kind.DELIVERED, delivery=Delivery(entry.client_id, entry.task_id, result=answer))

    def flush(self, *, timeout: float, backoff: Backoff | None = None,
              stop: threading.Event | None = None) -> PushReport:
        """Push until nothing is pending or `timeout` seconds pass (start-up flush, shutdown)."""
        deadline = time.monotonic() + timeout
        pause = backoff or Backoff(initial=0.2, maximum=2.0)
        stop = stop or threading.Event()
        while True:
            report = self.push_once()
            if report.pending == 0:
                return report
            if report.offline or report.error:
                wait = pause.next()
            else:
                pause.reset()
                wait = 0.0
            if time.monotonic() + wait > deadline or stop.wait(wait):
                return report


class PushLoop:
    """The pusher on a daemon thread: push, then sleep (idle) or back off (offline); `wake()`
    after recording an outcome so it goes out at once. `on_report` runs on the loop's thread."""

    def __init__(self, pusher: Pusher, *, idle_seconds: float = 5.0, backoff: Backoff | None = None,
                 on_report: ReportCallback | None = None) -> None:
        self.pusher = pusher
        self.idle_seconds = idle_seconds
        self.backoff = backoff or Backoff()
        self._on_report = on_report
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_report: PushReport | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="outcome-pusher", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                report = self.pusher.push_once()
            except Exception as exc:  # noqa: BLE001 - e.g. the journal's disk is full: keep the loop alive
                log.exception("push round failed")
                report = PushReport(0, 0, -1, -1, offline=False, error=describe(exc))
            self.last_report = report
            if self._on_report is not None:
                try:
                    self._on_report(report)
                except Exception:  # noqa: BLE001 - a broken listener must not stop delivery
                    log.exception("push report listener failed")
            if report.offline or report.error:
                wait = self.backoff.next()
                # A wake during backoff (a new outcome) must not turn into a retry storm.
                self._stop.wait(wait)
            else:
                self.backoff.reset()
                self._wake.wait(self.idle_seconds)
