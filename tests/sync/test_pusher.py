"""The pusher: delivers journaled outcomes once, sorts failures, and rides out a dead server."""

import time
import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from app.data.tables import Call
from app.data.uow import Database
from app.services.users import actor_by_name
from app.services.errors import ValidationError
from app.sync.journal import Journal, JournalEntry
from app.sync.outbox import OutcomeSaver, SavedLocally, server_save
from app.sync.pusher import Backoff, PushLoop, Pusher
from tests.sync.support import reached_payload, seed_agents


def _fill(journal: Journal, n: int, *, agent: str = "a", task_ids=None) -> list[str]:
    ids = []
    for i in range(n):
        cid = str(uuid.uuid4())
        journal.record(client_id=cid, task_id=task_ids[i] if task_ids else i, agent=agent, payload=reached_payload(cid))
        ids.append(cid)
    return ids


def _down(_entry: JournalEntry):
    raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))


def test_delivers_every_pending_entry_and_marks_it(tmp_path):
    journal = Journal(tmp_path / "j.db")
    ids = _fill(journal, 5)
    seen: list[str] = []
    report = Pusher(journal, lambda e: seen.append(e.client_id)).push_once()
    assert seen == ids  # oldest first
    assert (report.delivered, report.pending, report.offline) == (5, 0, False)
    assert all(e.delivered_at is not None for e in journal.entries())


def test_unreachable_server_stops_the_round_and_keeps_entries(tmp_path):
    journal = Journal(tmp_path / "j.db")
    _fill(journal, 4)
    calls = []

    def save(entry):
        calls.append(entry.client_id)
        _down(entry)

    report = Pusher(journal, save).push_once()
    assert len(calls) == 1  # one try per round, not one per entry: no storm against a dead server
    assert report.offline and report.pending == 4 and "connection refused" in report.error
    assert journal.pending()[0].attempts == 1


def test_refused_outcome_is_set_aside_not_lost(tmp_path):
    journal = Journal(tmp_path / "j.db")
    bad, good = _fill(journal, 2)

    def save(entry):
        if entry.client_id == bad:
            raise ValidationError({"satisfaction": "must be 1-10"})

    report = Pusher(journal, save).push_once()
    assert (report.delivered, report.rejected, report.pending, report.rejected_total) == (1, 1, 0, 1)
    assert journal.get(bad).rejected_at is not None and "satisfaction" in journal.get(bad).last_error


def test_a_bug_in_one_save_does_not_block_the_others(tmp_path):
    journal = Journal(tmp_path / "j.db")
    first, second = _fill(journal, 2)

    def save(entry):
        if entry.client_id == first:
            raise RuntimeError("boom")

    report = Pusher(journal, save).push_once()
    assert report.delivered == 1 and report.pending == 1 and report.error == "boom" and not report.offline


def test_backoff_grows_to_its_cap_and_resets():
    backoff = Backoff(initial=1, maximum=8, jitter=0)
    assert [backoff.next() for _ in range(5)] == [1, 2, 4, 8, 8]
    backoff.reset()
    assert backoff.next() == 1


def test_server_save_records_once_and_a_replay_is_a_duplicate(db: Database, clock, tmp_path):
    (agent,) = seed_agents(db, agents=1, tasks_each=1, at=clock.now())
    journal = Journal(tmp_path / "j.db")
    (cid,) = _fill(journal, 1, agent=agent.username, task_ids=agent.task_ids)
    save = server_save(db)
    first = save(journal.pending()[0])
    again = save(journal.pending()[0])  # the answer was lost: the pusher sends it again
    assert not first.duplicate and again.duplicate and again.call_id == first.call_id
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Call).where(Call.client_id == cid)) == 1


def _wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.01)


def test_offline_pusher_counts_up_then_flushes_when_the_server_is_back(pg_url, clock, tmp_path):
    db = Database.from_url(pg_url)
    (agent,) = seed_agents(db, agents=1, tasks_each=6, at=clock.now())
    # A server that is down: nothing listens on this port.
    dead = Database.from_url("postgresql+psycopg://postgres@127.0.0.1:9/caredesk?connect_timeout=2")
    target = {"db": dead}
    tries = {"n": 0}

    def save(entry):
        tries["n"] += 1
        return server_save(target["db"])(entry)

    journal = Journal(tmp_path / "j.db")
    reports = []
    loop = PushLoop(Pusher(journal, save), idle_seconds=0.05, backoff=Backoff(initial=0.05, maximum=0.2),
                    on_report=reports.append)
    loop.start()
    try:
        for i, task_id in enumerate(agent.task_ids[:3]):
            _fill(journal, 1, agent=agent.username, task_ids=[task_id])
            loop.wake()
            _wait_for(lambda: loop.last_report is not None and loop.last_report.offline
                      and loop.last_report.pending == i + 1)  # the agent keeps working; the count grows
        assert all(r.delivered == 0 for r in reports)
        # Every round tried one entry at most: tries never exceed rounds.
        assert tries["n"] <= len(reports) + 1
        target["db"] = db  # the server is back
        _wait_for(lambda: journal.pending_count() == 0, timeout=60)
    finally:
        loop.stop()
        dead.dispose()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Call)) == 3
    assert journal.pending_count() == 0
    db.dispose()


def test_saver_journals_on_a_server_and_refuses_invalid_outcomes_at_once(pg_db, clock, tmp_path):
    (agent,) = seed_agents(pg_db, agents=1, tasks_each=1, at=clock.now())
    actor = actor_by_name(pg_db, agent.username)
    journal = Journal(tmp_path / "j.db")
    woken = []
    saver = OutcomeSaver(pg_db, clock, journal=journal, wake=lambda: woken.append(1))
    assert saver.journaled
    bad = reached_payload()
    bad["satisfaction"] = 11
    with pytest.raises(ValidationError) as refused:
        saver.save(actor, task_id=agent.task_ids[0], payload=bad)
    assert "satisfaction" in refused.value.errors
    assert journal.pending_count() == 0 and not woken
    saved = saver.save(actor, task_id=agent.task_ids[0], payload=reached_payload())
    assert isinstance(saved, SavedLocally) and saved.pending == 1 and woken == [1]
    entry = journal.get(saved.client_id)
    assert entry.agent == actor.username and entry.created_at == clock.now()
    with pg_db.session() as s:  # nothing on the server until the pusher runs
        assert s.scalar(select(func.count()).select_from(Call)) == 0


def test_saver_goes_straight_to_the_embedded_file(sqlite_db, clock, tmp_path):
    (agent,) = seed_agents(sqlite_db, agents=1, tasks_each=1, at=clock.now())
    journal = Journal(tmp_path / "j.db")
    saver = OutcomeSaver(sqlite_db, clock, journal=journal)
    result = saver.save(actor_by_name(sqlite_db, agent.username), task_id=agent.task_ids[0], payload=reached_payload())
    assert not result.duplicate and journal.pending_count() == 0 and journal.entries() == []
