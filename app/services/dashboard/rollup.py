"""The calls of a span read from the rollup: a row per centre day (and agent), not a row per call.

Migration 0019 keeps two tables by triggers on calls, in every writer's own transaction
(a save, an import, the demo, a bulk load, a late or out-of-order call, an erasure): nothing
in the app writes them, so no writer can leave them stale.
- call_days (day, agent_key): calls, reached, scores, wrap-up, refills credited.
- call_day_members (kind, day, prev_day): for each member's first call of a kind on `day`,
  the day of that member's previous call of the kind (NO_DAY: none). Distinct members of
  the days a..b are then exact: each is counted on their first call inside, the one whose
  previous call is before a.
A day is the centre's: UTC+8 (Asia/Shanghai, the call-centre default, has kept it since
1991), whatever the reader's zone. A span [since, until) reads its whole centre days from
the rollup and the pieces before and after them (a running day, or a zone other than the
centre's) from the calls, so every figure equals the direct count (kpi.measure_direct).
The charts read call_hours (UTC hour, outcome) the same way: whole hours from the rollup,
the pieces of an hour at either end from the calls (hour_sums equals direct_hours).
"""

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Date, Integer, and_, case, cast, exists, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from app.data.tables import Call, CallDay, CallDayMembers, CallHour, FollowUpTask
from app.domain.codes import Disposition, TaskReason
from app.services.dashboard.sql import hour_bucket, parse_bucket

CENTRE_OFFSET = timedelta(hours=8)  # migration 0019's OFFSET_HOURS: the triggers' day
NO_DAY = date(1, 1, 1)
CALLED, REACHED, CHURN = "called", "reached", "churn"
NO_AGENT = 0  # call_days.agent_key of calls without an agent


def centre_day(instant: datetime) -> date:
    return (instant.astimezone(UTC) + CENTRE_OFFSET).date()


def day_start(day: date) -> datetime:
    """The UTC instant a centre day begins."""
    return datetime.combine(day, time(0), tzinfo=UTC) - CENTRE_OFFSET


@dataclass(frozen=True)
class Split:
    """A span as its whole centre days first..last and the pieces around them."""

    since: datetime
    until: datetime
    first: date
    last: date

    @property
    def days_since(self) -> datetime:
        return day_start(self.first)

    @property
    def days_until(self) -> datetime:
        return day_start(self.last + timedelta(days=1))

    def edges(self) -> list[tuple[datetime, datetime]]:
        """The parts of the span outside the whole days (read from the calls)."""
        return [(a, b) for a, b in ((self.since, self.days_since), (self.days_until, self.until)) if a < b]


def split_span(since: datetime, until: datetime) -> Split | None:
    """None when the span holds no whole centre day (then it is short: read it directly)."""
    first = centre_day(since)
    if day_start(first) < since:
        first += timedelta(days=1)
    last = centre_day(until) - timedelta(days=1)
    return Split(since, until, first, last) if first <= last else None


def is_kind(kind: str, call=Call):
    """The calls a distinct-member count counts (the triggers' KINDS, and kpi.py's rules)."""
    if kind == CALLED:
        return true()
    reached = call.disposition == Disposition.REACHED.value
    if kind == REACHED:
        return reached
    task = exists().where(FollowUpTask.id == call.task_id, FollowUpTask.reason == TaskReason.CHURN_RISK.value)
    return and_(reached, or_(call.reasons.like(f"%{TaskReason.CHURN_RISK.value}%"), task))


