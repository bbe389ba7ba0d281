"""Many processes claiming at once until the pool is empty: every task claimed exactly once
and no member ever held by two agents (issue 3). Real PostgreSQL with 16 processes, and
SQLite's single-writer path with a few."""

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from app.data.tables import FollowUpTask
from app.data.uow import Database
from app.domain.clock import Clock
from app.services import queue
from app.services.users import Actor
from app.services.queue import upsert_task
from tests.support.factories import make_member, make_user
from tests.support.processes import forkserver_context

REASONS = ("refill", "cadence", "care_moment")


def _claim_until_empty(url: str, actor: Actor, clock: Clock, barrier=None) -> list[tuple[int, tuple[int, ...]]]:
    """One agent's process: claim the next member until nothing is left."""
    db = Database.from_url(url)
    got: list[tuple[int, tuple[int, ...]]] = []
    if barrier is not None:
        barrier.wait()  # start together, so the claims really overlap
    try:
        while True:
            item = queue.claim_next(db, actor, clock)
            if item is None:
                return got
            got.append((item.member_id, item.task_ids))
    finally:
        db.dispose()


def _seed(url: str, clock: Clock, *, members: int, agents: int) -> tuple[list[Actor], set[int]]:
    db = Database.from_url(url)
    with db.session(write=True) as s:
        actors = [make_user(s, f"agent{i:02d}", at=clock.now()) for i in range(agents)]
        for n in range(members):
            m = make_member(s, at=clock.now(), phone=f"+86139{n:08d}")
            for reason in REASONS[: 1 + n % len(REASONS)]:
                upsert_task(s, clock, member_id=m.id, reason=reason, due_at=clock.now() - timedelta(hours=1))
    with db.session() as s:
        ids = set(s.scalars(select(FollowUpTask.id)))
    db.dispose()
    return actors, ids


def _run(url: str, clock: Clock, *, processes: int, members: int) -> None:
    actors, all_ids = _seed(url, clock, members=members, agents=processes)
    ctx = forkserver_context()
    with ctx.Manager() as manager, ctx.Pool(processes) as pool:
        barrier = manager.Barrier(processes)
        results = pool.starmap(_claim_until_empty, [(url, a, clock, barrier) for a in actors])
    claimed = Counter(tid for per_agent in results for _mid, ids in per_agent for tid in ids)
    members_claimed = Counter(mid for per_agent in results for mid, _ids in per_agent)
    assert set(claimed) == all_ids, "every task is claimed"
    assert max(claimed.values()) == 1, "no task is claimed twice"
    assert max(members_claimed.values()) == 1 and len(members_claimed) == members, "one agent per member"
    db = Database.from_url(url)
    with db.session() as s:
        holders = dict(s.execute(select(FollowUpTask.id, FollowUpTask.claimed_by_id)).all())
    db.dispose()
    owner_of = {tid: a.id for a, per_agent in zip(actors, results) for _m, ids in per_agent for tid in ids}
    assert holders == owner_of


@pytest.mark.slow
@pytest.mark.postgres
def test_sixteen_processes_claim_every_task_exactly_once_on_postgresql(pg_url, clock):
    _run(pg_url, clock, processes=16, members=160)


@pytest.mark.slow
def test_concurrent_claims_on_sqlite_take_turns_as_single_writers(sqlite_url, clock):
    _run(sqlite_url, clock, processes=4, members=80)


@pytest.mark.postgres
@pytest.mark.parametrize("held", ["member row", "task row"])
def test_a_claimer_skips_a_member_another_transaction_holds_and_never_waits(pg_db, clock, held):
    """Another transaction holding the top member's row, or one of their task rows (a lease
    renewal, an outcome being saved): claim_next takes the next member at once."""
    with pg_db.session(write=True) as s:
        agent = make_user(s, "agent01", at=clock.now())
        top, second = (make_member(s, at=clock.now(), phone=f"+8613900000{n:03d}") for n in range(2))
        for m, priority in ((top, 120), (second, 60)):
            for reason in ("refill", "cadence"):
                upsert_task(s, clock, member_id=m.id, reason=reason, due_at=clock.now() - timedelta(hours=1),
                            priority=priority)
        top_id, second_id = top.id, second.id
    assert [i.member_id for i in queue.show_queue(pg_db, agent, clock)] == [top_id, second_id]
    other, pool = pg_db.engine.connect(), ThreadPoolExecutor(1)
    try:
        if held == "member row":
            other.execute(text("SELECT id FROM members WHERE id = :m FOR UPDATE"), {"m": top_id})
        else:
            other.execute(text("SELECT id FROM follow_up_tasks WHERE member_id = :m AND reason = 'cadence' FOR UPDATE"),
                          {"m": top_id})
        # A claimer that waited would time out here (and finish once the lock goes below).
        item = pool.submit(queue.claim_next, pg_db, agent, clock).result(timeout=30)
        assert item is not None and item.member_id == second_id
    finally:
        other.rollback()
        other.close()
        pool.shutdown()
    assert queue.claim_next(pg_db, agent, clock).member_id == top_id  # free again: the top is next
