"""Claiming the queue: the next member, a chosen task, release and lease renewal.

A claim takes all of one member's open, due tasks under a lease so no two agents ever
get the same member: on PostgreSQL the member row is taken with FOR UPDATE SKIP LOCKED
(concurrent claimers move on to the next member instead of waiting; claim_next also skips a
member any of whose task rows another transaction holds); on SQLite the whole claim is one
single-writer transaction (db.session(write=True)). claim_next ranks outside any write: on
PostgreSQL its reads run without a transaction and one statement locks, compares and claims
(_take_unchanged); when something changed since the ranking, or on SQLite, the take is a
write transaction of its own that reads the member again.
"""

from dataclasses import replace
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import BigInteger, Text, and_, any_, bindparam, cast, func, literal, select, update
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by
from sqlalchemy.orm import Session

from app.data.base import UTCDateTime
from app.data.change_events import notifying, written_when
from app.data.claims import held_by_other
from app.data.telephony import STATE_NOW
from app.data.tables import OPEN_TASK, FollowUpTask, Member
from app.data.uow import Database
from app.domain.agent_states import takes_claims
from app.domain.clock import Clock
from app.domain.claims import held_by_other as held_by_other_task
from app.domain.claims import reserved_for_other, task_held_by_other
from app.domain.codes import OPEN_TASK_STATUSES, TaskStatus
from app.domain.compliance import Refusal, Rule
from app.domain.queue_settings import QueueSettings
from app.services.audit import announce, announcement
from app.services.users import Actor, Permission, require
from app.services.compliance import CallRefused, Door, ensure_call_allowed
from app.services.errors import Conflict, NotFound
from app.services.settings import STORED_TEXT, queue_settings, settings_from_stored
from app.services.telephony.agents import may_take_claims
from app.services.queue.rank import (
    CLAIM_READ, QueueItem, eligible, first_page, iter_ranked, take_item, versions_under_lock,
)
from app.services.queue.rank_store import first_read


def claim_next(db: Database, actor: Actor, clock: Clock, *, lease: timedelta | None = None,
               settings: QueueSettings | None = None, lang: str = "zh") -> QueueItem | None:
    """Atomically take the first member of the agent's queue as show_queue lists it (the same
    ranking, the same ties) whose calling window is open now; None when there is none."""
    require(actor, Permission.WORK_QUEUE)
    # PostgreSQL: each read is its own statement, as READ COMMITTED snapshots them anyway,
    # and the take commits itself: no BEGIN and COMMIT round trips, no lock held across one;
    # the statements are planned once for any values (Database.session's `claiming`).
    with db.session(claiming=True) as session:
        return _claim_next(db, session, actor, clock, lease=lease, settings=settings, lang=lang)


def _claim_next(db: Database, session: Session, actor: Actor, clock: Clock, *, lease: timedelta | None,
                settings: QueueSettings | None, lang: str) -> QueueItem | None:
    now = clock.now()
    # The agent's state and the queue's settings come with the candidates' first read.
    first, (state, stored) = first_read(session.connection(), now, actor.id, own_claims=False,
                                        page=first_page(CLAIM_READ), header=_STATE_AND_SETTINGS,
                                        header_params={"name": "queue"})
    if actor.id is not None and not takes_claims(state):
        return None  # a paused agent is given no new work
    settings = settings or settings_from_stored("queue", stored)
    until = now + (lease or settings.lease)
    for item in iter_ranked(session, clock, settings, agent_id=actor.id, lang=lang,
                            first_read=CLAIM_READ, own_claims=False, first_rows=first):
        if not item.window_open:
            return None  # the rest of the queue is outside its calling hours too
        if item.row_versions is not None:
            taken = _take_unchanged(session, actor, clock, item, until)
            if taken is not None:
                if taken:
                    return replace(item, claimed_by=actor.id)
                continue  # another agent is claiming this member right now
        # The take's own write transaction (on SQLite the single write lock is held for
        # the take only, not the ranking, so a waiting writer gets its turn): read again
        # under lock, at the claim's door, the facts as they are now.
        with db.session(write=True) as writing:
            taken = take_item(writing, clock, settings, item, agent_id=actor.id, lang=lang)
            if taken is None:
                continue  # another agent is claiming this member right now, or the door refuses now
            writing.execute(_take_statement(writing.get_bind().dialect.name),
                            {"ids": list(taken.task_ids), "agent": actor.id, "until": until})
            announce(writing, actor, clock, topic="queue", entity_id=taken.member_id)
            return replace(taken, claimed_by=actor.id)
    return None


