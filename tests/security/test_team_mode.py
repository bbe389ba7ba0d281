"""Team mode on the run's PostgreSQL: each user is a login role, and with an agent's own
login and psql-level SQL the attacks of issue 15 are refused while the agent works its queue."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from sqlalchemy import select

from app.data.tables import AuditEntry, Call, FollowUpTask
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.loyalty.ledger import Kind, Source
from app.services import calls, loyalty, queue
from app.services.errors import PermissionDenied, ValidationError
from app.services.loyalty import ledger
from app.services.members import edit as member_edit
from app.services.users import actor_by_name
from tests.security.team import PASSWORD, admin_cli, zone_at_one_pm
from tests.security.team import connect as _connect, owner_rows as _owner, refused as _refused, rows as _rows
from tests.support.call_world import outcome
from tests.support.factories import make_member
from tests.sync.support import make_task, reached_payload

pytestmark = pytest.mark.postgres


def test_user_add_makes_a_scram_login_in_its_group_roles(team):
    (secret,) = _owner(team, "SELECT rolpassword FROM pg_authid WHERE rolname = %s", (team.names["nurse"],))[0]
    assert secret.startswith("SCRAM-SHA-256$")
    groups = {g for (g,) in _owner(team, "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                                         "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = %s", (team.names["nurse"],))}
    assert groups == {"caredesk_agent", "caredesk_health"}
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        _connect(team, "agent", "not-the-password")


def test_an_agent_cannot_promote_itself_or_change_roles(team):
    me = team.names["agent"]
    _refused(team, "agent", "UPDATE users SET role = 'admin' WHERE username = %s", (me,))
    _refused(team, "agent", "UPDATE public.users SET role = 'admin' WHERE username = %s", (me,))
    _refused(team, "agent", f'ALTER ROLE "{me}" CREATEROLE')
    _refused(team, "agent", f'GRANT caredesk_admin TO "{me}"')
    assert _owner(team, "SELECT role FROM users WHERE username = %s", (me,)) == [("agent",)]


def test_nobody_reads_password_hashes(team):
    for who in ("agent", "supervisor", "admin"):
        _refused(team, who, "SELECT password_hash FROM public.users")
        assert {h for (h,) in _rows(team, who, "SELECT password_hash FROM users")} == {""}


def test_health_data_only_with_the_grant(team):
    _refused(team, "agent", "SELECT conditions FROM health_profiles")
    _refused(team, "supervisor", "SELECT conditions FROM health_profiles")
    assert ("高血压",) in _rows(team, "nurse", "SELECT conditions FROM health_profiles")


def test_the_full_phone_only_through_the_audited_reveal_for_a_live_claim(team):
    _refused(team, "agent", "SELECT phone_e164 FROM public.members")
    seen = {p for (p,) in _rows(team, "agent", "SELECT phone_e164 FROM members")}
    assert "+8613812345678" not in seen and "+8613800005678" in seen  # masked, same look: 138****5678
    _refused(team, "agent", "SELECT caredesk_reveal_phone(%s)", (team.member["mine"],))
    agent_db = team.db("agent")
    try:
        actor = actor_by_name(agent_db, team.names["agent"])
        assert queue.claim_task(agent_db, actor, Clock(), team.task["mine"])
        assert _rows(team, "agent", "SELECT caredesk_reveal_phone(%s)", (team.member["mine"],)) == [("+8613812345678",)]
        _refused(team, "agent", "SELECT caredesk_reveal_phone(%s)", (team.member["theirs"],))
        queue.release(agent_db, actor, Clock(), [team.task["mine"]])
    finally:
        agent_db.dispose()
    reveals = _owner(team, "SELECT user_id, entity_id FROM audit_log WHERE action = 'phone.reveal'")
    assert reveals == [(team.ids["agent"], str(team.member["mine"]))]


def test_the_audit_log_is_append_only_for_every_application_role(team):
    for who in ("agent", "supervisor", "admin"):
        _refused(team, who, "UPDATE audit_log SET action = 'x'")
        _refused(team, who, "DELETE FROM audit_log")
        _refused(team, who, "TRUNCATE audit_log")


def test_an_agent_writes_calls_only_as_itself(team):
    other = team.ids["other"]
    with _connect(team, "agent") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO calls (client_id, member_id, agent_id, channel, reasons, started_at, saved_at, "
                "disposition, adverse_reaction, answers, notes) VALUES (%s, %s, %s, 'phone', '', now(), now(), "
                "'reached', 'none', '{}', 'forged')", (str(uuid.uuid4()), team.member["pool"], other))


def test_an_agent_does_not_see_another_agents_queue_or_members(team):
    tasks = {t for (t,) in _rows(team, "agent", "SELECT id FROM follow_up_tasks")}
    assert team.task["theirs"] not in tasks and {team.task["mine"], team.task["pool"]} <= tasks
    members = {m for (m,) in _rows(team, "agent", "SELECT id FROM members")}
    assert team.member["theirs"] not in members
    assert team.task["theirs"] in {t for (t,) in _rows(team, "supervisor", "SELECT id FROM follow_up_tasks")}


def test_an_agent_does_not_read_the_call_notes_of_members_it_does_not_work(team):
    _owner(team, "INSERT INTO calls (client_id, member_id, agent_id, channel, reasons, started_at, saved_at, "
                 "disposition, adverse_reaction, answers, notes) VALUES (%s, %s, %s, 'phone', '', now(), now(), "
                 "'reached', 'none', '{}', '其他坐席的记录') RETURNING id",
           (str(uuid.uuid4()), team.member["theirs"], team.ids["other"]))
    query = "SELECT notes FROM calls WHERE member_id = %s"
    assert _rows(team, "supervisor", query, (team.member["theirs"],)) == [("其他坐席的记录",)]
    assert _rows(team, "agent", query, (team.member["theirs"],)) == []


def test_the_agent_works_its_queue_and_saves_outcomes_through_the_cli_with_its_own_login(team, tmp_path):
    url, me = team.url("agent"), team.names["agent"]
    shown = admin_cli("--db", url, "queue", "show", "--agent", me, "--json")
    assert shown.returncode == 0, shown.stderr
    assert team.task["mine"] in {item["task_id"] for item in json.loads(shown.stdout)}
    refused = admin_cli("--db", url, "queue", "show", "--agent", team.names["other"], "--json")
    assert refused.returncode == 1 and "may not act as" in refused.stderr
    build = admin_cli("--db", url, "queue", "build")
    assert build.returncode == 1

    agent_db = team.db("agent")
    try:
        actor = actor_by_name(agent_db, me)
        assert queue.claim_task(agent_db, actor, Clock(), team.task["mine"])
    finally:
        agent_db.dispose()
    payload = tmp_path / "outcome.json"
    payload.write_text(json.dumps(reached_payload(notes="按时服用")), encoding="utf-8")
    saved = admin_cli("--db", url, "outcome", "record", "--task", str(team.task["mine"]), "--agent", me,
                      "--json", str(payload))
    assert saved.returncode == 0, saved.stderr
    call_id = json.loads(saved.stdout)["call_id"]
    owner = Database.from_url(team.owner_url)
    try:
        with owner.session() as s:
            assert s.get(Call, call_id).agent_id == team.ids["agent"]
            assert s.get(FollowUpTask, team.task["mine"]).status == "done"
            assert s.scalar(select(AuditEntry.user_id).where(AuditEntry.entity == "call")) in (None, team.ids["agent"])
    finally:
        owner.dispose()


def test_disabling_a_user_disables_its_login(team):
    name = team.names["other"]
    assert admin_cli("--db", team.owner_url, "user", "disable", name).returncode == 0
    assert _owner(team, "SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (name,)) == [(False,)]
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        _connect(team, "other")
    assert admin_cli("--db", team.owner_url, "user", "enable", name).returncode == 0
    assert _rows(team, "other", "SELECT current_user") == [(name,)]
    # User management needs the owner's URL, never a user's own login (not even an admin's).
    assert admin_cli("--db", team.url("admin"), "user", "disable", team.names["agent"]).returncode == 1


def test_signin_on_the_server_is_the_login_itself_and_is_audited(team):
    url, me = team.url("agent"), team.names["agent"]
    ok = admin_cli("--db", url, "signin", me, "--password-stdin", stdin=PASSWORD + "\n")
    assert ok.returncode == 0, ok.stderr
    wrong = admin_cli("--db", url, "signin", me, "--password-stdin", stdin="not-the-password\n")
    assert wrong.returncode == 1 and "wrong user name or password" in wrong.stderr
    assert admin_cli("--db", team.owner_url, "user", "lock", me).returncode == 0
    locked = admin_cli("--db", url, "signin", me, "--password-stdin", stdin=PASSWORD + "\n")
    assert locked.returncode == 1 and "locked" in locked.stderr
    assert admin_cli("--db", team.owner_url, "user", "unlock", me).returncode == 0
    rows = _owner(team, "SELECT action, detail::text FROM audit_log WHERE entity = 'user' AND entity_id = %s "
                        "AND action LIKE 'signin.%%' ORDER BY id", (me,))
    assert [a for a, _ in rows] == ["signin.ok", "signin.refused"]
    assert "server_login" in rows[0][1]


def test_only_a_supervisors_login_lifts_do_not_call_even_in_plain_sql(team):
    # Setting it is open to agents; lifting it needs a supervisor (the service checks it too).
    mine, pool = team.member["mine"], team.member["pool"]
    with _connect(team, "agent") as conn:
        assert conn.execute("UPDATE members SET do_not_call = true WHERE id = %s", (mine,)).rowcount == 1
    with _connect(team, "agent") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="needs a supervisor"):
            conn.execute("UPDATE members SET do_not_call = false WHERE id = %s", (mine,))
    with _connect(team, "nurse") as conn:  # the health grant is no supervisor; rolled back on leaving
        conn.execute("UPDATE members SET do_not_call = true WHERE id = %s", (pool,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="needs a supervisor"):
            conn.execute("UPDATE members SET do_not_call = false WHERE id = %s", (pool,))
    assert _owner(team, "SELECT do_not_call FROM members WHERE id = %s", (mine,)) == [(True,)]
    with _connect(team, "supervisor") as conn:
        assert conn.execute("UPDATE members SET do_not_call = false WHERE id = %s", (mine,)).rowcount == 1
    assert _owner(team, "SELECT do_not_call FROM members WHERE id = %s", (mine,)) == [(False,)]


def test_an_agents_own_login_records_the_consent_changes_of_a_member_it_works(team):
    owner = Database.from_url(team.owner_url)
    now = datetime.now(UTC)
    try:
        with owner.session(write=True) as s:  # a member of its own: no other test changes it
            member = make_member(s, at=now - timedelta(days=30), phone="+8613612345671", timezone=zone_at_one_pm(),
                                 name="会员同意", consent=False)
            task = make_task(s, member.id, at=now)
            task.assigned_agent_id = team.ids["agent"]
            member_id, task_id = member.id, task.id
    finally:
        owner.dispose()
    agent_db, clock = team.db("agent"), Clock()
    try:
        actor = actor_by_name(agent_db, team.names["agent"])
        prefs = member_edit.load_contact_preferences(agent_db, actor, clock, member_id)
        member_edit.save_contact_preferences(agent_db, actor, clock, member_id, version=prefs.version, consent=True)
        queue.claim_task(agent_db, actor, clock, task_id)
        calls.record_outcome(agent_db, actor, clock, task_id=task_id, payload=outcome(disposition="do_not_call"))
    finally:
        agent_db.dispose()
    assert _owner(team, "SELECT granted, channel, purpose, recorded_by_id FROM consent_records WHERE member_id = %s "
                        "ORDER BY id", (member_id,)) == [(True, "contact_form", "care_calls", team.ids["agent"]),
                                                        (False, "phone", "care_calls", team.ids["agent"])]


def test_an_agent_records_consent_only_as_itself_and_for_members_it_works(team):
    insert = ("INSERT INTO consent_records (member_id, at, granted, channel, purpose, recorded_by_id) "
              "VALUES (%s, now(), true, 'phone', 'care_calls', %s)")
    _refused(team, "agent", insert, (team.member["theirs"], team.ids["agent"]))  # a member it does not work
    _refused(team, "agent", insert, (team.member["mine"], team.ids["other"]))  # in another user's name
    _refused(team, "agent", "UPDATE consent_records SET granted = NOT granted")  # a record is history
    assert _rows(team, "agent", "SELECT count(*) FROM consent_records WHERE member_id = %s",
                 (team.member["theirs"],)) == [(0,)]


POST = ("SELECT * FROM caredesk_post_points(%s::bigint, %s::integer, %s, %s, %s, %s, %s::timestamptz, %s::bigint, "
        "%s::integer)")


def _pool_member(team) -> tuple[int, int]:
    """A new member in the pool with an open task, made as the owner: (member id, task id)."""
    owner = Database.from_url(team.owner_url)
    try:
        with owner.session(write=True) as s:
            member = make_member(s, at=datetime.now(UTC) - timedelta(days=30), timezone=zone_at_one_pm())
            return member.id, make_task(s, member.id, at=datetime.now(UTC)).id
    finally:
        owner.dispose()


def _give_points(team, member_id: int, points: int) -> None:
    owner = Database.from_url(team.owner_url)
    try:
        with owner.session(write=True) as s:
            ledger.post(s, Clock(), member_id, delta=points, kind=Kind.EARNED, source=Source.ORDER, reason="order",
                        client_key=f"seed:{uuid.uuid4().hex}", expires_at=datetime.now(UTC) + timedelta(days=300))
    finally:
        owner.dispose()


def test_an_agent_cannot_set_member_values_or_take_a_member_over_in_plain_sql(team):
    # The agent works "mine" (its care manager) and sees "pool": privileges refuse, not row visibility.
    mine, pool = team.member["mine"], team.member["pool"]
    before = _owner(team, "SELECT points_balance, tier, total_spent_fen, name, lifecycle_stage, owner_id "
                          "FROM members WHERE id IN (%s, %s) ORDER BY id", (mine, pool))
    for column, value in (("points_balance", "points_balance + 100000"), ("tier", "'diamond'"),
                          ("total_spent_fen", "99999999"), ("name", "'改名'"), ("lifecycle_stage", "'stable'"),
                          ("owner_id", "caredesk_uid()")):
        _refused(team, "agent", f"UPDATE members SET {column} = {value} WHERE id = %s", (mine,))
    _refused(team, "agent", "UPDATE members SET owner_id = caredesk_uid() WHERE id = %s", (pool,))
    _refused(team, "agent", "UPDATE members SET owner_id = caredesk_uid() WHERE owner_id IS NULL")
    after = _owner(team, "SELECT points_balance, tier, total_spent_fen, name, lifecycle_stage, owner_id "
                         "FROM members WHERE id IN (%s, %s) ORDER BY id", (mine, pool))
    assert after == before
    # A severe reaction's flag: the agent sets it (the outcome save), only a supervisor clears it.
    with _connect(team, "agent") as conn:
        assert conn.execute("UPDATE members SET medical_flag = true WHERE id = %s", (mine,)).rowcount == 1
    with _connect(team, "agent") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="needs a supervisor"):
            conn.execute("UPDATE members SET medical_flag = false WHERE id = %s", (mine,))
    with _connect(team, "supervisor") as conn:
        assert conn.execute("UPDATE members SET medical_flag = false WHERE id = %s", (mine,)).rowcount == 1


def test_an_agent_cannot_write_points_in_plain_sql_not_even_through_the_servers_function(team):
    member, _ = _pool_member(team)
    _give_points(team, member, 1000)
    _refused(team, "agent", "INSERT INTO points_ledger (member_id, delta, kind, source, reason, created_at) "
                            "VALUES (%s, 100000, 'bonus', 'call', 'forged', now())", (member,))
    _refused(team, "agent", "UPDATE points_ledger SET delta = delta * 100 WHERE member_id = %s", (member,))
    _refused(team, "agent", "UPDATE points_ledger SET expires_at = NULL WHERE member_id = %s", (member,))
    _refused(team, "agent", "UPDATE referrals SET status = 'pending'")
    other_call = _owner(team, "INSERT INTO calls (client_id, member_id, agent_id, channel, reasons, started_at, "
                              "saved_at, disposition, adverse_reaction, answers, notes) VALUES (%s, %s, %s, 'phone', "
                              "'', now(), now(), 'reached', 'none', '{}', '') RETURNING id",
                        (str(uuid.uuid4()), member, team.ids["other"]))[0][0]
    for args in (
        (member, 100000, "bonus", "call", "forged", "survey:1", None, None, None),  # a credit on no call
        (member, 100000, "bonus", "call", "forged", f"survey:{other_call}", None, other_call, None),  # not its call
        (member, 100000, "adjusted", "admin", "forged", "adjust:1", None, None, None),  # an admin's correction
        (member, 100000, "bonus", "order", "forged", None, None, None, None),  # no key: not once per call
        (member, -1000, "redeemed", "call", "gift", "redeem:x", None, None, None),  # a spend without a live claim
    ):
        _refused(team, "agent", POST, args)
    lot = _owner(team, "SELECT id FROM points_ledger WHERE member_id = %s", (member,))[0][0]
    with _connect(team, "agent") as conn:  # a lot not yet due is no one's to expire
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute("SELECT caredesk_settle_lot(%s, 1000, false, 'x')", (lot,))
    assert _owner(team, "SELECT points_balance, (SELECT sum(delta) FROM points_ledger WHERE member_id = %s) "
                        "FROM members WHERE id = %s", (member, member)) == [(1000, 1000)]


def test_an_agents_credit_is_once_per_purpose_of_its_own_call_and_audited(team):
    # What the function still lets a login do (the amount is the programme's, in the service):
    # one survey and one remedy credit per call the agent saved itself, in its name.
    member, _ = _pool_member(team)
    with _connect(team, "agent") as conn:
        call = conn.execute("INSERT INTO calls (client_id, member_id, agent_id, channel, reasons, started_at, "
                            "saved_at, disposition, adverse_reaction, answers, notes) VALUES (%s, %s, caredesk_uid(), "
                            "'phone', '', now(), now(), 'reached', 'none', '{}', '') RETURNING id",
                            (str(uuid.uuid4()), member)).fetchone()[0]
        survey = f"survey:{call}"
        first = conn.execute(POST, (member, 20, "bonus", "call", "survey", survey, None, call, None)).fetchone()
        again = conn.execute(POST, (member, 500, "bonus", "call", "survey", survey, None, call, None)).fetchone()
        assert again == (first[0], True)
    _refused(team, "agent", POST, (member, 500, "bonus", "call", "survey", f"bonus:{call}", None, call, None))
    assert _owner(team, "SELECT delta, user_id FROM points_ledger WHERE member_id = %s", (member,)) == [
        (20, team.ids["agent"])]
    assert _owner(team, "SELECT user_id, detail->>'delta' FROM audit_log WHERE action = 'points.post' "
                        "AND entity_id = %s", (str(member),)) == [(team.ids["agent"], "20")]


def test_the_agent_redeems_on_its_call_through_the_service_with_its_own_login(team):
    member, task = _pool_member(team)
    _give_points(team, member, 1200)
    agent_db = team.db("agent")
    try:
        actor = actor_by_name(agent_db, team.names["agent"])
        with pytest.raises(PermissionDenied, match="only on a call"):  # no claim: the server refuses
            loyalty.redeem(agent_db, actor, Clock(), member, "gift", client_key="before-the-call")
        assert queue.claim_task(agent_db, actor, Clock(), task)
        done = loyalty.redeem(agent_db, actor, Clock(), member, "gift", client_key="on-the-call")
        with pytest.raises(ValidationError, match="balance is 700"):  # the service's rule, before the server's
            loyalty.redeem(agent_db, actor, Clock(), member, "consultant", client_key="too-much")
        queue.release(agent_db, actor, Clock(), [task])
    finally:
        agent_db.dispose()
    assert done.balance == 700
    assert _owner(team, "SELECT points_balance FROM members WHERE id = %s", (member,)) == [(700,)]
    assert _owner(team, "SELECT action, user_id FROM audit_log WHERE entity_id = %s AND action LIKE 'points.%%' "
                        "ORDER BY id", (str(member),)) == [("points.post", team.ids["agent"]),
                                                          ("points.redeem", team.ids["agent"])]
