"""Ranking a queue: read open tasks best-first from the partial priority index, group them
by member, drop members held back (another agent's live claim, the contact cap, the
minimum gap) and score the rest with their reasons and one-line why.

Shared by show_queue and claim_next; runs inside the caller's session.
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from app.data.base import UTCDateTime
from app.data.tables import OPEN_TASK, Call, FollowUpTask, Member, Ticket, User
from app.domain.attempts import CONTACT
from app.domain.clock import Clock
from app.domain.codes import TaskReason, TaskStatus
from app.domain.phone import mask
from app.domain.priority import TaskView, live_score, reason_text, why_line
from app.domain.queue_settings import QueueSettings
from app.services.queue.ops import member_window

OWNER_BONUS = 30  # a care manager sees their own VIPs first (issue 3: ownership)
PAGE = 100
MAX_PAGES = 25


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


# The pool read best-first. Hand-written so SQLite can be told to walk the partial
# priority index (its planner otherwise prefers (status, due_at) and sorts every open
# task); the literal status list is what lets both engines match the partial index.
_POOL_SQL = """
SELECT member_id FROM follow_up_tasks {hint}
WHERE status IN ('open', 'claimed') AND due_at <= :now
  AND (not_before IS NULL OR not_before <= :now)
  AND (due_until IS NULL OR due_until > :now)
  AND (assigned_agent_id IS NULL OR assigned_agent_id = :agent OR owner_only_until <= :now)
ORDER BY priority DESC LIMIT :limit OFFSET :offset
"""


def _pool_query(hint: str):
    return text(_POOL_SQL.format(hint=hint)).bindparams(bindparam("now", type_=UTCDateTime()))


_OWN_SQL = """
SELECT member_id FROM follow_up_tasks {hint}
WHERE assigned_agent_id = :agent AND status IN ('open', 'claimed') AND due_at <= :now AND owner_only_until > :now
  AND (not_before IS NULL OR not_before <= :now)
  AND (due_until IS NULL OR due_until > :now)
ORDER BY priority DESC
"""
_OWN = text(_OWN_SQL.format(hint="")).bindparams(bindparam("now", type_=UTCDateTime()))
_OWN_SQLITE = text(_OWN_SQL.format(hint="INDEXED BY ix_follow_up_tasks_assigned_agent_id_status")).bindparams(
    bindparam("now", type_=UTCDateTime()))
_POOL = _pool_query("")
_POOL_SQLITE = _pool_query("INDEXED BY ix_follow_up_tasks_open_priority")


def _candidate_members(session: Session, agent_id: int | None, now: datetime, want: int,
                       *, skip: set[int]) -> list[int]:
    """Member ids in best-task order: the agent's own tasks first, then the pool by priority."""
    seen: dict[int, None] = {}
    sqlite = session.get_bind().dialect.name == "sqlite"
    own = session.execute(_OWN_SQLITE if sqlite else _OWN, {"now": now, "agent": agent_id}).scalars() \
        if agent_id is not None else []
    for mid in own:
        if mid not in skip:
            seen.setdefault(mid)
    base = _POOL_SQLITE if sqlite else _POOL
    for page in range(MAX_PAGES):
        rows = session.execute(base, {"now": now, "agent": agent_id, "limit": PAGE,
                                      "offset": page * PAGE}).scalars().all()
        for mid in rows:
            if mid not in skip:
                seen.setdefault(mid)
                if len(seen) >= want:
                    return list(seen)
        if len(rows) < PAGE:
            break
    return list(seen)