# The agent's state and the queue's stored settings: every claim_next reads both, with the
# candidates' first read (rank_store.first_read's header row).
_STATE_AND_SETTINGS = select(STATE_NOW.scalar_subquery().label("state"), STORED_TEXT.scalar_subquery().label("stored"))


def _take_unchanged(session: Session, actor: Actor, clock: Clock, item: QueueItem, until: datetime) -> bool | None:
    """PostgreSQL: lock the member and their open tasks and, if their rows are as the
    ranking read them, claim the tasks and write the change row, all in one statement (the
    same facts passed the list's door, which refuses all the claim's does but the calling
    window, and claim_next takes only in-window members). True: claimed; False: another
    transaction holds the member or some of their tasks; None: something changed, so the
    door must look again."""
    since, versions = item.row_versions
    # Core, not the ORM session: plain rows, without the ORM's work on every statement.
    locked, open_count, claimed, _written = session.connection().execute(_take_unchanged_statement(notifying()), {
        "member": item.member_id, "since": since, "versions": list(versions), "ids": list(item.task_ids),
        "agent": actor.id, "until": until, **announcement(actor, clock, topic="queue", entity_id=item.member_id),
    }).one()
    if claimed:
        return True
    if not locked or locked != open_count:
        return False
    return None


@lru_cache(maxsize=2)
def _take_unchanged_statement(notify: bool):
    t = FollowUpTask
    locked = versions_under_lock().cte("locked")
    # The versions in the order _versions gives them (by task id), as text.
    seen = func.array_agg(aggregate_order_by(cast(locked.c.id, Text).concat(" ").concat(locked.c.row_version),
                                             locked.c.id))
    unchanged = (select(literal(1)).select_from(locked)
                 .having(and_(func.count() == func.max(locked.c.open_count),
                              seen == bindparam("versions", type_=ARRAY(Text()))))
                 .exists())
    claimed = (update(t).where(t.id == any_(bindparam("ids", type_=ARRAY(BigInteger()))), unchanged)
               .values(**_CLAIMED).returning(t.id).cte("claimed"))
    return select(select(func.count()).select_from(locked).scalar_subquery().label("locked"),
                  select(func.max(locked.c.open_count)).scalar_subquery().label("open_count"),
                  select(func.count()).select_from(claimed).scalar_subquery().label("claimed"),
                  written_when(select(claimed.c.id).exists(), notify=notify).label("written"))


@lru_cache(maxsize=4)
def _take_statement(dialect: str):
    """The claim's UPDATE, built once per dialect (the ids: one array on PostgreSQL)."""
    if dialect == "postgresql":
        which = FollowUpTask.id == any_(bindparam("ids", type_=ARRAY(BigInteger())))
    else:
        which = FollowUpTask.id.in_(bindparam("ids", expanding=True))
    return update(FollowUpTask).where(which).values(**_CLAIMED).execution_options(synchronize_session=False)


# What a claim writes on each task (`:agent` takes it until `:until`).
_CLAIMED = {"status": TaskStatus.CLAIMED.value, "claimed_by_id": bindparam("agent", type_=BigInteger()),
            "lease_until": bindparam("until", type_=UTCDateTime()), "version": FollowUpTask.version + 1}


def claim_task(db: Database, actor: Actor, clock: Clock, task_id: int, *, lease: timedelta | None = None,
               settings: QueueSettings | None = None, override_window: bool = False) -> tuple[int, ...]:
    """Claim one chosen task and the member's other open, due tasks; returns the ids claimed.

    `override_window`: a supervisor's audited decision to call outside the member's hours.
    """
    require(actor, Permission.WORK_QUEUE)
    now = clock.now()
    with db.session(write=True) as session:
        if not may_take_claims(session, actor.id):
            raise Conflict("a paused agent takes no new claims; set yourself ready first")
        settings = settings or queue_settings(session)
        task = session.get(FollowUpTask, task_id)
        if task is None:
            raise NotFound(f"no task {task_id}")
        _lock_member(session, db, task.member_id, wait=True)
        session.refresh(task)
        if task.status not in OPEN_TASK_STATUSES:
            raise Conflict(f"task {task_id} is already {task.status}")
        holder = session.scalar(
            select(FollowUpTask.claimed_by_id).where(
                FollowUpTask.member_id == task.member_id, held_by_other(actor.id, now)).limit(1))
        if holder is not None:
            raise Conflict("another agent is calling this member")
        if reserved_for_other(task.assigned_agent_id, task.owner_only_until, agent_id=actor.id, now=now):
            raise CallRefused(Refusal(Rule.RESERVED, "该任务今天预留给其专属顾问",
                                      "this task is reserved for the member's own agent for now",
                                      {"owner_id": task.assigned_agent_id}))
        # consent, the calling window, the member's reservation, contact pressure: refused by name
        ensure_call_allowed(session, actor, clock, task.member_id, door=Door.CLAIM_TASK, settings=settings,
                            override_window=override_window)
        ids = _claim_member(session, clock, actor, task.member_id, now + (lease or settings.lease),
                            extra=task_id)
        announce(session, actor, clock, topic="queue", entity_id=task.member_id)
        return ids


