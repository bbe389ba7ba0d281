"""The stored rank (issue 13) gives the very queue the aggregate over every due member gives:
over random queues, ranked at once or later (lateness growing past its cap), with some
members changed since their rank was written, on both engines. And the triggers mark a
member dirty exactly when their open tasks change."""

import random
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from app.data.queue_rank import QueueRank, QueueRankDirty
from app.data.tables import FollowUpTask, Member
from app.domain.clock import Clock
from app.services import queue
from app.services.queue import rank as rank_module
from app.services.queue import rank_store
from app.services.users import SYSTEM
from tests.db.test_queue_truth import PROPERTY, _clear, _world, member_st, task_st
from tests.support.factories import make_member, make_order, make_product, make_user


# Queues long enough that the ranking stops reading before the end.
queue_st = st.lists(member_st, min_size=20, max_size=60)
# Plateaus: few priorities, due at whole days, most past the lateness cap, so many members
# share a bound's whole points and only the due time (then the id) orders them.
plateau_task_st = st.tuples(task_st, st.sampled_from([50, 50, 100]),
                            st.sampled_from([24 * days for days in (3, 13, 14, 15, 20, 30, 30)])).map(
    lambda t: {**t[0], "priority": t[1], "due_hours_ago": t[2]})
plateau_st = st.lists(st.tuples(member_st, st.lists(plateau_task_st, min_size=1, max_size=2,
                                                    unique_by=lambda t: t["reason"]))
                      .map(lambda pair: {**pair[0], "tasks": pair[1]}), min_size=20, max_size=60)


def _ranked(database, me, clock) -> list[tuple]:
    """The top few (the ranking stops reading once no unread member can beat them) and the
    whole queue; the top few are the whole queue's first."""
    ranked = [[(i.member_id, i.score, i.task_ids, i.window_open) for i in queue.show_queue(database, me, clock, limit=n)]
              for n in (1, 3, 8, 200)]
    whole = ranked[-1]
    assert ranked[:-1] == [whole[:n] for n in (1, 3, 8)]
    return ranked


def _check_same_queue(database, clock, monkeypatch, members, later_days, changed) -> None:
    _clear(database)
    me = _world(database, clock, members)
    with database.session(write=True) as s:
        rank_store.rerank(s.connection(), clock.now())
        assert s.scalar(select(QueueRankDirty.member_id).limit(1)) is None
        ids = sorted(s.scalars(select(FollowUpTask.id)))
        bump = ids[::changed] if changed else []
        if bump:  # changed since: the trigger lists them, the ranking scores them from their tasks
            s.execute(update(FollowUpTask).where(FollowUpTask.id.in_(bump)).values(priority=FollowUpTask.priority + 7))
    assert bool(bump) == bool(_dirty(database))
    at = Clock(tz=clock.tz, fixed_at=clock.now() + timedelta(days=later_days, hours=later_days % 5))
    with monkeypatch.context() as patch:  # one example's patches end with it
        patch.setattr(rank_module, "FIRST_READ", 1)  # read one member at a time: every bound counts
        stored = _ranked(database, me, at)
        with database.session(write=True) as s:  # the night: ended reservations go to the pool
            rank_store.refresh_capped(s.connection(), at.now())
        assert stored == _ranked(database, me, at)
        patch.setattr(rank_store, "DIRTY_LIMIT", -1)  # the aggregate over every due member
        assert stored == _ranked(database, me, at)


@settings(PROPERTY, max_examples=25)
@given(members=plateau_st, later_days=st.integers(0, 3), changed=st.sampled_from([0, 0, 7]))
def test_members_of_equal_bounds_come_earliest_due_first_through_the_stored_rank_sqlite(
        sqlite_db, clock, monkeypatch, members, later_days, changed):
    _check_same_queue(sqlite_db, clock, monkeypatch, members, later_days, changed)


@settings(PROPERTY, max_examples=10)
@given(members=plateau_st, later_days=st.integers(0, 3), changed=st.sampled_from([0, 0, 7]))
def test_members_of_equal_bounds_come_earliest_due_first_through_the_stored_rank_postgresql(
        pg_db, clock, monkeypatch, members, later_days, changed):
    _check_same_queue(pg_db, clock, monkeypatch, members, later_days, changed)


