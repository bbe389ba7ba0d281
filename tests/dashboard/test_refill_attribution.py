"""Refills credited when the order arrives count exactly what the old probe counted.

The refills KPI used to probe, for every reached call of the span, the member's orders and
refill requests of the next 14 days. Now the writers credit calls.led_to_refill as orders
and requests arrive. On random histories (events written in time order, the attribution
run after each order or request as the writers do) both computations agree for every
span, in total and per agent, on both engines; and the real writers (an order import, a
call saved with refill intent) credit the call.
"""

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, func, select

from app.data.tables import Call, Member, Order, RefillRequest
from app.domain.codes import Disposition
from app.services import calls, imports
from app.services.dashboard import attribute_refills, by_agent, measure
from app.services.dashboard.refills import refill_follows
from app.services.users import SYSTEM
from tests.support.call_world import build_world, outcome
from tests.support.factories import make_member, make_order, make_product, make_user
from tests.support.floor_data import add_call

START = datetime(2026, 5, 1, tzinfo=UTC)
DISPOSITIONS = ("reached", "reached", "reached", "no_answer", "busy", "refused")


def old_refills(session, since: datetime, until: datetime) -> int:
    """The definition before attribution: reached calls of the span, each probing what followed."""
    dialect = session.get_bind().dialect.name
    return session.scalar(select(func.count()).select_from(Call).where(
        and_(Call.started_at >= since, Call.started_at < until), Call.disposition == Disposition.REACHED.value,
        refill_follows(dialect)))


def old_by_agent(session, since: datetime, until: datetime) -> dict[int | None, int]:
    dialect = session.get_bind().dialect.name
    rows = session.execute(select(Call.agent_id, func.count()).where(
        and_(Call.started_at >= since, Call.started_at < until), Call.disposition == Disposition.REACHED.value,
        refill_follows(dialect)).group_by(Call.agent_id)).all()
    return {agent: int(n) for agent, n in rows}


def _history(session, rnd: random.Random, agents: list[int]) -> None:
    """A few members' calls, orders and refill requests over 60 days, written in time order;
    each order or request credits calls the way the writers do (with a few exact 14-day edges)."""
    product = make_product(session)
    members = [make_member(session, at=START - timedelta(days=30), phone=f"+86139{i:04d}5678")
               for i in range(rnd.randint(1, 5))]
    events: list[tuple[datetime, str, object]] = []
    calls: list[datetime] = []
    for _ in range(rnd.randint(5, 40)):
        at = START + timedelta(minutes=rnd.randrange(60 * 24 * 60))
        calls.append(at)
        events.append((at, "call", rnd.choice(members)))
    for _ in range(rnd.randint(0, 15)):
        member = rnd.choice(members)
        if calls and rnd.random() < 0.3:  # exactly at, or just past, the window's edges
            at = rnd.choice(calls) + rnd.choice((timedelta(days=14), timedelta(days=14, seconds=1), timedelta(0)))
        else:
            at = START + timedelta(minutes=rnd.randrange(60 * 24 * 60))
        events.append((at, rnd.choice(("order", "order", "request")), member))
    for at, kind, member in sorted(events, key=lambda e: (e[0], e[1])):
        if kind == "call":
            add_call(session, member, at=at, agent_id=rnd.choice(agents), disposition=rnd.choice(DISPOSITIONS))
            continue
        if kind == "order":
            make_order(session, member, product, ordered_at=at)
        else:
            session.add(RefillRequest(member_id=member.id, created_at=at))
        session.flush()
        attribute_refills(session, [member.id])


def test_attributed_refills_equal_the_old_probe_on_random_histories(db):
    for seed in range(12):
        rnd = random.Random(seed)
        with db.session(write=True) as s:
            agents = [make_user(s, f"agent{seed}_{i}", at=START).id for i in range(3)]
            _history(s, rnd, agents)
        with db.session() as s:
            for _ in range(8):
                since = START + timedelta(hours=rnd.randrange(24 * 60))
                until = since + timedelta(hours=rnd.randrange(1, 24 * 45))
                kpis = measure(s, since, until, since + timedelta(days=100))
                assert kpis.refills == old_refills(s, since, until), (seed, since, until)
                new = {a.agent_id: a.refills for a in by_agent(s, since, until) if a.refills}
                assert new == old_by_agent(s, since, until), (seed, since, until)
            everything = measure(s, START, START + timedelta(days=90), START + timedelta(days=100))
            assert everything.refills == old_refills(s, START, START + timedelta(days=90))
        with db.session(write=True) as s:  # the next seed starts from an empty history
            for table in (RefillRequest, Order, Call):
                s.query(table).delete()


def test_the_backfill_credits_history_written_without_the_writers(db):
    with db.session(write=True) as s:
        agent = make_user(s, "agent1", at=START)
        member = make_member(s, at=START)
        product = make_product(s)
        followed = add_call(s, member, at=START, agent_id=agent.id)
        add_call(s, member, at=START + timedelta(days=20), agent_id=agent.id)  # nothing follows within 14 days
        make_order(s, member, product, ordered_at=START + timedelta(days=3))
        s.flush()
        assert attribute_refills(s, None) == 1
        assert attribute_refills(s, None) == 0  # idempotent
    with db.session() as s:
        credited = s.scalars(select(Call.id).where(Call.led_to_refill.is_(True))).all()
    assert credited == [followed.id]


ORDERS = """order_id,member_external_id,sku,quantity,amount,ordered_at,delivered_at,channel,batch
SO1,C001,FO-500,1,198.00,2026-06-10 20:15,,app,
"""


def test_an_order_import_credits_the_reached_call_before_it(db, clock, tmp_path):
    with db.session(write=True) as s:
        agent = make_user(s, "agent1", at=START)
        member = make_member(s, at=START, external_id="C001")
        make_product(s, "FO-500")
        before = add_call(s, member, at=datetime(2026, 6, 1, 2, tzinfo=UTC), agent_id=agent.id)
        too_early = add_call(s, member, at=datetime(2026, 5, 20, 2, tzinfo=UTC), agent_id=agent.id)
        unreached = add_call(s, member, at=datetime(2026, 6, 2, 2, tzinfo=UTC), agent_id=agent.id,
                             disposition="no_answer")
    path = tmp_path / "orders.csv"
    path.write_text(ORDERS, encoding="utf-8")
    imports.import_file(db, SYSTEM, clock, kind="orders", path=path, after_rows=None)
    with db.session() as s:
        credited = dict(s.execute(select(Call.id, Call.led_to_refill)).all())
        kpis = measure(s, datetime(2026, 5, 1, tzinfo=UTC), datetime(2026, 6, 15, tzinfo=UTC), clock.now())
    assert credited == {before.id: True, too_early.id: False, unreached.id: False}
    assert kpis.refills == 1


def test_a_call_saved_with_refill_intent_credits_it_and_the_members_recent_calls(db, clock):
    w = build_world(db, clock)
    with db.session(write=True) as s:
        member = s.get(Member, w.member_id)
        earlier = add_call(s, member, at=clock.now() - timedelta(days=3), agent_id=w.other.id)  # another agent's
        stale = add_call(s, member, at=clock.now() - timedelta(days=20), agent_id=w.other.id)
    result = calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(refill_intent=True, call_seconds=180, wrap_seconds=40))
    with db.session() as s:
        credited = dict(s.execute(select(Call.id, Call.led_to_refill)).all())
    assert credited == {earlier.id: True, stale.id: False, result.call_id: True}
