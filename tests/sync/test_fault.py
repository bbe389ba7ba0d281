"""The promise of team mode under faults: every outcome an agent saved is on the server once.

Several workstation processes save outcomes in a loop while the PostgreSQL server is stopped
and restarted, and one of them is killed with SIGKILL while saving; the survivors flush, the
killed one's journal is flushed as at the next start, and then the server is compared with
the union of the journals.
"""

import os
import signal
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from app.data.migrate import upgrade
from app.data.tables import Call
from app.data.uow import Database
from app.sync.journal import Journal
from app.sync.outbox import server_save
from app.sync.pusher import Backoff, Pusher
from tests.sync import agent_process
from tests.support.processes import forkserver_context
from tests.sync.support import seed_agents

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

AGENTS = 4
TASKS_EACH = 120  # more than the agents get through: the parent says when to stop
PAUSE_S = 0.08
OUTAGE_S = 2.5
AFTER_RESTART_S = 1.0


@pytest.fixture
def fault_db(pg_new_database):
    url = pg_new_database()
    db = Database.from_url(url)
    upgrade(db.engine)
    yield url, db
    db.dispose()


def _server_counts(db: Database) -> Counter:
    with db.session() as s:
        return Counter(s.scalars(select(Call.client_id)).all())


def _tasks_with_calls(db: Database) -> Counter:
    with db.session() as s:
        return Counter(s.scalars(select(Call.task_id)).all())


def test_no_outcome_lost_or_duplicated_through_outage_and_kill(pg_cluster, fault_db, clock, tmp_path):
    if pg_cluster is None:
        pytest.skip("TEST_DATABASE_URL is an external server: this test cannot stop and start it")
    url, db = fault_db
    agents = seed_agents(db, agents=AGENTS, tasks_each=TASKS_EACH, at=clock.now())
    ctx = forkserver_context()
    journals = [tmp_path / f"ws{i}" / "outcome-journal.db" for i in range(AGENTS)]
    procs, started, saving = [], [], []
    stop_saving = ctx.Event()
    for i, agent in enumerate(agents):
        started.append(ctx.Event())
        saving.append(ctx.Event())
        procs.append(ctx.Process(target=agent_process.run_agent, name=f"workstation{i}", args=(
            url, str(journals[i]), agent.username, list(agent.task_ids), started[i], saving[i], stop_saving, PAUSE_S)))
    for proc in procs:
        proc.start()
    killed = procs[0]
    try:
        for event in started:
            assert event.wait(60), "a workstation did not start"
        t0 = time.monotonic()
        time.sleep(0.5)
        try:
            pg_cluster.stop()  # the server goes away while everyone keeps saving
            time.sleep(OUTAGE_S)
        finally:
            pg_cluster.start()  # other tests share this cluster: it always comes back
        time.sleep(AFTER_RESTART_S)  # saving and delivering again
        # SIGKILL workstation 0 while it is saving (its pusher is flushing the backlog too).
        deadline = time.monotonic() + 30
        while not saving[0].is_set() and time.monotonic() < deadline:
            time.sleep(0.0005)
        assert saving[0].is_set() and killed.is_alive(), "workstation 0 stopped saving before the kill"
        os.kill(killed.pid, signal.SIGKILL)
        t_kill = time.monotonic() - t0
        time.sleep(0.5)
        stop_saving.set()  # the shift ends: the survivors flush and exit
        for proc in procs:
            proc.join(90)
        t_done = time.monotonic() - t0
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.kill()
                proc.join(5)
    assert killed.exitcode == -signal.SIGKILL
    assert [p.exitcode for p in procs[1:]] == [0] * (AGENTS - 1), "a survivor did not flush everything"

    # The killed workstation starts again: its journal flushes at start.
    with Journal(journals[0]) as journal:
        waiting_at_restart = journal.pending_count()
        report = Pusher(journal, server_save(db)).flush(timeout=30, backoff=Backoff(initial=0.1, maximum=1.0))
        assert report.pending == 0 and report.rejected_total == 0

    saved: set[str] = set()
    delivered = retried = 0
    for path in journals:
        with Journal(Path(path)) as journal:
            entries = journal.entries()
        saved |= {e.client_id for e in entries}
        delivered += sum(e.delivered_at is not None for e in entries)
        retried += sum(e.attempts > 1 for e in entries)
    on_server = _server_counts(db)
    lost = len(saved - set(on_server))
    duplicated = sum(n - 1 for n in on_server.values()) + sum(n - 1 for n in _tasks_with_calls(db).values())
    phantom = len(set(on_server) - saved)
    print(f"\nfault test: saved={len(saved)} delivered={delivered} lost={lost} duplicated={duplicated} "
          f"(retried after a failure: {retried}; killed workstation had {waiting_at_restart} waiting at "
          f"restart; phantom={phantom}; killed at {t_kill:.1f}s, survivors done at {t_done:.1f}s)")
    assert len(saved) > AGENTS  # the loop really ran
    assert retried > 0  # and the outage really hit deliveries in flight
    assert (lost, duplicated, phantom) == (0, 0, 0)
    assert delivered == len(saved)


def test_journal_flushes_pending_outcomes_at_start_after_a_kill(pg_url, clock, tmp_path):
    db = Database.from_url(pg_url)
    (agent,) = seed_agents(db, agents=1, tasks_each=5, at=clock.now())
    path = tmp_path / "ws" / "outcome-journal.db"
    ctx = forkserver_context()
    ready = ctx.Event()
    proc = ctx.Process(target=agent_process.record_only, args=(str(path), agent.username, list(agent.task_ids), ready))
    proc.start()
    try:
        assert ready.wait(60)
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(10)
    finally:
        if proc.is_alive():
            proc.kill()
    assert _server_counts(db) == Counter()
    # Next start: the app opens the journal and flushes before anything else.
    with Journal(path) as journal:
        assert journal.pending_count() == 5
        report = Pusher(journal, server_save(db)).flush(timeout=30)
        saved = {e.client_id for e in journal.entries()}
    assert report.pending == 0 and report.delivered == 5
    assert set(_server_counts(db)) == saved and all(n == 1 for n in _server_counts(db).values())
    db.dispose()