def _check_level_order(database, clock, members, later_days) -> None:
    _clear(database)
    me = _world(database, clock, members)
    now = clock.now() + timedelta(days=later_days)
    with database.session(write=True) as s:
        rank_store.rerank(s.connection(), clock.now())
        s.execute(update(FollowUpTask).where(FollowUpTask.id.in_(sorted(s.scalars(select(FollowUpTask.id)))[::9]))
                  .values(priority=FollowUpTask.priority + 50))  # a few dirty members too
    with database.session() as s:
        conn = s.connection()
        dialect = conn.dialect.name
        rows = list(rank_store.candidates(conn, now, rank_module._rank_query(dialect),
                                          rank_module._rank_query(dialect, restricted=True),
                                          {"now": now, "agent": me.id}, page=1))
    assert rows == sorted(rows, key=rank_store.level_order)
    assert len({row[0] for row in rows}) == len(rows)


@settings(PROPERTY, max_examples=25)
@given(members=plateau_st, later_days=st.integers(0, 3))
def test_candidates_come_in_level_order_page_after_page_sqlite(sqlite_db, clock, members, later_days):
    _check_level_order(sqlite_db, clock, members, later_days)


@settings(PROPERTY, max_examples=10)
@given(members=plateau_st, later_days=st.integers(0, 3))
def test_candidates_come_in_level_order_page_after_page_postgresql(pg_db, clock, members, later_days):
    _check_level_order(pg_db, clock, members, later_days)


def _dirty(database) -> set[int]:
    with database.session() as s:
        return set(s.scalars(select(QueueRankDirty.member_id)))


@PROPERTY
@given(members=queue_st, later_days=st.integers(0, 20), changed=st.sampled_from([0, 0, 0, 7, 13]))
def test_the_stored_rank_gives_the_aggregates_queue_sqlite(sqlite_db, clock, monkeypatch, members, later_days,
                                                           changed):
    _check_same_queue(sqlite_db, clock, monkeypatch, members, later_days, changed)


@settings(PROPERTY, max_examples=12)
@given(members=queue_st, later_days=st.integers(0, 20), changed=st.sampled_from([0, 0, 0, 7, 13]))
def test_the_stored_rank_gives_the_aggregates_queue_postgresql(pg_db, clock, monkeypatch, members, later_days,
                                                               changed):
    _check_same_queue(pg_db, clock, monkeypatch, members, later_days, changed)


def test_triggers_mark_a_member_dirty_when_open_tasks_change_not_on_claims(db, clock):
    me = _world(db, clock, [{"tier": "standard", "zone": "Asia/Shanghai", "best_times": "", "calls_hours_ago": [],
                             "urgent": False, "do_not_call": False,
                             "tasks": [{"reason": "refill", "priority": 60, "due_hours_ago": 2, "assigned": None,
                                        "reserved": False, "claimed_by_other": False}]}])
    assert len(_dirty(db)) == 1  # a new open task
    with db.session(write=True) as s:
        rank_store.rerank(s.connection(), clock.now())
        (member_id,) = s.scalars(select(QueueRank.member_id)).all()
    assert _dirty(db) == set()
    claimed = queue.claim_next(db, me, clock)
    assert claimed is not None and claimed.member_id == member_id
    assert _dirty(db) == set()  # a claim moves no bound
    queue.release(db, me, clock, claimed.task_ids)
    assert _dirty(db) == set()
    with db.session(write=True) as s:
        s.execute(update(FollowUpTask).values(status="done"))
    assert _dirty(db) == {member_id}  # the task ended
    with db.session(write=True) as s:
        rank_store.rerank(s.connection(), clock.now())
        assert s.scalars(select(QueueRank.member_id)).all() == []  # no open task, no rank


def test_triggers_mark_a_member_dirty_when_the_owner_reservation_or_best_times_change(db, clock):
    """Each of these moves a bound or who may have the member (migration 0020_rank_reserved)."""
    me = _world(db, clock, [{"tier": "standard", "zone": "Asia/Shanghai", "best_times": "", "calls_hours_ago": [],
                             "urgent": False, "do_not_call": False,
                             "tasks": [{"reason": "refill", "priority": 60, "due_hours_ago": 2, "assigned": "other",
                                        "reserved": True, "claimed_by_other": False}]}])
    changes = [update(FollowUpTask).values(assigned_agent_id=me.id),
               update(FollowUpTask).values(owner_only_until=clock.now() - timedelta(hours=1)),
               update(Member).values(best_times="09:00-11:00")]
    for change in changes:
        with db.session(write=True) as s:
            rank_store.rerank(s.connection(), clock.now())
        assert _dirty(db) == set()
        with db.session(write=True) as s:
            s.execute(change)
        assert len(_dirty(db)) == 1, change


