"""A workstation in a child process (spawn): saves outcomes through journal + pusher in a loop.

Used by the fault tests; module-level functions so multiprocessing's spawn can import them.
"""

import logging
import sys
import time
import uuid

from app.data.uow import Database
from app.sync.journal import Journal
from app.sync.outbox import server_save
from app.sync.pusher import Backoff, PushLoop, Pusher
from tests.sync.support import reached_payload

FLUSH_TIMEOUT_S = 40.0


def run_agent(url: str, journal_path: str, username: str, task_ids: list[int], started, saving, stop_saving,
              pause_s: float) -> None:
    """Save one outcome per task (journal, then wake the pusher) until `stop_saving` is set or
    the tasks run out, then flush and exit 0 when nothing is left pending. `saving` is set
    while a save is in progress (the kill waits on it)."""
    logging.basicConfig(level=logging.WARNING)
    db = Database.from_url(url)
    journal = Journal(journal_path)
    pusher = Pusher(journal, server_save(db))
    loop = PushLoop(pusher, idle_seconds=0.2, backoff=Backoff(initial=0.1, maximum=1.0))
    loop.start()
    started.set()
    for task_id in task_ids:
        if stop_saving.is_set():
            break
        client_id = str(uuid.uuid4())
        saving.set()
        journal.record(client_id=client_id, task_id=task_id, agent=username,
                       payload=reached_payload(client_id, notes=f"call for task {task_id}"))
        saving.clear()
        loop.wake()
        time.sleep(pause_s)
    loop.stop()
    report = pusher.flush(timeout=FLUSH_TIMEOUT_S, backoff=Backoff(initial=0.1, maximum=1.0))
    journal.close()
    db.dispose()
    sys.exit(0 if report.pending == 0 and report.rejected_total == 0 else 3)


def record_only(journal_path: str, username: str, task_ids: list[int], ready) -> None:
    """Journal outcomes with no pusher running, then wait to be killed (a crash before delivery)."""
    journal = Journal(journal_path)
    for task_id in task_ids:
        client_id = str(uuid.uuid4())
        journal.record(client_id=client_id, task_id=task_id, agent=username, payload=reached_payload(client_id))
    ready.set()
    while True:
        time.sleep(1)