def rank(session: Session, clock: Clock, settings: QueueSettings, *, agent_id: int | None, limit: int,
         skip: set[int] | None = None, lang: str = "zh") -> list[QueueItem]:
    """The agent's queue now, best first; out-of-window members come after in-window ones."""
    now = clock.now()
    items: list[QueueItem] = []
    skip = set(skip or ())
    while len(items) < limit:
        # A few spare members cover the ones dropped below (held back, someone else's claim).
        want = limit + max(10, limit // 4)
        member_ids = _candidate_members(session, agent_id, now, want, skip=skip)
        if not member_ids:
            break
        items.extend(_items(session, clock, settings, member_ids, agent_id=agent_id, lang=lang))
        skip.update(member_ids)
        if len(member_ids) < want:
            break
    items.sort(key=lambda i: (not i.window_open, -i.score, i.due_at))
    return items[:limit]


# PostgreSQL claims: the classic SKIP LOCKED queue read. Each claimer locks the free task
# rows it looks at, so sixteen claimers get sixteen different candidate sets in one query
# instead of all scoring the same top members and colliding.
_PICK_PG = text("""
SELECT member_id FROM follow_up_tasks
WHERE status IN ('open', 'claimed') AND (status = 'open' OR lease_until < :now) AND due_at <= :now
  AND (not_before IS NULL OR not_before <= :now)
  AND (due_until IS NULL OR due_until > :now)
  AND (assigned_agent_id IS NULL OR assigned_agent_id = :agent OR owner_only_until <= :now)
ORDER BY priority DESC LIMIT :limit FOR UPDATE SKIP LOCKED
""").bindparams(bindparam("now", type_=UTCDateTime()))


def claim_candidates(session: Session, clock: Clock, settings: QueueSettings, *, agent_id: int | None,
                     limit: int, skip: set[int]) -> list[QueueItem]:
    """Candidates for claim_next, best first. On PostgreSQL the pool rows are read with
    FOR UPDATE SKIP LOCKED (the agent's own members first); elsewhere it is the queue itself."""
    if session.get_bind().dialect.name != "postgresql":
        return rank(session, clock, settings, agent_id=agent_id, limit=limit, skip=skip)
    now = clock.now()
    seen: dict[int, None] = {}
    if agent_id is not None:
        for mid in session.execute(_OWN, {"now": now, "agent": agent_id}).scalars():
            if mid not in skip:
                seen.setdefault(mid)
    # Rows this transaction already locked come back (SKIP LOCKED skips only others' locks).
    for mid in session.execute(_PICK_PG, {"now": now, "agent": agent_id, "limit": limit * 2 + len(skip)}).scalars():
        if mid not in skip:
            seen.setdefault(mid)
    if not seen:
        return []
    items = _items(session, clock, settings, list(seen), agent_id=agent_id, lang="zh")
    items.sort(key=lambda i: (not i.window_open, -i.score, i.due_at))
    return items


def _items(session: Session, clock: Clock, settings: QueueSettings, member_ids: list[int], *,
           agent_id: int | None, lang: str) -> list[QueueItem]:
    now = clock.now()
    # Plain rows on the connection, not ORM objects, from statements built once (the id
    # list is one expanding parameter): this runs on every show and every claim.
    conn = session.connection()
    ids = {"ids": member_ids}
    tasks_by_member: dict[int, list] = defaultdict(list)
    for task in conn.execute(_TASKS_OF, ids):
        tasks_by_member[task.member_id].append(task)
    members = {m.id: m for m in conn.execute(_MEMBERS_OF, ids)}
    contacts: dict[int, list[datetime]] = defaultdict(list)
    since = now - max(settings.cap_period, settings.min_gap)
    for mid, at in conn.execute(_CONTACTS_OF, {"ids": member_ids, "since": since}):
        contacts[mid].append(at)
    urgent = set(conn.execute(_URGENT_OF, ids).scalars())

    out: list[QueueItem] = []
    for mid in member_ids:
        member = members.get(mid)
        if member is None or not member.consent or member.do_not_call:
            continue
        all_tasks = tasks_by_member.get(mid, [])
        if any(t.status == TaskStatus.CLAIMED.value and t.claimed_by_id != agent_id
               and t.lease_until is not None and t.lease_until >= now for t in all_tasks):
            continue  # another agent is on this member right now
        tasks = [t for t in all_tasks if eligible(t, agent_id, now)]
        if not tasks:
            continue
        callback_due = any(t.reason == TaskReason.CALLBACK for t in tasks)
        calls = contacts.get(mid, [])
        in_period = sum(1 for at in calls if at >= now - settings.cap_period)
        last = max(calls, default=None)
        exempt = callback_due or mid in urgent
        if in_period >= settings.cap_calls and not exempt:
            continue  # contact cap: follow-up must never become harassment
        if last is not None and now - last < settings.min_gap and not callback_due:
            continue  # minimum gap between two calls, whatever the reason
        zone, window = member_window(member, clock, settings)
        local = now.astimezone(zone)
        tasks.sort(key=lambda t: (-t.priority, t.due_at))
        views = [TaskView(t.reason, t.priority, t.due_at, t.why) for t in tasks]
        owned = agent_id is not None and any(
            t.assigned_agent_id == agent_id and (t.owner_only_until is None or t.owner_only_until > now)
            for t in tasks)
        score = live_score(views, now=now, in_best_slot=window.in_best(local)) + (OWNER_BONUS if owned else 0)
        if mid in urgent:
            score += 80
        phrases = [reason_text(t.reason, _live_detail(t, clock), lang=lang) for t in tasks]
        out.append(QueueItem(
            task_id=tasks[0].id, task_ids=tuple(t.id for t in tasks), member_id=mid,
            member_external_id=member.external_id, member_name=member.name, phone_masked=_masked(member.phone_e164),
            reasons=tuple(dict.fromkeys(t.reason for t in tasks)), score=score,
            why=why_line(phrases, tier=member.tier, urgent_complaint=mid in urgent,
                         severe_reaction=bool(member.medical_flag), lang=lang),
            due_at=min(t.due_at for t in tasks), attempts=max(t.attempts for t in tasks),
            member_local_time=local, window_open=window.is_open(local), tier=member.tier,
            claimed_by=next((t.claimed_by_id for t in tasks if t.status == TaskStatus.CLAIMED.value
                             and t.lease_until is not None and t.lease_until >= now), None),
            owned=owned, callback_due=callback_due,
        ))
    return out


_TASK_COLUMNS = (
    FollowUpTask.id, FollowUpTask.member_id, FollowUpTask.reason, FollowUpTask.status, FollowUpTask.priority,
    FollowUpTask.why, FollowUpTask.detail, FollowUpTask.due_at, FollowUpTask.due_until, FollowUpTask.not_before,
    FollowUpTask.attempts, FollowUpTask.assigned_agent_id, FollowUpTask.owner_only_until,
    FollowUpTask.claimed_by_id, FollowUpTask.lease_until,
)
_MEMBER_COLUMNS = (
    Member.id, Member.external_id, Member.name, Member.phone_e164, Member.timezone, Member.region,
    Member.best_times, Member.consent, Member.do_not_call, Member.tier, Member.medical_flag,
)

_IDS = bindparam("ids", expanding=True)
_TASKS_OF = select(*_TASK_COLUMNS).where(FollowUpTask.member_id.in_(_IDS), OPEN_TASK)
_MEMBERS_OF = select(*_MEMBER_COLUMNS).where(Member.id.in_(_IDS))
_CONTACTS_OF = select(Call.member_id, Call.started_at).where(
    Call.member_id.in_(_IDS), Call.started_at >= bindparam("since", type_=UTCDateTime()),
    Call.disposition.in_(sorted(CONTACT)))
_URGENT_OF = select(Ticket.member_id).where(Ticket.member_id.in_(_IDS), Ticket.status != "resolved",
                                            Ticket.severity == "urgent")


@lru_cache(maxsize=65536)
def _masked(e164: str | None) -> str:
    return mask(e164)


def eligible(t, agent_id: int | None, now: datetime) -> bool:
    if t.status == TaskStatus.CLAIMED.value and t.claimed_by_id != agent_id and (
            t.lease_until is not None and t.lease_until >= now):
        return False
    if t.due_at > now or (t.not_before is not None and t.not_before > now):
        return False
    if t.due_until is not None and t.due_until <= now:
        return False
    return (t.assigned_agent_id is None or t.assigned_agent_id == agent_id
            or (t.owner_only_until is not None and t.owner_only_until <= now))


def _live_detail(t, clock: Clock) -> dict:
    """The stored detail with what changes by the day (days left) worked out for today."""
    detail = dict(t.detail or {})
    runout = detail.get("runout")
    if runout:
        detail["days_left"] = (date.fromisoformat(runout) - clock.today()).days
    if t.reason == TaskReason.CALLBACK:
        detail.setdefault("at_local", t.due_at.astimezone(clock.tz).strftime("%H:%M"))
    return detail


def agent_name(session: Session, user_id: int | None) -> str | None:
    return None if user_id is None else session.scalar(select(User.username).where(User.id == user_id))


__all__ = ["QueueItem", "rank", "claim_candidates", "eligible"]