def test_another_owners_reserved_members_are_not_candidates_until_the_reservation_ends(db, clock):
    """The stream skips them (they would score nothing); once the reservation ends they are back."""
    me = _world(db, clock, [{"tier": "gold", "zone": "Asia/Shanghai", "best_times": "", "calls_hours_ago": [],
                             "urgent": False, "do_not_call": False,
                             "tasks": [{"reason": "refill", "priority": 100, "due_hours_ago": 30,
                                        "assigned": owner, "reserved": True, "claimed_by_other": False}]}
                            for owner in ("other", "me", None)])
    with db.session(write=True) as s:
        conn = s.connection()
        rank_store.rerank(conn, clock.now())
        other = s.scalar(select(FollowUpTask.member_id).where(FollowUpTask.assigned_agent_id.not_in([me.id])))
        lapse = s.scalar(select(FollowUpTask.owner_only_until).where(FollowUpTask.member_id == other))

        def listed(at) -> set[int]:
            every, only = rank_module._rank_query(conn.dialect.name), rank_module._rank_query(conn.dialect.name, True)
            return {row[0] for row in rank_store.candidates(conn, at, every, only, {"now": at, "agent": me.id})}

        assert len(listed(clock.now())) == 2 and other not in listed(clock.now())
        after = lapse + timedelta(minutes=1)
        assert other in listed(after)
        # The night hands the ended reservation to the pool: the member stays a candidate.
        rank_store.refresh_capped(conn, after)
        assert s.scalar(select(QueueRank.reserved_for).where(QueueRank.member_id == other)) is None
        assert other in listed(after) and len(listed(after)) == 3


def test_another_agents_live_claim_hides_the_member_from_the_candidates_until_it_ends(db, clock):
    """Whoever writes the claim (claim, release, lease), the trigger keeps the rank's holder."""
    spec = {"tier": "gold", "zone": "Asia/Shanghai", "best_times": "", "calls_hours_ago": [], "urgent": False,
            "do_not_call": False, "tasks": [{"reason": "refill", "priority": 100, "due_hours_ago": 30,
                                             "assigned": None, "reserved": False, "claimed_by_other": False}]}
    me = _world(db, clock, [spec, spec])
    with db.session(write=True) as s:
        other = make_user(s, at=clock.now())
        rank_store.rerank(s.connection(), clock.now())
        first = min(s.scalars(select(FollowUpTask.member_id)))
    dialect = db.engine.dialect.name

    def listed(at, agent_id) -> set[int]:
        with db.session() as s:
            every, only = rank_module._rank_query(dialect), rank_module._rank_query(dialect, True)
            return {row[0] for row in rank_store.candidates(s.connection(), at, every, only, {"now": at, "agent": agent_id})}

    queue.claim_task(db, other, clock, _task_of(db, first), lease=timedelta(minutes=15))
    assert _dirty(db) == set()  # the claim moved no bound: the stored rank answers
    assert first not in listed(clock.now(), me.id)
    assert first in listed(clock.now(), other.id)  # the holder still sees their own claim
    assert first in listed(clock.now() + timedelta(minutes=16), me.id)  # the lease ran out
    queue.release(db, other, clock, (_task_of(db, first),))
    assert first in listed(clock.now(), me.id)


def _task_of(database, member_id: int) -> int:
    with database.session() as s:
        return s.scalar(select(FollowUpTask.id).where(FollowUpTask.member_id == member_id))


def test_the_build_leaves_every_member_ranked_and_none_dirty(db, clock):
    with db.session(write=True) as s:
        product = make_product(s)
        for i in range(5):
            m = make_member(s, at=clock.now() - timedelta(days=200), phone=f"+861381234000{i}")
            make_order(s, m, product, ordered_at=clock.now() - timedelta(days=28 + i))
    queue.build_queue(db, SYSTEM, clock)
    with db.session() as s:
        open_members = set(s.scalars(select(FollowUpTask.member_id).where(FollowUpTask.status == "open")))
        ranked = set(s.scalars(select(QueueRank.member_id)))
    assert open_members and ranked == open_members
    assert _dirty(db) == set()