@dataclass(frozen=True)
class CallSums:
    calls: int = 0
    reached: int = 0
    score_sum: int = 0
    scored: int = 0
    wrap_sum: int = 0
    wrapped: int = 0
    refills: int = 0  # credited with a refill
    refills_reached: int = 0

    def __add__(self, other: "CallSums") -> "CallSums":
        return CallSums(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


def _count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def direct_sums(session: Session, since: datetime, until: datetime, *, by_agent: bool = False
                ) -> dict[int | None, CallSums]:
    """The sums of the span's calls, from the calls (None: in total, or calls without an agent)."""
    reached = Call.disposition == Disposition.REACHED.value
    credited = Call.led_to_refill == true()
    columns = (func.count(), _count_if(reached), func.coalesce(func.sum(Call.satisfaction), 0),
               func.count(Call.satisfaction), func.coalesce(func.sum(Call.wrap_seconds), 0),
               func.count(Call.wrap_seconds), _count_if(credited), _count_if(and_(credited, reached)))
    span = and_(Call.started_at >= since, Call.started_at < until)
    if not by_agent:
        row = session.execute(select(*columns).where(span)).one()
        return {None: CallSums(*(int(v or 0) for v in row))}
    rows = session.execute(select(Call.agent_id, *columns).where(span).group_by(Call.agent_id)).all()
    return {agent: CallSums(*(int(v or 0) for v in values)) for agent, *values in rows}


def _rollup_sums(session: Session, first: date, last: date, by_agent: bool) -> dict[int | None, CallSums]:
    d = CallDay
    columns = [func.sum(c) for c in (d.calls, d.reached, d.score_sum, d.scored, d.wrap_sum, d.wrapped, d.refills,
                                     d.refills_reached)]
    days = and_(d.day >= first, d.day <= last)
    if not by_agent:
        row = session.execute(select(*columns).where(days)).one()
        return {None: CallSums(*(int(v or 0) for v in row))}
    rows = session.execute(select(d.agent_key, *columns).where(days).group_by(d.agent_key)).all()
    return {None if key == NO_AGENT else key: CallSums(*(int(v or 0) for v in values)) for key, *values in rows}


def call_sums(session: Session, since: datetime, until: datetime, *, by_agent: bool = False
              ) -> dict[int | None, CallSums]:
    """direct_sums of [since, until), read from the rollup for its whole centre days."""
    split = split_span(since, until)
    if split is None:
        return direct_sums(session, since, until, by_agent=by_agent)
    parts = [_rollup_sums(session, split.first, split.last, by_agent)]
    parts += [direct_sums(session, a, b, by_agent=by_agent) for a, b in split.edges()]
    total: dict[int | None, CallSums] = {}
    for part in parts:
        for key, sums in part.items():
            total[key] = total.get(key, CallSums()) + sums
    if not by_agent:
        return total
    # An agent whose rollup rows net to nothing (calls moved away) has no calls in the span.
    return {key: sums for key, sums in total.items() if sums.calls}


def direct_members(session: Session, kind: str, since: datetime, until: datetime) -> int:
    """The members with a call of `kind` in the span, from the calls."""
    return int(session.scalar(select(func.count(func.distinct(Call.member_id))).where(
        Call.started_at >= since, Call.started_at < until, is_kind(kind)
    )) or 0)


def distinct_members(session: Session, kind: str, since: datetime, until: datetime) -> int:
    """direct_members, exactly, from the rollup for the whole centre days: each member counts
    on their first call of the span; one inside the days has its previous call before them."""
    split = split_span(since, until)
    if split is None:
        return direct_members(session, kind, since, until)
    m = CallDayMembers
    total = int(session.scalar(select(func.coalesce(func.sum(m.members), 0)).where(
        m.kind == kind, m.day >= split.first, m.day <= split.last, m.prev_day < split.first)) or 0)
    days_since, days_until = split.days_since, split.days_until
    # The head and tail are at most a day each: their members are matched against the rest
    # of the span one by one, a scalar probe of (member_id, started_at) per call (never a
    # join over the span's calls, which a planner may prefer for EXISTS).
    if since < days_since:  # the head's members, less those the days counted already
        head, other = aliased(Call), aliased(Call)
        next_call = (select(func.min(other.started_at))
                     .where(other.member_id == head.member_id, other.started_at >= days_since, is_kind(kind, other))
                     .scalar_subquery())
        members, counted = session.execute(
            select(func.count(func.distinct(head.member_id)),
                   func.count(func.distinct(case((next_call < days_until, head.member_id)))))
            .where(head.started_at >= since, head.started_at < days_since, is_kind(kind, head))
        ).one()
        total += int(members or 0) - int(counted or 0)
    if days_until < until:  # the tail's members not seen earlier in the span
        tail, other = aliased(Call), aliased(Call)
        last_call = (select(func.max(other.started_at))
                     .where(other.member_id == tail.member_id, other.started_at < days_until, is_kind(kind, other))
                     .scalar_subquery())
        total += int(session.scalar(
            select(func.count(func.distinct(tail.member_id)))
            .where(tail.started_at >= days_until, tail.started_at < until, is_kind(kind, tail),
                   or_(last_call.is_(None), last_call < since))
        ) or 0)
    return total


# --- the charts: calls and scores per UTC hour and outcome ------------------------------------

HOUR = timedelta(hours=1)
HourSums = dict[tuple[datetime, str], tuple[int, int, int]]  # (UTC hour, disposition) -> calls, score sum, scored


def direct_hours(session: Session, since: datetime, until: datetime) -> HourSums:
    """The span's calls per UTC hour and outcome, from the calls."""
    bucket = hour_bucket(Call.started_at, session.get_bind().dialect.name).label("bucket")
    rows = session.execute(
        select(bucket, Call.disposition, func.count(), func.coalesce(func.sum(Call.satisfaction), 0),
               func.count(Call.satisfaction))
        .where(Call.started_at >= since, Call.started_at < until).group_by(bucket, Call.disposition)
    ).all()
    return {(parse_bucket(b), d): (int(n), int(total), int(scored)) for b, d, n, total, scored in rows}


def hour_sums(session: Session, since: datetime, until: datetime) -> HourSums:
    """direct_hours, from call_hours for the span's whole hours and the calls for the rest."""
    first = since.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    if first < since:
        first += HOUR
    last = until.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    if first >= last:
        return direct_hours(session, since, until)
    h = CallHour
    sums: HourSums = {
        (hour, d): (int(n), int(total), int(scored)) for hour, d, n, total, scored in session.execute(
            select(h.hour, h.disposition, h.calls, h.score_sum, h.scored)
            .where(h.hour >= first, h.hour < last, h.calls != 0))
    }
    for a, b in ((since, first), (last, until)):  # the pieces of an hour at either end
        if a < b:
            for key, (n, total, scored) in direct_hours(session, a, b).items():
                was = sums.get(key, (0, 0, 0))
                sums[key] = (was[0] + n, was[1] + total, was[2] + scored)
    return sums


@dataclass(frozen=True)
class HourFold:
    """The span's calls folded into the reader's zone: per local hour and outcome, and the
    scores per local day (what the charts show)."""

    by_hour: dict[tuple[int, str], int]  # (local hour 0-23, disposition) -> calls
    scores: dict[date, tuple[int, int]]  # local day -> (score sum, scored calls)


def fold(sums: HourSums, tz) -> HourFold:
    """Each UTC hour folded on its own: by the local time it starts at."""
    by_hour: dict[tuple[int, str], int] = {}
    scores: dict[date, tuple[int, int]] = {}
    for (hour, disposition), (n, total, scored) in sums.items():
        local = hour.astimezone(tz)
        if n:
            by_hour[(local.hour, disposition)] = by_hour.get((local.hour, disposition), 0) + n
        if scored:
            was = scores.get(local.date(), (0, 0))
            scores[local.date()] = (was[0] + total, was[1] + scored)
    return HourFold(by_hour, scores)


def _constant_offset(tz, since: datetime, until: datetime) -> timedelta | None:
    """The zone's offset when it holds over the whole span (checked daily: transitions are
    months apart), else None."""
    offset = since.astimezone(tz).utcoffset()
    at = since
    while at < until:
        if at.astimezone(tz).utcoffset() != offset:
            return None
        at += timedelta(days=1)
    return offset if until.astimezone(tz).utcoffset() == offset else None


def folded_hours(session: Session, since: datetime, until: datetime, tz) -> HourFold:
    """fold(hour_sums(...)), with the whole hours grouped in SQL when the zone keeps one
    offset over the span (a year: a few hundred rows instead of one per hour and outcome)."""
    first = since.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    if first < since:
        first += HOUR
    last = until.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    offset = _constant_offset(tz, since, until) if first < last else None
    if offset is None:
        return fold(hour_sums(session, since, until), tz)
    minutes = int(offset.total_seconds() // 60)
    dialect = session.get_bind().dialect.name
    h = CallHour
    whole = and_(h.hour >= first, h.hour < last)
    if dialect == "sqlite":
        utc_hour = cast(func.substr(h.hour, 12, 2), Integer)
        local_day = func.date(h.hour, f"{minutes:+d} minutes")
    else:
        utc_hour = cast(func.extract("hour", func.timezone("UTC", h.hour)), Integer)
        local_day = cast(func.timezone("UTC", h.hour) + timedelta(minutes=minutes), Date)
    by_hour: dict[tuple[int, str], int] = {}
    for hour, disposition, n in session.execute(
            select(utc_hour, h.disposition, func.sum(h.calls)).where(whole).group_by(utc_hour, h.disposition)):
        if n:
            key = ((int(hour) * 60 + minutes) // 60 % 24, disposition)
            by_hour[key] = by_hour.get(key, 0) + int(n)
    scores: dict[date, tuple[int, int]] = {}
    for day, total, scored in session.execute(
            select(local_day, func.sum(h.score_sum), func.sum(h.scored)).where(whole).group_by(local_day)):
        if scored:
            day = day if isinstance(day, date) else date.fromisoformat(str(day))
            scores[day] = (int(total), int(scored))
    for a, b in ((since, first), (last, until)):  # the pieces of an hour at either end
        if a < b:
            edge = fold(direct_hours(session, a, b), tz)
            for key, n in edge.by_hour.items():
                by_hour[key] = by_hour.get(key, 0) + n
            for day, (total, scored) in edge.scores.items():
                was = scores.get(day, (0, 0))
                scores[day] = (was[0] + total, was[1] + scored)
    return HourFold(by_hour, scores)
