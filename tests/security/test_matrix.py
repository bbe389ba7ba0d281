"""The role matrix (docs/security.md) holds: on SQLite through the services, on PostgreSQL
through the services with each role's own login, and on PostgreSQL as plain SQL."""

from datetime import timedelta

import psycopg
import pytest
from sqlalchemy import select

from app.data.tables import AuditEntry, HealthProfile
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.codes import Role
from app.services.errors import PermissionDenied
from app.services.members import edit
from app.services.users import Actor, actor_by_name
from tests.security.matrix import CASES, ROLES, World
from tests.security.team import zone_at_one_pm
from tests.support.call_world import build_world
from tests.support.factories import make_member, make_user
from tests.sync.support import make_task


def _check(world: World, role: str, case: str) -> None:
    allowed, run = CASES[case]
    if role in allowed:
        run(world)
    else:
        with pytest.raises(PermissionDenied):
            run(world)


def _member_of(db: Database, clock: Clock, user_id: int, *, timezone: str) -> int:
    """A member whose care manager is `user_id`, with a health profile and a task of theirs."""
    with db.session(write=True) as s:
        member = make_member(s, at=clock.now() - timedelta(days=30), owner_id=user_id, timezone=timezone)
        s.add(HealthProfile(member_id=member.id, conditions="糖尿病", updated_at=clock.now()))
        make_task(s, member.id, at=clock.now()).assigned_agent_id = user_id
        return member.id


def _pool_task_maker(db: Database, clock: Clock, *, timezone: str):
    def make(**member) -> int:
        with db.session(write=True) as s:
            member = make_member(s, at=clock.now() - timedelta(days=30), timezone=timezone, **member)
            return make_task(s, member.id, at=clock.now()).id
    return make


@pytest.fixture
def sqlite_worlds(sqlite_db, clock):
    with sqlite_db.session(write=True) as s:
        actors = {role: make_user(s, f"m_{role}", role="agent" if role == "nurse" else role,
                                  can_view_health=role == "nurse", at=clock.now()) for role in ROLES}
        other = make_user(s, "m_other", at=clock.now())
        ids = {}
        for key, assigned in (("mine", actors["agent"].id), ("theirs", other.id), ("pool", None)):
            member = make_member(s, at=clock.now() - timedelta(days=30),
                                 owner_id=actors["agent"].id if key == "mine" else None)
            s.add(HealthProfile(member_id=member.id, conditions="糖尿病", updated_at=clock.now()))
            make_task(s, member.id, at=clock.now()).assigned_agent_id = assigned
            ids[key] = member.id
    new_task = _pool_task_maker(sqlite_db, clock, timezone="Asia/Shanghai")
    return {role: World(sqlite_db, actors[role], clock, ids, other, "m_other", new_task, sqlite_db) for role in ROLES}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("role", ROLES)
def test_matrix_on_sqlite_through_the_services(sqlite_worlds, role, case):
    _check(sqlite_worlds[role], role, case)


@pytest.mark.postgres
@pytest.mark.parametrize("role", ROLES)
def test_matrix_on_postgresql_through_the_services_with_each_roles_own_login(team, role):
    db, owner = team.db(role), Database.from_url(team.owner_url)
    try:
        other = Actor(id=team.ids["other"], username=team.names["other"], role=Role.AGENT)
        member = dict(team.member)
        if role == "nurse":  # another agent: the server shows it only members of its own work
            member["mine"] = _member_of(owner, Clock(), team.ids["nurse"], timezone=zone_at_one_pm())
        world = World(db, actor_by_name(db, team.names[role]), Clock(), member, other, team.names["other"],
                      _pool_task_maker(owner, Clock(), timezone=zone_at_one_pm()), owner)
        for case in CASES:
            _check(world, role, case)
    finally:
        db.dispose()
        owner.dispose()