def release(db: Database, actor: Actor, clock: Clock, task_ids) -> int:
    """Give the actor's claimed tasks back to the pool (the call was not made)."""
    require(actor, Permission.WORK_QUEUE)
    with db.session(write=True) as session:
        return _release(session, actor, clock, FollowUpTask.id.in_(list(task_ids)))


def release_all(db: Database, actor: Actor, clock: Clock) -> int:
    """At window close or sign-out: everything the actor holds goes back to the pool."""
    require(actor, Permission.WORK_QUEUE)
    with db.session(write=True) as session:
        return _release(session, actor, clock, FollowUpTask.claimed_by_id == actor.id)


def renew_lease(db: Database, actor: Actor, clock: Clock, task_ids, *, lease: timedelta | None = None,
                settings: QueueSettings | None = None) -> datetime:
    """Extend the actor's lease while the call is open; Conflict if another agent took them."""
    require(actor, Permission.WORK_QUEUE)
    now = clock.now()
    ids = list(task_ids)
    with db.session(write=True) as session:
        until = now + (lease or (settings or queue_settings(session)).lease)
        rows = session.execute(
            select(FollowUpTask.id, FollowUpTask.status, FollowUpTask.claimed_by_id, FollowUpTask.lease_until)
            .where(FollowUpTask.id.in_(ids)).with_for_update()
        ).all()
        for tid, status, holder, lease_until in rows:
            if status not in OPEN_TASK_STATUSES:
                raise Conflict(f"task {tid} is already {status}")
            if held_by_other_task(status, holder, lease_until, agent_id=actor.id, now=now):
                raise Conflict(f"task {tid} is held by another agent")
        session.execute(_take_statement(session.get_bind().dialect.name), {"ids": ids, "agent": actor.id, "until": until})
        return until


# --- helpers ------------------------------------------------------------------------------

def _lock_member(session: Session, db: Database, member_id: int, *, wait: bool) -> bool:
    """PostgreSQL: lock the member row (SKIP LOCKED unless `wait`). SQLite: the write
    transaction already excludes every other writer."""
    if db.is_embedded:
        return True
    q = select(Member.id).where(Member.id == member_id).with_for_update(skip_locked=not wait)
    return session.scalar(q) is not None


def _claim_member(session: Session, clock: Clock, actor: Actor, member_id: int, until: datetime,
                  *, extra: int | None = None) -> tuple[int, ...]:
    now = clock.now()
    tasks = session.scalars(
        select(FollowUpTask).where(FollowUpTask.member_id == member_id,
                                   OPEN_TASK)
        .order_by(FollowUpTask.id).execution_options(populate_existing=True)
    ).all()
    if any(task_held_by_other(t, agent_id=actor.id, now=now) for t in tasks):
        return ()
    ids = [t.id for t in tasks if eligible(t, actor.id, now) or t.id == extra]
    if not ids:
        return ()
    session.execute(_take_statement(session.get_bind().dialect.name), {"ids": ids, "agent": actor.id, "until": until})
    return tuple(ids)


def _release(session: Session, actor: Actor, clock: Clock, which) -> int:
    count = session.execute(
        update(FollowUpTask)
        .where(which, FollowUpTask.status == TaskStatus.CLAIMED.value, FollowUpTask.claimed_by_id == actor.id)
        .values(status=TaskStatus.OPEN.value, claimed_by_id=None, lease_until=None,
                version=FollowUpTask.version + 1)
        .execution_options(synchronize_session=False)
    ).rowcount or 0
    if count:
        announce(session, actor, clock, topic="queue")
    return count
