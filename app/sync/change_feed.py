"""The live-update feed: open windows learn within seconds what other workstations changed.

Writers already add a row to change_events in their own transaction
(app.services.audit.announce). A window keeps a `ChangeFeed` and polls it every second or
two: one indexed range read on the primary key, so it is cheap for many workstations. On
PostgreSQL a `ChangeListener` can also LISTEN for a NOTIFY sent at commit (enable it with
`enable_notify()`), to wake the poll sooner; polling alone keeps the promise (and is all
SQLite has).

Ids are handed out at insert but rows become visible at commit, so on PostgreSQL a row with
a smaller id can appear after a larger one was read. The feed therefore remembers the ids it
skipped and looks for them again for a short grace period (a rolled-back insert leaves a
gap for ever, hence the expiry).
"""

import logging
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select

from app.data.change_events import CHANNEL, notify_on_write
from app.data.tables import ChangeEvent
from app.data.uow import Database

log = logging.getLogger(__name__)

GAP_GRACE_S = 30.0
MAX_GAPS = 10_000
BATCH = 1_000


@dataclass(frozen=True)
class Change:
    id: int
    at: datetime
    topic: str  # queue, member, ticket...
    entity_id: int | None
    user_id: int | None


@dataclass(frozen=True)
class ChangeBatch:
    changes: tuple[Change, ...]

    @property
    def topics(self) -> frozenset[str]:
        return frozenset(c.topic for c in self.changes)

    def touches(self, topic: str, *, by_others_than: int | None = None) -> bool:
        return any(c.topic == topic and (by_others_than is None or c.user_id != by_others_than)
                   for c in self.changes)

    def __bool__(self) -> bool:
        return bool(self.changes)


def latest_id(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.coalesce(func.max(ChangeEvent.id), 0))) or 0)


class ChangeFeed:
    """A cursor over change_events. Not thread-safe: one feed per poller."""

    def __init__(self, db: Database, *, cursor: int | None = None, gap_grace_s: float = GAP_GRACE_S) -> None:
        self._db = db
        # Start at the present: a window that has just loaded its data needs no history.
        self.cursor = latest_id(db) if cursor is None else cursor
        self._gap_grace_s = gap_grace_s
        self._gaps: dict[int, float] = {}  # skipped id -> when first skipped (monotonic)

    def poll(self) -> ChangeBatch:
        now = time.monotonic()
        self._gaps = {i: t for i, t in self._gaps.items() if now - t < self._gap_grace_s}
        condition = ChangeEvent.id > self.cursor
        if self._gaps:
            condition = or_(condition, ChangeEvent.id.in_(list(self._gaps)))
        with self._db.session() as session:
            rows = session.execute(
                select(ChangeEvent.id, ChangeEvent.at, ChangeEvent.topic, ChangeEvent.entity_id, ChangeEvent.user_id)
                .where(condition).order_by(ChangeEvent.id).limit(BATCH)
            ).all()
        changes = tuple(Change(*row) for row in rows)
        seen = {c.id for c in changes}
        for found in seen & self._gaps.keys():
            del self._gaps[found]
        newest = max((i for i in seen if i > self.cursor), default=self.cursor)
        if newest > self.cursor and len(self._gaps) < MAX_GAPS:
            for missing in range(self.cursor + 1, newest):
                if missing not in seen:
                    self._gaps.setdefault(missing, now)
        self.cursor = newest
        return ChangeBatch(changes)


# --- PostgreSQL LISTEN/NOTIFY -------------------------------------------------------------

def enable_notify() -> None:
    """Send a NOTIFY with every change_events row written (app.data.change_events; idempotent)."""
    notify_on_write()


class ChangeListener:
    """A LISTEN connection of its own; `wait(timeout)` returns True when a NOTIFY arrived.

    Only on PostgreSQL; any connection trouble makes `wait` return False after sleeping,
    and the poll carries on regardless.
    """

    def __init__(self, url: str) -> None:
        self._url = url
        self._conn = None

    def _connect(self):
        import psycopg
        from sqlalchemy.engine import make_url

        parsed = make_url(self._url).set(drivername="postgresql")
        dsn = parsed.render_as_string(hide_password=False)
        conn = psycopg.connect(dsn, autocommit=True, connect_timeout=5)
        conn.execute(f"LISTEN {CHANNEL}")
        return conn

    def wait(self, timeout: float) -> bool:
        try:
            if self._conn is None or self._conn.closed:
                self._conn = self._connect()
            got = False
            for _ in self._conn.notifies(timeout=timeout, stop_after=1):
                got = True
            if got:  # drain the burst that came with it: one wake-up is enough
                for _ in self._conn.notifies(timeout=0.01, stop_after=1000):
                    pass
            return got
        except Exception as exc:  # noqa: BLE001 - the poll is the fallback; never fail the window
            log.info("change listener unavailable: %s", exc)
            self.close()
            time.sleep(min(timeout, 1.0))
            return False

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:  # noqa: BLE001
                pass
            self._conn = None