def test_an_owners_reserved_members_come_first_through_the_stored_rank(db, clock, monkeypatch):
    """Members reserved for their care manager carry the owner's bonus: the stored bound must too."""
    rng = random.Random(3)
    members = [{"tier": "gold", "zone": "Asia/Shanghai", "best_times": "", "calls_hours_ago": [], "urgent": False,
                "do_not_call": False,
                "tasks": [{"reason": "refill", "priority": rng.choice([40, 60, 100, 127]),
                           "due_hours_ago": rng.randint(0, 400), "assigned": rng.choice([None, "me"]),
                           "reserved": True, "claimed_by_other": False}]} for _ in range(40)]
    _check_same_queue(db, clock, monkeypatch, members, later_days=0, changed=0)


def test_the_trigger_marks_exactly_the_changed_members_of_small_and_large_updates_in_one_transaction(db, clock):
    """On PostgreSQL the trigger runs its cached plan for small statements and plans large
    ones (over 100 rows) afresh (migration 0022_rank_trigger_planned): a transaction's
    one-row updates, then two of 109 rows, each mark the members whose bound moved and no
    others."""
    task = {"reason": "refill", "priority": 60, "due_hours_ago": 2, "assigned": None, "reserved": False,
            "claimed_by_other": False}
    _world(db, clock, [{"tier": "standard", "zone": "Asia/Shanghai", "best_times": "", "calls_hours_ago": [],
                        "urgent": False, "do_not_call": False, "tasks": [task]} for _ in range(230)])
    with db.session(write=True) as s:
        rank_store.rerank(s.connection(), clock.now())
        tasks = s.execute(select(FollowUpTask.id, FollowUpTask.member_id).order_by(FollowUpTask.id)).all()
    expected = set()
    with db.session(write=True) as s:
        for i, (tid, member_id) in enumerate(tasks[:12]):  # one statement each
            change = {"priority": FollowUpTask.priority + 1} if i % 3 == 0 else {"why": f"note {i}"}
            s.execute(update(FollowUpTask).where(FollowUpTask.id == tid).values(**change))
            expected |= {member_id} if i % 3 == 0 else set()
        many = [tid for tid, _ in tasks[12:]]
        s.execute(update(FollowUpTask).where(FollowUpTask.id.in_(many[::2])).values(priority=FollowUpTask.priority + 2))
        s.execute(update(FollowUpTask).where(FollowUpTask.id.in_(many[1::2])).values(why="reworded"))
        expected |= {member_id for tid, member_id in tasks[12:] if tid in set(many[::2])}
    assert _dirty(db) == expected and len(expected) == 4 + 109


def test_members_out_of_their_best_slot_are_not_scored_for_the_bonus_they_cannot_have(db, clock, monkeypatch):
    """At 10:00 the evening's best-slot members carry a bonus in their stored bound that they
    cannot have now: claim_next scores one first batch of the members who really come first,
    not one of them and then another."""
    def member(best_times: str, priority: int) -> dict:
        return {"tier": "standard", "zone": "Asia/Shanghai", "best_times": best_times, "calls_hours_ago": [],
                "urgent": False, "do_not_call": False,
                "tasks": [{"reason": "refill", "priority": priority, "due_hours_ago": 24, "assigned": None,
                           "reserved": False, "claimed_by_other": False}]}
    # Loose by the slot's bonus: bound above every plain member's, score below.
    evening = [member("19:00-21:00", 98) for _ in range(rank_module.CLAIM_READ * 2)]
    plain = [member("", 100) for _ in range(rank_module.CLAIM_READ * 2)]
    _clear(db)
    me = _world(db, clock, evening + plain)
    with db.session(write=True) as s:
        rank_store.rerank(s.connection(), clock.now())
    with db.session() as s:
        best_times = {m: b for m, b in s.execute(select(Member.id, Member.best_times))}
    batches = []
    scored = rank_module._items

    def counted(*args, **kwargs):
        if not kwargs.get("take"):  # the take's own read of its member again (SQLite) is not ranking
            batches.append(list(args[3]))
        return scored(*args, **kwargs)
    monkeypatch.setattr(rank_module, "_items", counted)
    taken = queue.claim_next(db, me, clock)
    assert taken is not None and best_times[taken.member_id] == ""
    assert len(batches) == 1 and all(best_times[m] == "" for m in batches[0])
