"""The local journal: durable, idempotent by client id, and it survives a kill of the app."""

import os
import signal
import sqlite3
import uuid
from datetime import UTC, datetime

from app.sync.journal import Journal
from tests.support.processes import forkserver_context
from tests.sync.support import reached_payload


def test_record_is_idempotent_by_client_id(tmp_path):
    journal = Journal(tmp_path / "j.db")
    payload = reached_payload()
    assert journal.record(client_id=payload["client_id"], task_id=1, agent="a", payload=payload)
    assert not journal.record(client_id=payload["client_id"], task_id=1, agent="a", payload=payload)
    assert journal.pending_count() == 1
    entry = journal.pending()[0]
    assert entry.payload == payload and entry.agent == "a" and entry.task_id == 1
    assert entry.created_at.tzinfo is not None


def test_delivered_and_rejected_entries_leave_the_pending_list(tmp_path):
    journal = Journal(tmp_path / "j.db")
    ids = [str(uuid.uuid4()) for _ in range(3)]
    for i, cid in enumerate(ids):
        journal.record(client_id=cid, task_id=i, agent="a", payload=reached_payload(cid),
                       created_at=datetime(2026, 6, 15, 2, i, tzinfo=UTC))
    journal.mark_failed(ids[0], "server down")
    journal.mark_delivered(ids[1])
    journal.mark_rejected(ids[2], "invalid")
    assert [e.client_id for e in journal.pending()] == [ids[0]]
    assert journal.get(ids[0]).attempts == 1 and journal.get(ids[0]).last_error == "server down"
    assert journal.rejected_count() == 1 and journal.rejected()[0].last_error == "invalid"
    journal.retry_rejected(ids[2])
    assert journal.pending_count() == 2


def test_journal_is_synchronous_full_in_wal_mode(tmp_path):
    journal = Journal(tmp_path / "j.db")
    with journal._lock:
        assert journal._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert journal._conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def _record_then_wait(path: str, count: int, ready) -> None:
    journal = Journal(path)
    for i in range(count):
        cid = str(uuid.uuid4())
        journal.record(client_id=cid, task_id=i, agent="a", payload=reached_payload(cid))
    ready.set()
    while True:  # killed here, with the journal open
        os.pause() if hasattr(os, "pause") else None


def test_entries_survive_sigkill_of_the_recording_process(tmp_path):
    ctx = forkserver_context()
    ready = ctx.Event()
    proc = ctx.Process(target=_record_then_wait, args=(str(tmp_path / "j.db"), 25, ready))
    proc.start()
    assert ready.wait(60)
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(10)
    assert proc.exitcode == -signal.SIGKILL
    assert Journal(tmp_path / "j.db").pending_count() == 25
    # And the file is a sound SQLite database after the kill.
    with sqlite3.connect(tmp_path / "j.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