# Plain SQL with each role's own login: (statement, roles whose login the database lets do it).
SQL_MATRIX = [
    ("UPDATE users SET display_name = display_name", {"admin"}),
    ("UPDATE users SET role = role", {"admin"}),
    ("SELECT detail FROM audit_log", {"supervisor", "admin"}),
    ("SELECT conditions FROM health_profiles", {"admin", "nurse"}),
    ("SELECT value FROM health_indicators", {"admin", "nurse"}),
    ("SELECT count(*) FROM import_runs", {"supervisor", "admin"}),
    ("UPDATE follow_up_tasks SET assigned_agent_id = {other} WHERE id = {pool_task}", {"supervisor", "admin"}),
    ("UPDATE app_settings SET updated_at = updated_at", {"admin"}),
    ("INSERT INTO app_settings (section, \"values\", updated_at, version) VALUES ('x', '{{}}', now(), 1)", {"admin"}),
    ("INSERT INTO products (sku, name, category, pack_days, daily_dose, dosage, price_fen) "
     "VALUES ('X1', 'x', 'fish_oil', 30, '', '', 0)", {"supervisor", "admin"}),
    ("INSERT INTO audit_log (at, user_id, action, entity) VALUES (now(), {other}, 'forged', 'user')", set()),
    ("DELETE FROM calls", set()),
    ("DELETE FROM members", set()),
    ("SELECT password_hash FROM public.users", set()),
    ("SELECT phone_e164 FROM public.members", set()),
    # Member columns no agent use case writes (0016_agent_writes); reassignment is supervisors'.
    ("UPDATE members SET points_balance = points_balance + 100000 WHERE id = {mine}", {"supervisor", "admin"}),
    ("UPDATE members SET tier = 'diamond' WHERE id = {mine}", {"supervisor", "admin"}),
    ("UPDATE members SET total_spent_fen = 9999999 WHERE id = {mine}", {"supervisor", "admin"}),
    ("UPDATE members SET name = '改名' WHERE id = {mine}", {"supervisor", "admin"}),
    ("UPDATE members SET lifecycle_stage = 'stable' WHERE id = {mine}", {"supervisor", "admin"}),
    ("UPDATE members SET owner_id = caredesk_uid() WHERE id = {pool}", {"supervisor", "admin"}),
    ("UPDATE members SET best_times = '19:00-21:00', version = version + 1 WHERE id = {mine}", set(ROLES)),
    ("INSERT INTO points_ledger (member_id, delta, kind, source, reason, created_at) "
     "VALUES ({mine}, 100000, 'bonus', 'call', 'forged', now())", {"supervisor", "admin"}),
    ("UPDATE points_ledger SET delta = delta", {"supervisor", "admin"}),
    ("UPDATE referrals SET status = status", {"supervisor", "admin"}),
]


@pytest.mark.postgres
@pytest.mark.parametrize("who", ["agent", "nurse", "supervisor", "admin"])
def test_matrix_on_postgresql_as_plain_sql(team, who):
    url = team.url(who).replace("postgresql+psycopg://", "postgresql://")
    for statement, allowed in SQL_MATRIX:
        sql = statement.format(other=team.ids["other"], pool_task=team.task["pool"], mine=team.member["mine"],
                               pool=team.member["pool"])
        with psycopg.connect(url) as conn:
            try:
                cur = conn.execute(sql)
                # RLS may hide rows instead of raising: an UPDATE that touched nothing was refused.
                done = not sql.startswith("UPDATE follow_up_tasks") or cur.rowcount == 1
            except psycopg.errors.InsufficientPrivilege:
                done = False
            conn.rollback()
        assert done == (who in allowed), f"{who}: {sql}"


def test_lifting_do_not_call_is_audited_with_who_and_the_change(db, clock):
    w = build_world(db, clock)
    for actor, value in ((w.agent, True), (w.supervisor, False)):
        prefs = edit.load_contact_preferences(db, actor, clock, w.member_id)
        edit.save_contact_preferences(db, actor, clock, w.member_id, version=prefs.version, do_not_call=value)
    with db.session() as s:
        rows = s.execute(select(AuditEntry.user_id, AuditEntry.detail).where(
            AuditEntry.action == "member.edit_contact").order_by(AuditEntry.id)).all()
    assert [(user, detail["to"]) for user, detail in rows] == [
        (w.agent.id, {"do_not_call": True}), (w.supervisor.id, {"do_not_call": False})]
    assert rows[1][1]["from"] == {"do_not_call": True}
