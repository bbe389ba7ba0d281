"""The rollup kept by the triggers on calls gives every KPI exactly as counting the calls does.

Random call histories (hypothesis, both engines): calls written in any order (late and
out-of-order ones too), several rows per statement, then moved, re-disposed, credited,
deleted, and a member erased. For random spans (aligned to the centre's days, to UTC days, or
to any minute) `measure`, `by_agent` and the charts' `hour_sums`, read from the rollup, equal
`measure_direct`, `by_agent_direct` and `direct_hours`, read from the calls. Deleting the whole
history leaves a rollup of zeros.
"""

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, insert, or_, select, update

from app.data.tables import Call, CallDay, CallDayMembers, CallHour
from app.services.dashboard import by_agent, by_agent_direct, measure, measure_direct
from app.services.dashboard.rollup import day_start, direct_hours, fold, folded_hours, hour_sums, split_span
from app.services.privacy import erase_member
from app.services.users import SYSTEM
from app.domain.clock import Clock
from tests.support.factories import make_member, make_user
from tests.support.floor_data import add_task

ZONES = (ZoneInfo("Asia/Shanghai"), ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata"))  # +8, -4, +5:30
BASE = datetime(2026, 5, 1, 16, tzinfo=UTC)  # a centre midnight (00:00 UTC+8)
DAYS = 8  # a few days: members called again inside most spans
# Minutes after BASE, drawn as a day and a minute of it, so every day gets calls and spans.
MINUTE = st.builds(lambda day, minute: day * 24 * 60 + minute, st.integers(0, DAYS), st.integers(0, 24 * 60 - 1))
DISPOSITIONS = ("reached", "reached", "no_answer", "busy", "refused")
REASONS = ("", "refill", "churn_risk", "refill,churn_risk")

CALL = st.tuples(
    st.integers(0, 3),  # member
    MINUTE,  # started, in any order
    st.sampled_from((0, 1, 2, None)),  # agent
    st.sampled_from(DISPOSITIONS),
    st.one_of(st.none(), st.integers(1, 10)),  # satisfaction
    st.one_of(st.none(), st.integers(0, 300)),  # wrap seconds
    st.sampled_from(REASONS),
    st.booleans(),  # worked the member's churn task
    st.booleans(),  # credited with a refill (reached calls only, as the writers credit)
)
CHANGE = st.tuples(st.sampled_from(("move", "dispose", "credit", "delete", "delete_member_day")),
                   st.integers(0, 10_000), MINUTE)
ANCHOR = st.sampled_from(("centre", "utc", "minute", "call hours"))
SPAN = st.tuples(ANCHOR, MINUTE, MINUTE)
HISTORY = st.tuples(st.lists(CALL, max_size=40), st.lists(st.integers(1, 5), min_size=1, max_size=8),
                    st.lists(CHANGE, max_size=8), st.one_of(st.none(), st.integers(0, 3)),
                    st.lists(SPAN, min_size=1, max_size=6))


@pytest.fixture
def world(db):
    with db.session(write=True) as s:
        agents = [make_user(s, f"rollup{i}", at=BASE).id for i in range(3)]
        members = [make_member(s, at=BASE - timedelta(days=30), phone=f"+86139{i:04d}5678") for i in range(4)]
        tasks = [add_task(s, m, reason="churn_risk", due_at=BASE).id for m in members]
        return db, agents, [m.id for m in members], tasks


def _span(anchor: str, start: int, length: int, calls: list) -> tuple[datetime, datetime]:
    """A span from a centre midnight, a UTC midnight or any minute; or between the UTC hours of
    two calls (so the rollup's first and last hours hold calls)."""
    if anchor == "call hours" and calls:
        ends = sorted(BASE + timedelta(minutes=calls[i % len(calls)][1]) for i in (start, length))
        return tuple(t.replace(minute=0) + timedelta(hours=k) for t, k in zip(ends, (0, 1)))
    since = BASE + timedelta(minutes=start)
    if anchor == "centre":
        since = day_start(split_span(since, since + timedelta(days=2)).first)
    elif anchor == "utc":
        since = since.replace(hour=0, minute=0)
    until = since + timedelta(minutes=length)
    if anchor == "utc":
        until = until.replace(minute=0)
    return since, max(since, until)


def _write(s, agents, members, tasks, calls, batches) -> None:
    rows = []
    for member, minute, agent, disposition, score, wrap, reasons, churn_task, credited in calls:
        at = BASE + timedelta(minutes=minute)
        rows.append(dict(
            client_id=str(uuid.uuid4()), task_id=tasks[member] if churn_task else None, member_id=members[member],
            agent_id=None if agent is None else agents[agent], channel="phone", reasons=reasons, started_at=at,
            ended_at=at + timedelta(minutes=3), saved_at=at + timedelta(minutes=4), wrap_seconds=wrap,
            disposition=disposition, satisfaction=score, adverse_reaction="none", answers={}, notes="n",
            led_to_refill=credited and disposition == "reached",
        ))
    sizes = iter(batches * (len(rows) + 1))
    while rows:  # several rows a statement: a statement trigger sees them all at once
        size = next(sizes)
        s.execute(insert(Call), rows[:size])
        rows = rows[size:]


def _change(s, kind: str, pick: int, minute: int) -> None:
    ids = s.scalars(select(Call.id).order_by(Call.id)).all()
    if not ids:
        return
    call = s.get(Call, ids[pick % len(ids)])
    if kind == "move":  # e.g. a clock corrected: the call changes day, maybe order
        s.execute(update(Call).where(Call.id == call.id).values(started_at=BASE + timedelta(minutes=minute)))
    elif kind == "dispose":
        flip = "no_answer" if call.disposition == "reached" else "reached"
        s.execute(update(Call).where(Call.id == call.id).values(disposition=flip, led_to_refill=False))
    elif kind == "credit":  # as attribute_refills does: every reached call of the member at once
        s.execute(update(Call).where(Call.member_id == call.member_id, Call.disposition == "reached")
                  .values(led_to_refill=True))
    elif kind == "delete":
        s.execute(delete(Call).where(Call.id == call.id))
    else:  # several rows of one member in one statement
        s.execute(delete(Call).where(Call.member_id == call.member_id, Call.started_at >= call.started_at,
                                     Call.started_at < call.started_at + timedelta(days=2)))
    s.expire_all()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=HISTORY)
