"""The supervisor dashboard on both engines: each tile equals an independent SQL count,
the floor's states and alerts come out right, reassignment moves work, agents are refused."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import bindparam, select, text

from app.data.base import UTCDateTime
from app.data.tables import AuditEntry, ChangeEvent, FollowUpTask, Member
from app.services import dashboard
from app.services.queue import reassign
from app.services.dashboard import TileKey, Trend, measured_span, today_period, week_period
from app.services.dashboard import AgentStatus, AlertKind
from app.services.errors import PermissionDenied, ValidationError
from app.services.queue import TaskFilter
from tests.support.floor_data import Floor, seed_floor


@pytest.fixture
def floor(db, clock) -> Floor:
    return seed_floor(db, clock)


def _count(db, sql: str, **params: datetime) -> float | None:
    stmt = text(sql).bindparams(*(bindparam(name, type_=UTCDateTime()) for name in params))
    with db.session() as s:
        return s.execute(stmt, params).scalar()


def _independent(db, since: datetime, until: datetime, now: datetime) -> dict[TileKey, float | None]:
    """The tiles recounted with plain SQL (and the 14-day refill rule in Python)."""
    span = "started_at >= :a AND started_at < :b"
    attempts = _count(db, f"SELECT COUNT(*) FROM calls WHERE {span}", a=since, b=until)
    reached = _count(db, f"SELECT COUNT(*) FROM calls WHERE {span} AND disposition = 'reached'", a=since, b=until)
    typed = UTCDateTime()
    with db.session() as s:
        reached_calls = s.execute(
            text(f"SELECT member_id, started_at FROM calls WHERE {span} AND disposition = 'reached'")
            .bindparams(bindparam("a", type_=typed), bindparam("b", type_=typed)).columns(started_at=typed),
            {"a": since, "b": until}).all()
        buys = s.execute(text("SELECT member_id, ordered_at AS at FROM orders UNION ALL "
                              "SELECT member_id, created_at FROM refill_requests").columns(at=typed)).all()
    buys_by_member: dict[int, list[datetime]] = {}
    for member_id, at in buys:
        buys_by_member.setdefault(member_id, []).append(at)
    refills = sum(
        1 for member_id, started in reached_calls
        if any(started < b <= started + timedelta(days=14) for b in buys_by_member.get(member_id, []))
    )
    return {
        TileKey.CONNECT_RATE: reached / attempts if attempts else None,
        TileKey.CALLS_COMPLETED: attempts,
        TileKey.SATISFACTION: _count(db, f"SELECT AVG(satisfaction) FROM calls WHERE {span}", a=since, b=until),
        # Complaints: tickets of a complaint category (a severe reaction's medical ticket is not one).
        TileKey.COMPLAINTS: _count(db, "SELECT COUNT(*) FROM tickets WHERE opened_at >= :a AND opened_at < :b "
                                       "AND category <> 'adverse_reaction'", a=since, b=until),
        # SLA breaches among the tickets opened in the span, decided as of now.
        TileKey.SLA_BREACHES: _count(
            db, "SELECT COUNT(*) FROM tickets WHERE opened_at >= :a AND opened_at < :b "
                "AND (resolved_at > sla_due_at OR (resolved_at IS NULL AND sla_due_at < :n))",
            a=since, b=until, n=now),
        TileKey.REFILLS: refills,
        TileKey.CHURN_REACHED: _count(
            db, f"SELECT COUNT(DISTINCT member_id) FROM calls WHERE {span} AND disposition = 'reached' "
                "AND (reasons LIKE '%churn_risk%' OR task_id IN (SELECT id FROM follow_up_tasks "
                "WHERE reason = 'churn_risk'))", a=since, b=until),
    }


@pytest.mark.parametrize("which", ["today", "week"])
def test_each_tile_equals_an_independent_sql_count(db, clock, floor, which):
    period = today_period(clock) if which == "today" else week_period(clock)
    board = dashboard.kpi_tiles(db, floor.supervisor, clock, period)
    since, until = measured_span(period, clock)
    expected = _independent(db, since, until, clock.now())
    shift = period.bounds(clock)[1] - period.bounds(clock)[0]
    before = _independent(db, since - shift, until - shift, clock.now())
    for key, value in expected.items():
        tile = board.tile(key)
        assert tile.value == pytest.approx(value), key
        assert tile.previous == pytest.approx(before[key]), key


def test_todays_tiles_have_the_seeded_values_targets_and_trends(db, clock, floor):
    board = dashboard.kpi_tiles(db, floor.supervisor, clock, today_period(clock))
    connect = board.tile(TileKey.CONNECT_RATE)
    assert (connect.numerator, connect.denominator) == (4, 6)
    assert connect.target == 0.75 and connect.meets_target is False
    assert connect.trend is Trend.UP and connect.improving is True  # yesterday 1 of 2
    assert board.tile(TileKey.SATISFACTION).value == pytest.approx((9 + 7 + 4 + 10) / 4)
    assert board.tile(TileKey.SLA_BREACHES).value == 1  # the urgent ticket opened 07:00, due at 09:00
    # Yesterday up to 10:00 opened no ticket, so none breached: today is worse.
    assert board.tile(TileKey.SLA_BREACHES).previous == 0 and board.tile(TileKey.SLA_BREACHES).improving is False
    assert board.tile(TileKey.REFILLS).value == 1
    assert board.tile(TileKey.CHURN_REACHED).value == 1


def test_charts_fold_hours_days_and_months_in_local_time(db, clock, floor):
    charts = dashboard.chart_series(db, floor.supervisor, clock, today_period(clock))
    by_hour = {(h.hour, h.disposition): h.count for h in charts.outcomes_by_hour}
    assert by_hour == {(8, "reached"): 1, (8, "no_answer"): 1, (9, "reached"): 3, (9, "busy"): 1}
    days = {d.day.isoformat(): d for d in charts.satisfaction_trend}
    assert days["2026-06-15"].count == 4 and days["2026-06-14"].average == 6
    assert charts.trend_start.isoformat() == "2026-06-02"
    months = {(m.month, m.category): m.count for m in charts.complaints_by_month}
    assert months[("2026-06", "quality")] == 2 and months[("2026-05", "stock_out")] == 1
    assert set(charts.top_categories[:2]) == {"logistics", "quality"}  # two each, then service
    sla = {row.category: (row.on_time, row.late) for row in charts.sla_compliance}
    assert sla["quality"] == (1, 1) and sla["service"] == (0, 1)


def test_agents_table_derives_status_from_claims_and_last_save(db, clock, floor):
    rows = {r.name: r for r in dashboard.agents_table(db, floor.supervisor, clock)}
    assert rows["agent1"].status is AgentStatus.ON_CALL and rows["agent1"].open_claims == 1
    assert rows["agent2"].status is AgentStatus.WRAP_UP
    assert rows["agent3"].status is AgentStatus.OFFLINE and rows["agent3"].calls_today == 0
    agent = rows["agent1"]
    assert (agent.calls_today, agent.reached_today) == (5, 3)
    assert agent.avg_handle_seconds == pytest.approx(240)
    assert agent.avg_wrap_seconds == pytest.approx((45 + 10 + 45 + 45) / 4)
    assert agent.avg_satisfaction == pytest.approx((9 + 7 + 4) / 3)
    assert "super1" not in rows


def test_alerts_show_sla_breach_near_due_repeat_severe_and_abandoned_lease(db, clock, floor):
    found = dashboard.alerts(db, floor.supervisor, clock)
    kinds = {(a.kind, a.ticket_id or a.task_id or a.member_id) for a in found}
    assert (AlertKind.SLA_BREACHED, floor.breached_ticket) in kinds
    assert (AlertKind.SLA_NEAR, floor.near_ticket) in kinds
    assert (AlertKind.SEVERE_REACTION, floor.severe_member) in kinds
    assert (AlertKind.ABANDONED_LEASE, floor.abandoned_task) in kinds
    repeat = [a for a in found if a.kind is AlertKind.REPEAT_COMPLAINT]
    assert [(a.member_id, a.count) for a in repeat] == [(floor.members[1], 2)]
    assert found[0].kind is AlertKind.SLA_BREACHED  # the most pressing first


def test_snapshot_bundles_the_same_figures(db, clock, floor):
    snap = dashboard.snapshot(db, floor.supervisor, clock, today_period(clock))
    assert snap.tiles == dashboard.kpi_tiles(db, floor.supervisor, clock, today_period(clock))
    assert snap.alerts == dashboard.alerts(db, floor.supervisor, clock)


def test_an_agent_is_refused_by_every_dashboard_function(db, clock, floor):
    period = today_period(clock)
    calls = [
        lambda: dashboard.kpi_tiles(db, floor.agent, clock, period),
        lambda: dashboard.chart_series(db, floor.agent, clock, period),
        lambda: dashboard.snapshot(db, floor.agent, clock, period),
        lambda: dashboard.agents_table(db, floor.agent, clock),
        lambda: dashboard.alerts(db, floor.agent, clock),
        lambda: reassign.assignable_agents(db, floor.agent, clock),
        lambda: reassign.move_tasks(db, floor.agent, clock, [floor.movable_task], to_agent_id=floor.agent.id),
        lambda: reassign.move_by_filter(db, floor.agent, clock, TaskFilter(), to_agent_id=floor.agent.id),
        lambda: reassign.count_matching(db, floor.agent, clock, TaskFilter()),
        lambda: reassign.move_members(db, floor.agent, clock, [floor.members[0]], to_agent_id=floor.agent.id),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()


def _task(db, task_id: int) -> FollowUpTask:
    with db.session() as s:
        return s.get(FollowUpTask, task_id)


def test_reassignment_moves_a_task_into_the_other_agents_queue(db, clock, floor):
    from app.services.queue import show_queue

    def queue_members(agent) -> set[int]:
        return {item.member_id for item in show_queue(db, agent, clock, limit=50)}

    moved_member = floor.members[1]
    assert moved_member in queue_members(floor.agent)
    assert moved_member not in queue_members(floor.other)
    result = reassign.move_tasks(db, floor.supervisor, clock, [floor.movable_task], to_agent_id=floor.other.id)
    assert (result.moved, result.skipped) == (1, 0)
    assert _task(db, floor.movable_task).assigned_agent_id == floor.other.id
    assert moved_member in queue_members(floor.other)
    assert moved_member not in queue_members(floor.agent)
    with db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "tasks.reassign")).one()
        assert entry.detail["task_ids"] == [floor.movable_task] and entry.user_id == floor.supervisor.id
        assert s.scalars(select(ChangeEvent).where(ChangeEvent.topic == "queue",
                                                   ChangeEvent.entity_id == moved_member)).first()


def test_bulk_move_by_filter_skips_live_claims_and_frees_abandoned_ones(db, clock, floor):
    assert reassign.count_matching(db, floor.supervisor, clock, TaskFilter(agent_id=floor.agent.id)) == 2
    result = reassign.move_by_filter(db, floor.supervisor, clock, TaskFilter(agent_id=floor.agent.id),
                                     to_agent_id=floor.other.id)
    assert (result.moved, result.skipped) == (1, 1)  # the live claim stays with the agent on the call
    result = reassign.move_by_filter(db, floor.supervisor, clock, TaskFilter(reason="delivery_survey"),
                                     to_agent_id=floor.agent.id)
    task = _task(db, floor.abandoned_task)
    assert result.moved == 1 and task.assigned_agent_id == floor.agent.id
    assert (task.status, task.claimed_by_id, task.lease_until) == ("open", None, None)
    with pytest.raises(ValidationError):
        reassign.move_by_filter(db, floor.supervisor, clock, TaskFilter(tier="platinum"), to_agent_id=floor.agent.id)


def test_moving_ownership_takes_the_members_held_tasks_along(db, clock, floor):
    first, second = floor.members[0], floor.members[1]
    result = reassign.move_members(db, floor.supervisor, clock, [first, second], to_agent_id=floor.other.id)
    with db.session() as s:
        owners = dict(s.execute(select(Member.id, Member.owner_id).where(Member.id.in_([first, second]))).all())
    assert owners == {first: floor.other.id, second: floor.other.id}
    assert result.moved == 1 and result.skipped == 1  # the cadence task moves; the live claim stays
    assert _task(db, floor.movable_task).assigned_agent_id == floor.other.id
