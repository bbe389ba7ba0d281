"""The member 360 view on both engines: masked phone, purchases and run-out, PDC beside what
the member says, calls, tickets and effects; health data only with permission, audited."""

import json
from datetime import date, timedelta

from sqlalchemy import func, select

from app.cli.main import main
from app.data.tables import AuditEntry, HealthIndicator, HealthProfile, Member
from app.services import calls, members
from tests.support.call_world import build_world, outcome
from tests.support.factories import make_order, make_product, make_user


def add_health(db, clock, member_id) -> None:
    with db.session(write=True) as s:
        s.add(HealthProfile(member_id=member_id, conditions="高血压", allergies="海鲜", updated_at=clock.now()))
        s.add(HealthIndicator(member_id=member_id, name="hemoglobin", value=118.0, unit="g/L",
                              measured_at=clock.now() - timedelta(days=30)))


def health_reads(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "health.view"))


def test_profile_purchases_supplies_calls_tickets_and_effects(db, clock):
    w = build_world(db, clock)
    with db.session(write=True) as s:
        member = s.get(Member, w.member_id)
        member.owner_id = w.agent.id
        member.tier = "gold"
    calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(
        satisfaction=4, effects={"sleep": 6}, adherence="irregular", remaining_days=3,
        complaint={"category": "logistics", "severity": "normal", "text": "晚到"}))
    view = members.member_view(db, w.agent, clock, w.member_id)
    p = view.profile
    assert (p.phone_masked, p.tier, p.is_vip, p.points, p.care_manager) == ("138****5678", "gold", True, 20, "li")
    assert p.timezone == "Asia/Shanghai" and p.age == 46
    assert [(x.product_id, x.quantity, x.covers_until) for x in view.purchases] == [
        (w.product_id, 1, date(2026, 5, 21) + timedelta(days=30))]
    supply = view.supplies[0]
    assert (supply.runout_on, supply.days_left) == (date(2026, 6, 20), 5)
    assert supply.reported_runout_on == date(2026, 6, 18)  # today + 3 days, as the member said
    assert supply.pdc == 1.0 and supply.adherent is True  # measured from purchases
    assert supply.stated_adherence == "irregular"  # what the member says
    assert [(c.disposition, c.satisfaction, c.effects, c.agent) for c in view.calls] == [
        ("reached", 4, {"sleep": 6}, "li")]
    assert [(t.category, t.department) for t in view.tickets] == [("logistics", "logistics")]
    assert [(e.dimension, e.score) for e in view.effects] == [("sleep", 6)]
    assert view.health is None and view.health_hidden is False


def test_pdc_counts_gaps_between_purchases(db, clock):
    w = build_world(db, clock)
    with db.session(write=True) as s:
        member = s.get(Member, w.member_id)
        product = make_product(s, "VIT1", name="复合维生素", category="vitamins", pack_days=30)
        make_order(s, member, product, ordered_at=clock.now() - timedelta(days=179))
        make_order(s, member, product, ordered_at=clock.now() - timedelta(days=89))
    view = members.member_view(db, w.agent, clock, w.member_id)
    vitamins = next(s for s in view.supplies if s.product == "复合维生素")
    assert vitamins.pdc == round(60 / 180, 3) and vitamins.adherent is False


def test_health_profile_is_hidden_without_permission_and_audited_with_it(db, clock):
    w = build_world(db, clock)
    add_health(db, clock, w.member_id)
    hidden = members.member_view(db, w.agent, clock, w.member_id)
    assert hidden.health is None and hidden.health_hidden is True
    assert health_reads(db) == 0
    with db.session(write=True) as s:
        nurse = make_user(s, "nurse", can_view_health=True, at=clock.now())
    shown = members.member_view(db, nurse, clock, w.member_id)
    assert (shown.health.conditions, shown.health.allergies) == ("高血压", "海鲜")
    assert [(i.name, i.value) for i in shown.health.indicators] == [("hemoglobin", 118.0)]
    assert health_reads(db) == 1
    with db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "health.view")).one()
        assert (entry.user_id, entry.entity_id) == (nurse.id, str(w.member_id))


def test_cli_member_show_json(db_url, db, clock, capsys):
    w = build_world(db, clock)
    add_health(db, clock, w.member_id)
    args = ["--db", db_url, "--today", "2026-06-15"]
    assert main(["member", "show", str(w.member_id), "--json", "--as", "li", *args]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["profile"]["phone_masked"] == "138****5678"
    assert "+8613812345678" not in json.dumps(data)
    assert data["health"] is None and data["health_hidden"] is True
    assert data["purchases"][0]["ordered_at"].endswith("+08:00")
    assert data["supplies"][0]["runout_on"] == "2026-06-20"
    assert [t["reason"] for t in data["open_tasks"]] == ["refill"]
    assert main(["member", "show", "999999", "--json", *args]) == 1
    assert "no member with id 999999" in capsys.readouterr().err


def test_cli_shows_health_only_when_asked_and_audits_it(db_url, db, clock, capsys):
    w = build_world(db, clock)
    add_health(db, clock, w.member_id)
    args = ["--db", db_url, "--today", "2026-06-15"]
    assert main(["member", "show", str(w.member_id), "--json", *args]) == 0
    assert json.loads(capsys.readouterr().out)["health"] is None
    assert health_reads(db) == 0
    assert main(["member", "show", str(w.member_id), "--json", "--health", *args]) == 0
    assert json.loads(capsys.readouterr().out)["health"]["allergies"] == "海鲜"
    assert health_reads(db) == 1