def test_rollup_kpis_equal_the_direct_counts_on_random_histories(world, history):
    db, agents, members, tasks = world
    calls, batches, changes, erased, spans = history
    with db.session(write=True) as s:
        _write(s, agents, members, tasks, calls, batches)
    for kind, pick, minute in changes:
        with db.session(write=True) as s:
            _change(s, kind, pick, minute)
    if erased is not None:
        erase_member(db, SYSTEM, Clock(fixed_at=BASE + timedelta(days=30)), members[erased])
    now = BASE + timedelta(days=40)
    try:
        with db.session() as s:
            for anchor, start, length in spans + [("centre", 0, 10 * 24 * 60)]:
                since, until = _span(anchor, start, length, calls)
                assert measure(s, since, until, now) == measure_direct(s, since, until, now), (since, until)
                assert by_agent(s, since, until) == by_agent_direct(s, since, until), (since, until)
                assert hour_sums(s, since, until) == direct_hours(s, since, until), (since, until)
                for zone in ZONES:  # the charts' folding into the reader's zone, grouped in SQL
                    assert folded_hours(s, since, until, zone) == fold(direct_hours(s, since, until), zone), zone
    finally:
        with db.session(write=True) as s:  # the next example starts from no calls
            s.execute(delete(Call))
    with db.session() as s:
        sums = [CallDay.calls, CallDay.reached, CallDay.score_sum, CallDay.scored, CallDay.wrap_sum, CallDay.wrapped,
                CallDay.refills, CallDay.refills_reached]
        assert not s.scalar(select(func.count()).select_from(CallDay).where(or_(*(c != 0 for c in sums))))
        assert not s.scalar(select(func.count()).select_from(CallDayMembers).where(CallDayMembers.members != 0))
        assert not s.scalar(select(func.count()).select_from(CallHour).where(
            or_(CallHour.calls != 0, CallHour.score_sum != 0, CallHour.scored != 0)))
