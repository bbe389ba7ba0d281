"""A local journal of saved outcomes, so a call's notes survive a dead server, a crash or a kill.

The agent's save writes the outcome here first (a SQLite file in the user data folder, WAL
with synchronous=FULL, so the row is on disk when `record` returns); the pusher then
delivers it to the shared database and marks it delivered. Entries are never deleted by the
app: a delivered entry is history, an undelivered one is pushed again at the next start.

It is plain `sqlite3` on purpose: it must work when the server and SQLAlchemy's pool are in
any state, and several threads (the GUI's save, the pusher) and even two processes may use
the same file at once (WAL plus a busy timeout serializes the writers).
"""

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.config import data_dir

JOURNAL_FILE = "outcome-journal.db"
BUSY_TIMEOUT_S = 30.0
MAX_ERROR_CHARS = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outcomes (
    client_id      TEXT PRIMARY KEY,
    task_id        INTEGER NOT NULL,
    agent          TEXT NOT NULL,
    payload        TEXT NOT NULL,
    script_id      TEXT,
    script_version TEXT,
    created_at     TEXT NOT NULL,
    delivered_at   TEXT,
    rejected_at    TEXT,
    attempts       INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT
);
CREATE INDEX IF NOT EXISTS ix_outcomes_pending ON outcomes (delivered_at, rejected_at, created_at);
"""


@dataclass(frozen=True)
class JournalEntry:
    """One saved outcome as the journal holds it (plain data, safe to pass between threads)."""

    client_id: str
    task_id: int
    agent: str
    payload: dict[str, Any]
    script_id: str | None
    script_version: str | None
    created_at: datetime
    delivered_at: datetime | None = None
    rejected_at: datetime | None = None
    attempts: int = 0
    last_error: str | None = None

    @property
    def pending(self) -> bool:
        return self.delivered_at is None and self.rejected_at is None


def default_journal_path() -> Path:
    return data_dir() / JOURNAL_FILE


def _now() -> datetime:
    return datetime.now(UTC)


def _instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class Journal:
    """The journal file; thread-safe (one connection behind a lock)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_journal_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        # isolation_level=None: we write BEGIN IMMEDIATE / COMMIT ourselves.
        self._conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                     check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        # FULL: a commit is fsynced to the WAL before `record` returns; NORMAL could lose the
        # last outcomes on a power cut, which is exactly what the journal is for.
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        with self._lock:
            self._conn.executescript(_SCHEMA)  # autocommit mode: idempotent DDL, no open transaction

    # --- writing ----------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Cursor]:
        with self._lock:
            cur = self._conn.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            else:
                cur.execute("COMMIT")
            finally:
                cur.close()

    def record(self, *, client_id: str, task_id: int, agent: str, payload: dict[str, Any],
               script_id: str | None = None, script_version: str | None = None,
               created_at: datetime | None = None) -> bool:
        """Make the outcome durable locally; True if new, False if this client id was already in."""
        at = created_at or _now()
        if at.tzinfo is None:
            raise ValueError("created_at must be timezone-aware")
        with self._write() as cur:
            cur.execute(
                "INSERT OR IGNORE INTO outcomes (client_id, task_id, agent, payload, script_id, script_version,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (client_id, task_id, agent, json.dumps(payload, ensure_ascii=False, sort_keys=True),
                 script_id, script_version, at.astimezone(UTC).isoformat()),
            )
            return cur.rowcount == 1

    def mark_delivered(self, client_id: str, *, at: datetime | None = None) -> None:
        with self._write() as cur:
            cur.execute(
                "UPDATE outcomes SET delivered_at = ?, attempts = attempts + 1, last_error = NULL"
                " WHERE client_id = ? AND delivered_at IS NULL",
                ((at or _now()).astimezone(UTC).isoformat(), client_id),
            )

    def mark_failed(self, client_id: str, error: str) -> None:
        """A try that did not reach the server; the entry stays pending."""
        with self._write() as cur:
            cur.execute("UPDATE outcomes SET attempts = attempts + 1, last_error = ? WHERE client_id = ?",
                        (error[:MAX_ERROR_CHARS], client_id))

    def mark_rejected(self, client_id: str, error: str, *, at: datetime | None = None) -> None:
        """The server refused this outcome for good (e.g. invalid); kept for a person to look at."""
        with self._write() as cur:
            cur.execute(
                "UPDATE outcomes SET rejected_at = ?, attempts = attempts + 1, last_error = ? WHERE client_id = ?",
                ((at or _now()).astimezone(UTC).isoformat(), error[:MAX_ERROR_CHARS], client_id),
            )

    def retry_rejected(self, client_id: str) -> None:
        """Put a refused entry back in line (after the cause was fixed on the server)."""
        with self._write() as cur:
            cur.execute("UPDATE outcomes SET rejected_at = NULL WHERE client_id = ?", (client_id,))

    # --- reading ----------------------------------------------------------------------

    def _select(self, where: str, params: tuple[Any, ...] = (), limit: int | None = None) -> list[JournalEntry]:
        sql = ("SELECT client_id, task_id, agent, payload, script_id, script_version, created_at, delivered_at,"
               f" rejected_at, attempts, last_error FROM outcomes WHERE {where} ORDER BY created_at, client_id")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._lock:
            rows = self._conn.execute(sql, params).fetchall()
        return [
            JournalEntry(
                client_id=r[0], task_id=r[1], agent=r[2], payload=json.loads(r[3]), script_id=r[4],
                script_version=r[5], created_at=datetime.fromisoformat(r[6]), delivered_at=_instant(r[7]),
                rejected_at=_instant(r[8]), attempts=r[9], last_error=r[10],
            )
            for r in rows
        ]

    def pending(self, limit: int | None = None, *, agent: str | None = None) -> list[JournalEntry]:
        """Outcomes not yet delivered (oldest first), refused ones excepted; only `agent`'s
        when given (on a server each user's own login sends only that user's outcomes)."""
        if agent is not None:
            return self._select("delivered_at IS NULL AND rejected_at IS NULL AND agent = ?", (agent,), limit=limit)
        return self._select("delivered_at IS NULL AND rejected_at IS NULL", limit=limit)

    def rejected(self) -> list[JournalEntry]:
        return self._select("rejected_at IS NOT NULL AND delivered_at IS NULL")

    def entries(self) -> list[JournalEntry]:
        return self._select("1 = 1")

    def get(self, client_id: str) -> JournalEntry | None:
        found = self._select("client_id = ?", (client_id,))
        return found[0] if found else None

    def _count(self, where: str) -> int:
        with self._lock:
            return int(self._conn.execute(f"SELECT count(*) FROM outcomes WHERE {where}").fetchone()[0])

    def pending_count(self) -> int:
        return self._count("delivered_at IS NULL AND rejected_at IS NULL")

    def rejected_count(self) -> int:
        return self._count("rejected_at IS NOT NULL AND delivered_at IS NULL")

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "Journal":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
