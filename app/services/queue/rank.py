"""Ranking a queue: every due member scored by the database, best first, then the exact
score, the members held back (another agent's live claim, consent, the contact cap, the
minimum gap) and each member's reasons and one-line why worked out here.

Shared by show_queue and claim_next; runs inside the caller's session.
"""

import heapq
import json
from collections import defaultdict, namedtuple
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from datetime import date, datetime

from sqlalchemy import (
    BigInteger, Integer, String, Text, and_, any_, bindparam, case, cast, func, literal, literal_column, not_, or_, select,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from app.data.base import UTCDateTime
from app.data.claims import held_by_other
from app.data.tables import OPEN_TASK, Call, FollowUpTask, Member, Ticket, User
from app.domain.attempts import CONTACT
from app.domain.clock import Clock
from app.domain.claims import is_live_claim, reservation_live, reserved_for_other, task_held_by_other
from app.domain.codes import TaskReason
from app.domain.compliance import refusal
from app.domain.phone import mask
from app.domain.priority import (
    BEST_SLOT, CALLBACK_DUE, LATENESS_CAP, LATENESS_PER_DAY, OWNER_BONUS, SECONDARY_REASON_SHARE, URGENT_COMPLAINT,
    TaskView, live_score, reason_text, why_line,
)
from app.domain.queue_settings import QueueSettings
from app.services.compliance import Door, contacts_since, facts_from_rows, member_window, pressure_of
from app.services.queue.rank_store import FirstRead, candidates, level_order



@dataclass(frozen=True)
class QueueItem:
    """One member to call now, with every open reason; plain data for the UI and the CLI."""

    task_id: int  # the primary (highest-priority) task
    task_ids: tuple[int, ...]
    member_id: int
    member_external_id: str
    member_name: str
    phone_masked: str
    reasons: tuple[str, ...]
    score: int
    why: str
    due_at: datetime
    attempts: int
    member_local_time: datetime
    window_open: bool
    tier: str
    claimed_by: int | None
    owned: bool = False  # offered to this agent alone (own VIP / own callback)
    callback_due: bool = False  # an alert for the agent: a booked callback has come due
    # PostgreSQL: (from when contacts were read, the row versions of the member's open tasks
    # as the ranking read them); claim_next takes the member without reading them again
    # if still the same.
    row_versions: tuple | None = field(default=None, compare=False, repr=False)

    def as_json(self) -> dict:
        return {
            "task_id": self.task_id, "task_ids": list(self.task_ids), "member_id": self.member_id,
            "member_external_id": self.member_external_id, "member_name": self.member_name,
            "phone_masked": self.phone_masked, "reasons": list(self.reasons), "score": self.score,
            "why": self.why, "due_at": self.due_at.isoformat(), "attempts": self.attempts,
            "member_local_time": self.member_local_time.isoformat(timespec="minutes"),
            "window_open": self.window_open, "tier": self.tier, "claimed_by": self.claimed_by,
            "owned": self.owned, "callback_due": self.callback_due,
        }


# One ranking over every due member (issue 12): each member's score worked out by the
# database from the member's eligible, due tasks, mirroring app.domain.priority.live_score
# (all but the best-slot bonus, which needs the member's local time). Rows come best-first;
# the exact score is then computed in Python and the order is final once no unread member
# can beat it (its SQL score plus SLACK).
_NOW = bindparam("now", type_=UTCDateTime())
_AGENT = bindparam("agent", type_=Integer())
ROUNDING = 0.51  # live_score rounds to the nearest point
FIRST_READ = 128  # the most candidates a first batch scores (tests set 1: every bound counts)
CLAIM_READ = 8  # claim_next wants one member: a small first batch, growing if it is taken


@lru_cache(maxsize=8)
def _rank_query(dialect: str, restricted: bool = False):
    """Built once per dialect with bound parameters only, so the driver caches it;
    `restricted`: only the members of `:only` (an array on PostgreSQL, JSON on SQLite)."""
    t = FollowUpTask
    top = func.max(t.priority)
    if dialect == "sqlite":
        days_late = func.julianday(_NOW) - func.julianday(func.min(t.due_at))
        least = func.min
    else:
        days_late = func.extract("epoch", _NOW - func.min(t.due_at)) / 86400.0
        least = func.least
    urgent = select(Ticket.id).where(Ticket.member_id == t.member_id, Ticket.status != "resolved",
                                     Ticket.severity == "urgent").exists()
    score = (top + SECONDARY_REASON_SHARE * (func.sum(t.priority) - top)
             + least(float(LATENESS_CAP), float(LATENESS_PER_DAY) * days_late)
             + CALLBACK_DUE * func.max(case((t.reason == TaskReason.CALLBACK.value, 1), else_=0))
             + OWNER_BONUS * func.max(case((and_(t.assigned_agent_id == _AGENT, or_(
                 t.owner_only_until.is_(None), t.owner_only_until > _NOW)), 1), else_=0))
             + URGENT_COMPLAINT * case((urgent, 1), else_=0))
    # What Python may still add: the best-slot bonus (members with best times only) and rounding.
    upper = (score + BEST_SLOT * func.max(case((Member.best_times != "", 1), else_=0)) + ROUNDING).label("upper")
    query = select(t.member_id, upper, func.min(t.due_at).label("due")).join(Member, Member.id == t.member_id)
    if restricted:
        if dialect == "postgresql":
            query = query.where(t.member_id == any_(bindparam("only", type_=ARRAY(BigInteger()))))
        else:
            only = func.json_each(bindparam("only", type_=String())).table_valued("value")
            query = query.where(t.member_id.in_(select(only.c.value)))
    return (query
            .where(OPEN_TASK, not_(held_by_other(_AGENT, _NOW)), t.due_at <= _NOW,
                   or_(t.not_before.is_(None), t.not_before <= _NOW), or_(t.due_until.is_(None), t.due_until > _NOW),
                   # not reserved for another owner (app.domain.claims.reserved_for_other)
                   or_(t.assigned_agent_id.is_(None), t.assigned_agent_id == _AGENT, t.owner_only_until <= _NOW))
            .group_by(t.member_id)
            .order_by(upper.desc(), t.member_id))


def sort_key(item: "QueueItem | _Scored") -> tuple:
    """The queue's one order: in-window first, best score, earliest due, then member id."""
    return (not item.window_open, -item.score, item.due_at, item.member_id)


@dataclass(slots=True)
class _Scored:
    """A member scored exactly, with what its QueueItem is made of: the item (its reasons'
    texts, the why line) is built only for the members that are yielded."""

    window_open: bool
    score: int
    due_at: datetime
    member_id: int
    parts: tuple


class _Peek:
    """The candidates stream (in rank_store.level_order) with a look at the next row."""

    def __init__(self, rows: Iterator[tuple[int, float, datetime | None]]):
        self._rows, self._next = rows, None

    def peek(self) -> tuple | None:
        """The next unread row (no unread row comes before it in level order), None at the end."""
        if self._next is None:
            self._next = next(self._rows, None)
        return self._next

    def may_beat(self, top: _Scored) -> bool:
        """Whether any unread member could come before `top` in the queue: only if the next
        row could, as the rows after it come later in level order."""
        row = self.peek()
        return row is not None and _may_beat(row, top)

    def take(self, n: int, *, beating: _Scored | None = None) -> list[tuple[int, float, datetime | None]]:
        """The next `n` rows and any more that could come before `beating`."""
        out = []
        while self.peek() is not None and (len(out) < n or (beating is not None and self.may_beat(beating))):
            out.append(self._next)
            self._next = None
        return out

    def close(self) -> None:
        self._rows.close()


def _may_beat(row: tuple, top: _Scored) -> bool:
    """Whether a candidate not scored yet could come before `top` in the queue's order: a
    score is a whole number at most the bound, and the due time given is at or before the
    member's earliest due task (sort_key's tie-break): its place in level order comes first."""
    return level_order(row) < (-top.score, top.due_at, top.member_id)


def by_tightened(rows: Generator[tuple, None, None], tighten: Callable[[tuple], tuple]) -> Iterator[tuple]:
    """Candidates that come in level order, in level order of their bounds as `tighten`
    lowers them (it never raises one): no unread row comes before the last row read, so the
    rows read are given, best first, up to that row's place. Scoring members out of their
    best slot for the bonus they cannot have cost a claim a whole batch once the top of the
    queue was worked off."""
    held: list[tuple[tuple, tuple]] = []
    try:
        for row in rows:
            tight = tighten(row)
            heapq.heappush(held, (level_order(tight), tight))
            place = level_order(row)
            while held and held[0][0] <= place:
                yield heapq.heappop(held)[1]
        while held:
            yield heapq.heappop(held)[1]
    finally:
        rows.close()  # the aggregate's stream, if it was read


def _tightened(row: tuple, clock: Clock, settings: QueueSettings, now: datetime) -> tuple:
    """A stored candidate's bound without the best-slot bonus when the member is not in their
    best slot now (the stored bound holds it for every member with best times): the same
    window and local time live_score is given (compliance.member_window)."""
    member_id, upper, due, where = row
    if not where or not where[3]:
        return row
    timezone, phone_e164, region, best_times = where
    zone, window = member_window(_Where(timezone, phone_e164, region, best_times), clock, settings)
    if window.in_best(now.astimezone(zone)):
        return row
    return member_id, upper - BEST_SLOT, due, where


@dataclass(frozen=True, slots=True)
class _Where:
    timezone: str | None
    phone_e164: str | None
    region: str | None
    best_times: str | None


def first_page(first_read: int) -> int:
    """The rows the candidates' first read takes from each index for a first batch of
    `first_read` (twice the batch: the stored bounds are a few points loose)."""
    return 2 * max(1, min(first_read, FIRST_READ))


def iter_ranked(session: Session, clock: Clock, settings: QueueSettings, *, agent_id: int | None,
                skip: set[int] | None = None, lang: str = "zh", first_read: int = 32, own_claims: bool = True,
                first_rows: FirstRead | None = None) -> Iterator[QueueItem]:
    """Every due member the agent may call, in the queue's final order, read lazily: show
    takes the first `limit`, claim_next the first it can lock. Same order for both;
    `first_read` (how many candidates the first batch scores) changes only the cost, and
    `own_claims=False` leaves out the members the agent holds (claim_next: someone new).
    `first_rows`: the candidates' first read, made by the caller (rank_store.first_read, its
    page first_page(first_read))."""
    now = clock.now()
    conn = session.connection()
    dialect = conn.dialect.name
    skip = set(skip or ())
    pending: list[_Scored] = []
    # Candidates read but not scored: none of them can come before pending[0] (_may_beat).
    # Members of equal whole points come earliest due first: a plateau is read only up to
    # the first member that could not beat the top.
    waiting: list[tuple[int, float, datetime | None]] = []
    first = max(1, min(first_read, FIRST_READ))
    # Members best-first by an upper bound of their score (the stored rank, rank_store),
    # scored exactly here in batches.
    found = _Peek(by_tightened(candidates(conn, now, _rank_query(dialect), _rank_query(dialect, restricted=True),
                                          {"now": now, "agent": agent_id}, own_claims=own_claims,
                                          page=first_page(first_read), first=first_rows),
                               lambda row: _tightened(row, clock, settings, now)))
    batch = first
    try:
        rows = found.take(batch)
        while True:
            fresh = [row[0] for row in rows if row[0] not in skip]
            if fresh:
                pending.extend(_items(session, clock, settings, fresh, agent_id=agent_id, lang=lang,
                                      own_claims=own_claims, now=now))
                pending.sort(key=sort_key)
            rows = []
            while pending and pending[0].window_open:
                top = pending[0]
                # Rows come in level order: no unread member can beat the next row's place.
                if found.may_beat(top):
                    # Read those that could beat it (and half a first batch, so a long list
                    # is few reads).
                    waiting.extend(found.take(first // 2, beating=top))
                rows = [row for row in waiting if _may_beat(row, top)]
                if rows:
                    waiting = [row for row in waiting if not _may_beat(row, top)]
                    break  # score them first
                yield _item(pending.pop(0), clock, lang)
            if rows:
                continue
            if found.peek() is None:
                if waiting:
                    rows, waiting = waiting, []
                    continue
                yield from (_item(s, clock, lang) for s in pending)
                return
            # No member in their calling window yet: score more, the waiting ones first.
            if waiting:
                rows, waiting = waiting, []
            else:
                batch *= 2
                rows = found.take(batch)
    finally:
        found.close()


def rank(session: Session, clock: Clock, settings: QueueSettings, *, agent_id: int | None, limit: int,
         skip: set[int] | None = None, lang: str = "zh") -> list[QueueItem]:
    """The agent's queue now, best first; out-of-window members come after in-window ones."""
    # The stored bounds are a few points loose: half as many again is usually one read.
    first = limit + limit // 2 + 1
    return list(islice(iter_ranked(session, clock, settings, agent_id=agent_id, skip=skip, lang=lang,
                                   first_read=first), limit))


def _items(session: Session, clock: Clock, settings: QueueSettings, member_ids: list[int], *,
           agent_id: int | None, lang: str, own_claims: bool = True, take: bool = False,
           now: datetime | None = None) -> list[_Scored]:
    """The members' queue items, each scored exactly; those the agent may not call now are
    left out. `own_claims=False`: also those the agent holds. `take`: claim_next's read of
    the member it is about to claim, at its own door (the calling window refuses too): on
    PostgreSQL it locks the member and their open tasks and leaves out a member whose row
    or any task row another transaction holds (a claimer never waits: it moves on). `now`:
    the ranking's one instant (its bounds were tightened at it)."""
    now = now or clock.now()
    # Plain rows on the connection, not ORM objects, from statements built once (the id
    # list is one parameter): this runs on every show and every claim.
    conn = session.connection()
    tasks_of, contacts_of, member_row, task_row = _lookups(conn.dialect.name, lock=take)
    # Whole results in one fetch, not a fetch per row: each open task with its member's
    # columns (a member without open tasks has nothing to call), split by position.
    members: dict[int, tuple] = {}
    tasks_by_member: dict[int, list] = defaultdict(list)
    width = len(member_row._fields)
    read = {"ids": member_ids, "since": contacts_since(settings, now)}
    for row in conn.execute(tasks_of, read).all():
        task = task_row._make(row[width:])
        if task.member_id not in members:
            members[task.member_id] = member_row._make(row[:width])
        tasks_by_member[task.member_id].append(task)
    contacts: dict[int, list[datetime]] = defaultdict(list)
    if contacts_of is None:  # PostgreSQL: the members' rows hold them
        contacts.update((mid, member.contacts) for mid, member in members.items())
    else:
        for mid, at in conn.execute(contacts_of, read).all():
            contacts[mid].append(at)

    out: list[_Scored] = []
    pressure = pressure_of(settings)
    door, any_window = (Door.CLAIM_NEXT, False) if take else (Door.LIST, True)
    for mid in member_ids:
        member = members.get(mid)
        all_tasks = tasks_by_member.get(mid, [])
        if member is None or any(task_held_by_other(t, agent_id=agent_id, now=now) for t in all_tasks):
            continue  # another agent is on this member right now
        if take and all_tasks and len(all_tasks) != all_tasks[0].open_count:
            continue  # another transaction holds some of the member's tasks
        tasks = [t for t in all_tasks if eligible(t, agent_id, now)]
        if not tasks:
            continue
        urgent = bool(member.urgent)
        # The doors' one check (consent, reservation, contact cap and gap); in the list the
        # calling window is not a refusal but the queue's first sort key (window_open).
        facts = facts_from_rows(member, all_tasks, contacts.get(mid, []), urgent=urgent, agent_id=agent_id,
                                now=now, clock=clock, settings=settings)
        if not own_claims and facts.holds_claim:
            continue  # claim_next wants someone new
        if refusal(facts, door=door, agent_id=agent_id, now=now, pressure=pressure,
                   override_window=any_window) is not None:
            continue
        window, local = facts.window, facts.local_now
        tasks.sort(key=lambda t: (-t.priority, t.due_at, t.id))  # the id: the same order from any read
        views = [TaskView(t.reason, t.priority, t.due_at, t.why) for t in tasks]
        owned = agent_id is not None and any(
            t.assigned_agent_id == agent_id and reservation_live(t.owner_only_until, now)
            for t in tasks)
        score = live_score(views, now=now, in_best_slot=window.in_best(local), owned=owned,
                           urgent_complaint=urgent)
        out.append(_Scored(window.is_open(local), score, min(t.due_at for t in tasks), mid,
                           (member, tasks, local, owned, urgent, now, _versions(all_tasks, read["since"]))))
    return out


def _item(scored: _Scored, clock: Clock, lang: str) -> QueueItem:
    member, tasks, local, owned, urgent, now, versions = scored.parts
    phrases = [reason_text(t.reason, _live_detail(t, clock), lang=lang) for t in tasks]
    return QueueItem(
        task_id=tasks[0].id, task_ids=tuple(t.id for t in tasks), member_id=scored.member_id,
        member_external_id=member.external_id, member_name=member.name, phone_masked=_masked(member.phone_e164),
        reasons=tuple(dict.fromkeys(t.reason for t in tasks)), score=scored.score,
        why=why_line(phrases, tier=member.tier, urgent_complaint=urgent,
                     severe_reaction=bool(member.medical_flag), lang=lang),
        due_at=scored.due_at, attempts=max(t.attempts for t in tasks),
        member_local_time=local, window_open=scored.window_open, tier=member.tier,
        claimed_by=next((t.claimed_by_id for t in tasks if is_live_claim(t.status, t.lease_until, now)), None),
        owned=owned, callback_due=any(t.reason == TaskReason.CALLBACK for t in tasks), row_versions=versions,
    )


def _versions(tasks, since: datetime) -> tuple | None:
    """What the take compares under lock (PostgreSQL): the instant the contacts were read
    from and each open task's row version, which holds its member's too (_row_version);
    None on SQLite."""
    if not tasks or getattr(tasks[0], "row_version", None) is None:
        return None
    return since, tuple(f"{t.id} {t.row_version}" for t in sorted(tasks, key=lambda t: t.id))


def take_item(session: Session, clock: Clock, settings: QueueSettings, ranked: QueueItem, *,
              agent_id: int, lang: str) -> QueueItem | None:
    """The member claim_next is about to take, read again under lock at the claim's door:
    None when another transaction holds them or the door refuses now. (PostgreSQL first
    tries the take that compares instead, app.services.queue.claims.)"""
    found = _items(session, clock, settings, [ranked.member_id], agent_id=agent_id, lang=lang,
                   own_claims=False, take=True)
    return _item(found[0], clock, lang) if found else None


def versions_under_lock():
    """PostgreSQL: the open tasks of `:member` locked with their member (SKIP LOCKED), each
    with the row version the ranking read (_row_version, at the same `:since`) and how many
    open tasks the member has, locked or not."""
    t = FollowUpTask
    return (select(t.id, _row_version().label("row_version"), _open_count().label("open_count"))
            .join_from(t, Member, Member.id == t.member_id)
            .where(t.member_id == bindparam("member", type_=BigInteger()), OPEN_TASK)
            .with_for_update(skip_locked=True, of=(Member, FollowUpTask)))


# The detail as its stored JSON text: parsed for the members shown or taken only, not for
# every member scored.
_TASK_COLUMNS = (
    FollowUpTask.id, FollowUpTask.member_id, FollowUpTask.reason, FollowUpTask.status, FollowUpTask.priority,
    FollowUpTask.why, cast(FollowUpTask.detail, Text).label("detail"), FollowUpTask.due_at, FollowUpTask.due_until,
    FollowUpTask.not_before, FollowUpTask.attempts, FollowUpTask.assigned_agent_id, FollowUpTask.owner_only_until,
    FollowUpTask.claimed_by_id, FollowUpTask.lease_until,
)
_MEMBER_COLUMNS = (
    Member.id, Member.external_id, Member.name, Member.phone_e164, Member.timezone, Member.region,
    Member.best_times, Member.consent, Member.do_not_call, Member.tier, Member.medical_flag,
)


_SINCE = bindparam("since", type_=UTCDateTime())


# A contact's dispositions as plain bound values: a list given to in_() is expanded into the
# statement's text again on every execution (two of a claim's statements).
_CONTACTED = Call.disposition.in_([literal(value) for value in sorted(CONTACT)])


def _recent_contacts(member_id):
    """The member's contacts since `:since` (the cap's period or the gap, whichever is longer)."""
    return select(Call.started_at).where(Call.member_id == member_id, Call.started_at >= _SINCE, _CONTACTED)


@lru_cache(maxsize=4)
def _lookups(dialect: str, *, lock: bool = False) -> tuple:
    """The per-member reads and the row types the first is split into, built once per
    dialect: each open task with its member's columns (on PostgreSQL also the member's
    recent contacts, as an array, and each row's version), and, on SQLite, which has no
    arrays, the recent contacts in a read of their own (None on PostgreSQL). PostgreSQL
    takes the ids as ONE array parameter (`= ANY(:ids)`): the statement text is the same
    whatever the number of ids, so psycopg prepares it once, where an expanded IN list is a
    new statement per length. SQLite: an expanding IN list (its statements are cheap to
    prepare). `lock`: FOR UPDATE SKIP LOCKED (PostgreSQL; SQLite's write transaction
    already excludes every other writer)."""
    postgres = dialect == "postgresql"
    if postgres:
        ids = bindparam("ids", type_=ARRAY(BigInteger()))

        def among(col):
            return col == any_(ids)
    else:
        ids = bindparam("ids", expanding=True)

        def among(col):
            return col.in_(ids)
    urgent = select(Ticket.id).where(Ticket.member_id == Member.id, Ticket.status != "resolved",
                                     Ticket.severity == "urgent").exists()
    member_columns = [*_MEMBER_COLUMNS, urgent.label("urgent")]
    task_columns = [*_TASK_COLUMNS]
    if postgres:
        member_columns.append(func.array(_recent_contacts(Member.id).order_by(Call.started_at)
                                         .scalar_subquery()).label("contacts"))
        # What take_item compares under lock: everything the door reads of the member and
        # the task row's version (xmin, which every write changes).
        task_columns.append(_row_version().label("row_version"))
    if lock:
        task_columns.append(_open_count().label("open_count"))
    tasks = (select(*member_columns, *task_columns).join_from(FollowUpTask, Member, Member.id == FollowUpTask.member_id)
             .where(among(FollowUpTask.member_id), OPEN_TASK))
    if lock:  # a member row or a task row another transaction holds is left out
        tasks = tasks.with_for_update(skip_locked=True, of=(Member, FollowUpTask))
    contacts = None if postgres else select(Call.member_id, Call.started_at).where(
        among(Call.member_id), Call.started_at >= _SINCE, _CONTACTED)
    return (
        tasks, contacts,
        namedtuple("MemberRow", [c.key for c in member_columns]),
        namedtuple("TaskRow", [c.key for c in task_columns]),
    )


def _open_count():
    """How many open tasks the member has, locked or not (the unqualified OPEN_TASK names
    the subquery's own rows): fewer rows locked than that means someone holds some."""
    mine = FollowUpTask.__table__.alias("mine")
    return (select(func.count()).select_from(mine).where(mine.c.member_id == FollowUpTask.member_id, OPEN_TASK)
            .scalar_subquery())


def _row_version():
    """PostgreSQL: one task row's version with its member's, as text: the member's columns
    the doors read (team mode reads members through a view, which has no xmin), an open
    urgent complaint, the recent contacts, and the task row's xmin."""
    urgent = select(Ticket.id).where(Ticket.member_id == Member.id, Ticket.status != "resolved",
                                     Ticket.severity == "urgent").exists()
    contacts = func.array(_recent_contacts(Member.id).order_by(Call.started_at).scalar_subquery())
    return cast(tuple_(*_MEMBER_COLUMNS, urgent, contacts, literal_column("follow_up_tasks.xmin::text")), Text)


@lru_cache(maxsize=65536)
def _masked(e164: str | None) -> str:
    return mask(e164)


def eligible(t, agent_id: int | None, now: datetime) -> bool:
    """A task this agent may take into a call now: due, not held by someone else, not
    reserved for another owner."""
    if task_held_by_other(t, agent_id=agent_id, now=now):
        return False
    if t.due_at > now or (t.not_before is not None and t.not_before > now):
        return False
    if t.due_until is not None and t.due_until <= now:
        return False
    return not reserved_for_other(t.assigned_agent_id, t.owner_only_until, agent_id=agent_id, now=now)


def _live_detail(t, clock: Clock) -> dict:
    """The stored detail with what changes by the day (days left) worked out for today."""
    detail = json.loads(t.detail) if t.detail else {}
    detail = detail if isinstance(detail, dict) else {}
    runout = detail.get("runout")
    if runout:
        detail["days_left"] = (date.fromisoformat(runout) - clock.today()).days
    if t.reason == TaskReason.CALLBACK:
        detail.setdefault("at_local", t.due_at.astimezone(clock.tz).strftime("%H:%M"))
    if t.reason == TaskReason.CHURN_RISK and detail.get("last_purchase"):
        # The silence grows every day the flag stays: churn risk, then win-back once lost.
        detail["days_since"] = (clock.today() - date.fromisoformat(detail["last_purchase"])).days
        if detail.get("lost_from") and clock.today() >= date.fromisoformat(detail["lost_from"]):
            detail["stage"] = "lost"
    return detail


def agent_name(session: Session, user_id: int | None) -> str | None:
    return None if user_id is None else session.scalar(select(User.username).where(User.id == user_id))


__all__ = ["CLAIM_READ", "QueueItem", "first_page", "rank", "iter_ranked", "sort_key", "eligible", "take_item",
           "versions_under_lock"]
