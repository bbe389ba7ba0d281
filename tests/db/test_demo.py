"""Demo data: deterministic for a seed, believable, consistent, and refused on a used database."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from app.cli.main import main
from app.data.migrate import upgrade
from app.data.tables import (
    Call, EffectRating, HealthIndicator, HealthProfile, Member, Order, OrderLine, PointsEntry, Product, Ticket,
    User,
)
from app.data.uow import Database
from app.domain import codes
from app.domain.phone import parse_phone
from app.domain.clock import Clock
from app.domain.pinyin import name_initials
from app import demo
from app.domain.queue_settings import DEFAULT_SETTINGS
from app.domain.windows import region_zone
from app.services.users import SYSTEM, authenticate
from app.demo.state import WINDOW_DAYS
from app.services.errors import Conflict, ValidationError
from app.services.queue import build_queue
from app.services.queue.rank import rank
from app.services.tickets import ADVERSE_REACTION, route, sla_due
from tests.support.factories import make_product, make_user

HAN_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
SNAPSHOT_TABLES = (Member, HealthProfile, HealthIndicator, Order, OrderLine, PointsEntry, Call, EffectRating, Ticket)


def snapshot(db: Database) -> dict[str, list[tuple]]:
    """Every generated row, column by column, in key order (users aside: argon2 salts differ)."""
    out = {}
    with db.session() as s:
        for model in SNAPSHOT_TABLES:
            table = model.__table__
            key = table.c.id if "id" in table.c else table.c.member_id
            out[table.name] = [tuple(row) for row in s.execute(select(table).order_by(key))]
    return out


def fresh_sqlite(tmp_path, name: str) -> Database:
    database = Database.from_url(f"sqlite:///{tmp_path / name}")
    upgrade(database.engine)
    return database


def test_the_same_seed_gives_the_same_data_on_both_engines(sqlite_db, pg_db, clock):
    demo.generate(sqlite_db, clock, members=300, seed=7)
    demo.generate(pg_db, clock, members=300, seed=7)
    left, right = snapshot(sqlite_db), snapshot(pg_db)
    assert len(left["members"]) == 300 and len(left["orders"]) > 300
    assert left == right


def test_the_same_seed_and_day_give_the_same_data_at_any_hour(db, clock, tmp_path):
    from app.domain.clock import Clock

    demo.generate(db, clock, members=200, seed=3)
    other = fresh_sqlite(tmp_path, "other.db")
    demo.generate(other, Clock.fixed(clock.today(), time(16, 45), tz=clock.tz), members=200, seed=3)
    assert snapshot(db) == snapshot(other)
    other.dispose()


def test_a_different_seed_or_day_gives_different_data(db, clock, tmp_path):
    demo.generate(db, clock, members=200, seed=1)
    other = fresh_sqlite(tmp_path, "other.db")
    demo.generate(other, clock, members=200, seed=2)
    first, second = snapshot(db), snapshot(other)
    assert first["members"] != second["members"]
    assert first["orders"] != second["orders"]
    other.dispose()


def test_members_are_believable(db, clock):
    summary = demo.generate(db, clock, members=500, seed=1)
    assert summary.members == 500
    with db.session() as s:
        members = s.scalars(select(Member)).all()
        agents = {u.id for u in s.scalars(select(User).where(User.role == "agent"))}
    phones = [m.phone_e164 for m in members]
    assert len(set(phones)) == len(phones)
    for m in members:
        assert parse_phone(m.phone_e164).kind == "mobile" and parse_phone(m.phone_e164).e164 == m.phone_e164
        assert m.language == "en" or HAN_NAME.match(m.name), m.name
        assert m.name_initials == name_initials(m.name)
        assert m.timezone in {"Asia/Shanghai", "Europe/London", "America/New_York", "America/Los_Angeles"}
        assert (m.timezone == "Asia/Shanghai") == (region_zone(m.region) == "Asia/Shanghai"), m.region
        assert m.gender in ("F", "M")
        assert 18 <= (clock.today() - m.birth_date).days // 365 <= 80
        assert m.tier in {t.value for t in codes.Tier}
        assert m.lifecycle_stage in {x.value for x in codes.LifecycleStage}
        if m.tier in ("gold", "diamond"):
            assert m.owner_id in agents
        else:
            assert m.owner_id is None
        if m.do_not_call:
            assert not m.consent
        for slot in filter(None, m.best_times.split(";")):
            assert re.fullmatch(r"\d\d:\d\d-\d\d:\d\d", slot)
    tiers = [m.tier for m in members]
    assert tiers.count("standard") > tiers.count("silver") > tiers.count("gold") > tiers.count("diamond") > 0
    assert sum(m.consent for m in members) > 0.85 * len(members)
    assert any(m.do_not_call for m in members)
    assert any(m.best_times for m in members)
    assert {m.lifecycle_stage for m in members} == {"new", "stable", "churn_warning", "lost"}
    overseas = sum(m.timezone != "Asia/Shanghai" for m in members)
    assert 0.05 * len(members) < overseas < 0.2 * len(members)


@pytest.mark.parametrize("at", [time(23, 30), time(3, 0), time(7, 15), time(12, 0)])
def test_a_newcomer_at_any_hour_has_members_to_call(db, clock, at):
    """Night in Beijing is day in London or New York: the first queue is never all shut."""
    when = Clock.fixed(clock.today(), at, tz=clock.tz)
    demo.generate(db, when, members=600, seed=1)
    build_queue(db, SYSTEM, when)
    with db.session() as s:
        items = rank(s, when, DEFAULT_SETTINGS, agent_id=None, limit=500)
    assert items and any(i.window_open for i in items), at


def test_orders_cover_18_months_and_add_up(db, clock):
    demo.generate(db, clock, members=400, seed=1)
    earliest = datetime.combine(clock.today() - timedelta(days=WINDOW_DAYS), time(0), tzinfo=clock.tz)
    with db.session() as s:
        orders = s.scalars(select(Order)).all()
        lines = s.execute(select(OrderLine.order_id, func.sum(OrderLine.amount_fen), func.count())
                          .group_by(OrderLine.order_id)).all()
        members = {m.id: m for m in s.scalars(select(Member))}
        ledger = dict(s.execute(select(PointsEntry.member_id, func.sum(PointsEntry.delta))
                                .group_by(PointsEntry.member_id)).all())
        channels = set(s.scalars(select(Order.channel).distinct()))
        batches = s.scalars(select(OrderLine.batch_no)).all()
    assert all(earliest <= o.ordered_at <= clock.now() for o in orders)
    assert min(o.ordered_at for o in orders) < earliest + timedelta(days=60)  # history goes back 18 months
    assert max(o.ordered_at for o in orders) > clock.now() - timedelta(days=7)
    for o in orders:
        if o.delivered_at is not None:
            assert o.ordered_at <= o.delivered_at <= o.ordered_at + timedelta(days=5)
    line_totals = {order_id: total for order_id, total, _ in lines}
    assert all(line_totals[o.id] == o.amount_fen > 0 for o in orders)
    assert any(count > 1 for _, _, count in lines)  # some orders hold two products
    assert {"app", "tmall", "jd", "wechat", "store"} <= channels
    assert all(b and len(b) <= 40 for b in batches)
    by_member: dict[int, list[Order]] = {}
    for o in orders:
        by_member.setdefault(o.member_id, []).append(o)
    for member_id, own in by_member.items():
        m = members[member_id]
        assert m.total_spent_fen == sum(o.amount_fen for o in own)
        assert m.first_order_at == min(o.ordered_at for o in own)
        assert m.last_order_at == max(o.ordered_at for o in own)
        assert m.points_balance == ledger[member_id] >= 0
    # Repurchase rhythm: loyal buyers come back, so most buyers have several orders.
    assert sum(len(own) >= 3 for own in by_member.values()) > len(by_member) / 2
    # Some are new customers whose first order is recent.
    assert any(m.first_order_at and m.first_order_at > clock.now() - timedelta(days=42) for m in members.values())


def test_catalogue_team_history_and_health(db, clock):
    demo.generate(db, clock, members=600, seed=1)
    assert authenticate(db, demo.DEMO_AGENT, demo.DEMO_PASSWORD) is not None
    with db.session() as s:
        users = {u.username: u for u in s.scalars(select(User))}
        products = s.scalars(select(Product)).all()
        tickets = s.scalars(select(Ticket)).all()
        calls = s.scalars(select(Call)).all()
        ratings = s.scalars(select(EffectRating)).all()
        profiles = s.scalars(select(HealthProfile)).all()
        indicators = s.scalars(select(HealthIndicator)).all()
    assert {"agent1", "agent2", "agent3", "agent4", "supervisor1", "admin"} <= set(users)
    assert users["supervisor1"].role == "supervisor" and users["supervisor1"].can_view_health
    assert users["admin"].role == "admin"
    assert all(HAN_NAME.match(users[f"agent{i}"].display_name) for i in range(1, 5))
    assert {p.category for p in products} == {c.value for c in codes.ProductCategory}
    fish_oil = next(p for p in products if p.sku == "FO-500-60")
    assert "500mg" in fish_oil.name and fish_oil.daily_dose == "1粒" and fish_oil.name_en
    assert {p.sku for p in products} >= {"IF-1-30", "IF-2-30", "IF-3-30", "BF-RICE-30", "PP-WHEY-30", "PB-30"}
    assert all(p.pack_days in (30, 45, 60, 90) and p.price_fen > 0 for p in products)

    assert calls and all(c.disposition in {d.value for d in codes.Disposition} for c in calls)
    reached = [c for c in calls if c.disposition == "reached"]
    assert reached and all(1 <= c.satisfaction <= 10 for c in reached)
    assert ratings and all(r.dimension in {d.value for d in codes.EffectDimension} for r in ratings)
    assert tickets
    assert all(t.department in {d.value for d in codes.Department} for t in tickets)
    assert all(t.category in {c.value for c in codes.ComplaintCategory} | {ADVERSE_REACTION} for t in tickets)
    statuses = {t.status for t in tickets}
    assert "resolved" in statuses and statuses - {"resolved"}
    assert all(t.resolved_at is not None for t in tickets if t.status == "resolved")
    assert any(t.status != "resolved" and t.sla_due_at < clock.now() for t in tickets)  # some are late

    assert any(p.baby_birth_date is not None and p.baby_stage for p in profiles)
    assert {p.baby_stage for p in profiles} - {None} <= {b.value for b in codes.BabyStage}
    assert any(p.conditions for p in profiles)
    assert indicators and all(i.name == "hemoglobin" and 80 < i.value < 160 for i in indicators)


def test_the_demo_files_tickets_by_the_call_saves_rule(db, clock):
    """A complaint goes where its category routes it; a severe reaction on the call opens its
    own urgent adverse_reaction ticket to medical, which is not a complaint."""
    demo.generate(db, clock, members=600, seed=6)  # a seed whose demo has a severe reaction
    with db.session() as s:
        tickets = s.scalars(select(Ticket)).all()
        severe_calls = set(s.scalars(select(Call.id).where(Call.adverse_reaction == "severe")))
    assert severe_calls, "the demo should show at least one severe reaction"
    for t in tickets:
        assert t.department == route(t.category).value, (t.category, t.department)
        assert t.sla_due_at == sla_due(t.opened_at, t.severity)
    medical = {t.call_id: t for t in tickets if t.category == ADVERSE_REACTION}
    assert set(medical) == severe_calls
    assert all((t.department, t.severity) == ("medical", "urgent") for t in medical.values())
    complaint_calls = {t.call_id for t in tickets if t.category != ADVERSE_REACTION}
    assert severe_calls <= complaint_calls  # the complaint itself stays a complaint, routed by category


def test_a_database_with_members_is_refused(db, clock):
    demo.generate(db, clock, members=5, seed=1)
    with pytest.raises(Conflict, match="already has 5 members"):
        demo.generate(db, clock, members=5, seed=2)
    with pytest.raises(ValidationError):
        demo.generate(db, clock, members=0)


def test_existing_users_and_products_are_kept(db, clock):
    with db.session() as s:
        make_user(s, "agent1", at=clock.now())
        make_product(s, "FO-500-60", name="自有鱼油", price_fen=9900)
    calls: list[tuple[int, int]] = []
    summary = demo.generate(db, clock, members=12, seed=1, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (12, 12)
    assert summary.users_created == 5 and summary.products_created == 19
    with db.session() as s:
        assert s.scalar(select(Product.name).where(Product.sku == "FO-500-60")) == "自有鱼油"
        assert s.scalar(select(func.count()).select_from(User).where(User.username == "agent1")) == 1


def test_cli_demo_creates_the_schema_of_an_empty_database(request, tmp_path, capsys):
    urls = [f"sqlite:///{tmp_path / 'x.db'}", request.getfixturevalue("pg_new_database")()]
    for url in urls:
        assert main(["--db", url, "--today", "2026-06-15", "demo", "--members", "40", "--seed", "5"]) == 0
        out = capsys.readouterr()
        assert "members: 40" in out.out and "done in" in out.out
        assert "members 40/40" in out.err
        database = Database.from_url(url)
        with database.session() as s:
            assert s.scalar(select(func.count()).select_from(Member)) == 40
            assert s.scalar(select(func.max(Order.ordered_at))) < datetime(2026, 6, 15, 2, 0, tzinfo=UTC)
        database.dispose()
        assert main(["--db", url, "demo", "--members", "3"]) == 1
        assert "already has 40 members" in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["0", "-3", "many", "1.5"])
def test_cli_demo_rejects_bad_member_counts(sqlite_url, bad, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", sqlite_url, "demo", "--members", bad])
    assert exit_info.value.code == 2
    assert "--members" in capsys.readouterr().err


def test_generate_keeps_to_the_given_day(db):
    from zoneinfo import ZoneInfo

    from app.domain.clock import Clock

    clock = Clock.fixed(date(2025, 1, 31), time(9, 0), tz=ZoneInfo("Asia/Shanghai"))
    demo.generate(db, clock, members=50, seed=1)
    with db.session() as s:
        assert s.scalar(select(func.max(Order.ordered_at))) <= clock.now()
        assert s.scalar(select(func.max(Ticket.opened_at))) <= clock.now()
