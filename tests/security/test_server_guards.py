"""Team mode, migration 0018_server_guards: with an agent's own login and plain SQL the server
caps survey and remedy credits by the stored settings, keeps consent records and the ledger to
the members of the agent's work, writes the phones the agent reads masked only through its
audited functions, and the fraud review list names no phone; the services keep working
under the same login."""

import uuid
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.loyalty.fraud import hidden_subject
from app.domain.loyalty.ledger import Kind, Source
from app.domain.loyalty.settings import DEFAULT_LOYALTY
from app.services import calls, loyalty, privacy, queue, settings
from app.services.loyalty import jobs, ledger
from app.services.members import edit as member_edit
from app.services.users import actor_by_name
from tests.security.team import connect, owner_rows, refused, rows, zone_at_one_pm
from tests.support.call_world import outcome
from tests.support.factories import make_member
from tests.sync.support import make_task

pytestmark = pytest.mark.postgres

POST = ("SELECT * FROM caredesk_post_points(%s::bigint, %s::integer, %s, %s, %s, %s, %s::timestamptz, %s::bigint, "
        "%s::integer)")
CALL = ("INSERT INTO calls (client_id, member_id, agent_id, channel, reasons, started_at, saved_at, disposition, "
        "adverse_reaction, answers, notes) VALUES (%s, %s, {agent}, 'phone', '', now(), now(), %s, 'none', '{{}}', '') "
        "RETURNING id")


def _member(team, *, phone: str | None = None, alt: str | None = None, assigned: str | None = None,
            points: int = 0) -> tuple[int, int]:
    """A new member with an open task (assigned to `assigned`, else in the pool): (member, task)."""
    owner = Database.from_url(team.owner_url)
    now = datetime.now(UTC)
    try:
        with owner.session(write=True) as s:
            phone = phone or f"+86137{uuid.uuid4().int % 10**8:08d}"  # shared with no one (the fraud check)
            member = make_member(s, at=now - timedelta(days=30), phone=phone, timezone=zone_at_one_pm())
            member.phone_alt_e164 = alt
            task = make_task(s, member.id, at=now)
            task.assigned_agent_id = team.ids[assigned] if assigned else None
            s.flush()
            if points:
                ledger.post(s, Clock(), member.id, delta=points, kind=Kind.EARNED, source=Source.ORDER,
                            reason="order", client_key=f"seed:{uuid.uuid4().hex}", expires_at=now + timedelta(days=300))
            return member.id, task.id
    finally:
        owner.dispose()


def _unwritable(team, statement: str, params) -> None:
    """The masked view's phone columns stay read-only for the agent's login."""
    with connect(team, "agent") as conn:
        with pytest.raises(psycopg.errors.FeatureNotSupported, match="not updatable|cannot update column"):
            conn.execute(statement, params)


def _own_call(conn: psycopg.Connection, member: int, disposition: str = "reached") -> int:
    return conn.execute(CALL.format(agent="caredesk_uid()"), (str(uuid.uuid4()), member, disposition)).fetchone()[0]


# --- 1. credits capped by the settings row the app reads ---------------------------------

def test_the_server_caps_an_agents_survey_and_remedy_credit_by_the_stored_settings(team):
    member, _ = _member(team)
    survey, remedy = DEFAULT_LOYALTY.survey_points, DEFAULT_LOYALTY.remedy_points
    with connect(team, "agent") as conn:
        call = _own_call(conn, member)
    for key, amount in ((f"survey:{call}", survey + 1), (f"remedy:{call}", remedy + 1), (f"survey:{call}", 100000)):
        with connect(team, "agent") as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="at most"):
                conn.execute(POST, (member, amount, "bonus", "call", "x", key, None, call, None))
    with connect(team, "agent") as conn:
        conn.execute(POST, (member, survey, "bonus", "call", "survey", f"survey:{call}", None, call, None))
        conn.execute(POST, (member, remedy, "bonus", "call", "revisit_remedy", f"remedy:{call}", None, call, None))
    assert owner_rows(team, "SELECT points_balance FROM members WHERE id = %s", (member,)) == [(survey + remedy,)]

    # An admin's change of the setting moves the server's cap too: the same row.
    admin_db = team.db("admin")
    try:
        admin = actor_by_name(admin_db, team.names["admin"])
        settings.update_settings(admin_db, admin, Clock(), "loyalty", {"survey_points": str(survey + 10)})
        with connect(team, "agent") as conn:
            second = _own_call(conn, member)
            conn.execute(POST, (member, survey + 10, "bonus", "call", "survey", f"survey:{second}", None, second, None))
    finally:
        settings.update_settings(admin_db, admin, Clock(), "loyalty", {"survey_points": str(survey)})
        admin_db.dispose()
    assert owner_rows(team, "SELECT sum(delta) FROM points_ledger WHERE member_id = %s", (member,)) == [
        (2 * survey + remedy + 10,)]


def test_the_survey_and_remedy_credits_of_an_outcome_pass_under_the_agents_login(team):
    # The normal amounts, through the service (the matrix runs the remedy on a re-visit too).
    member, task = _member(team, assigned="agent")
    agent_db = team.db("agent")
    try:
        actor = actor_by_name(agent_db, team.names["agent"])
        done = calls.record_outcome(agent_db, actor, Clock(), task_id=task, payload=outcome(satisfaction=5))
    finally:
        agent_db.dispose()
    assert owner_rows(team, "SELECT delta, client_key FROM points_ledger WHERE member_id = %s", (member,)) == [
        (DEFAULT_LOYALTY.survey_points, f"survey:{done.call_id}")]


# --- 2. consent records: members of the agent's work, in its own name, append-only --------

def test_supervisors_and_admins_record_consent_for_any_member_and_nobody_rewrites_one(team):
    theirs = team.member["theirs"]
    insert = ("INSERT INTO consent_records (member_id, at, granted, channel, purpose, recorded_by_id) "
              "VALUES (%s, now(), true, %s, 'care_calls', %s)")
    with connect(team, "admin") as conn:  # an import's record is by nobody (the shop's file said it)
        conn.execute(insert, (theirs, "import", None))
    supervisor_db = team.db("supervisor")
    try:
        actor = actor_by_name(supervisor_db, team.names["supervisor"])
        privacy.record_consent(supervisor_db, actor, Clock(), theirs, granted=True, channel="paper")
    finally:
        supervisor_db.dispose()
    assert rows(team, "supervisor", "SELECT channel, recorded_by_id FROM consent_records WHERE member_id = %s "
                                    "ORDER BY id", (theirs,)) == [("import", None), ("paper", team.ids["supervisor"])]
    assert rows(team, "other", "SELECT count(*) FROM consent_records WHERE member_id = %s", (theirs,)) == [(2,)]
    for who in ("agent", "other", "supervisor", "admin"):
        refused(team, who, "UPDATE consent_records SET granted = NOT granted")
        refused(team, who, "DELETE FROM consent_records")
        refused(team, who, "TRUNCATE consent_records")


# --- 3. fraud flags name a digest, never a phone ----------------------------------------

def test_a_shared_phone_flag_names_the_digest_and_the_check_knows_it(team):
    phone = "+8613655550123"
    for _ in range(DEFAULT_LOYALTY.fraud_phone_members):
        _member(team, phone=phone)
    owner = Database.from_url(team.owner_url)
    try:
        for expected in (1, 0):  # the second run compares digests: nothing new
            with owner.session(write=True) as s:
                assert jobs.fraud_check(s, Clock(), loyalty.loyalty_settings(s))["shared_phone"] == expected
    finally:
        owner.dispose()
    subjects = {subject for (subject,) in rows(team, "supervisor", "SELECT subject FROM fraud_flags")}
    assert hidden_subject(f"phone:{phone}") in subjects
    assert not [s for s in subjects if "+86" in s or "13655550123" in s]


# --- 4. the phones an agent reads masked, written through the server's functions ---------

def test_a_wrong_number_outcome_under_the_agents_login_moves_the_alternative_up_then_drops_it(team):
    member, task = _member(team, phone="+8613811110001", alt="+8613811110002", assigned="agent")
    agent_db, clock = team.db("agent"), Clock()
    try:
        actor = actor_by_name(agent_db, team.names["agent"])
        first = calls.record_outcome(agent_db, actor, clock, task_id=task, payload=outcome(disposition="wrong_number"))
        assert owner_rows(team, "SELECT phone_e164, phone_alt_e164 FROM members WHERE id = %s", (member,)) == [
            ("+8613811110002", None)]
        assert owner_rows(team, "SELECT status FROM follow_up_tasks WHERE id = %s", (task,)) == [("open",)]
        second = calls.record_outcome(agent_db, actor, clock, task_id=task, payload=outcome(disposition="wrong_number"))
    finally:
        agent_db.dispose()
    assert owner_rows(team, "SELECT phone_e164, phone_alt_e164 FROM members WHERE id = %s", (member,)) == [(None, None)]
    assert owner_rows(team, "SELECT status FROM follow_up_tasks WHERE id = %s", (task,)) == [("cancelled",)]
    assert owner_rows(team, "SELECT user_id, detail->>'call_id' FROM audit_log WHERE action = 'phone.wrong_number' "
                            "AND entity_id = %s ORDER BY id", (str(member),)) == [
        (team.ids["agent"], str(first.call_id)), (team.ids["agent"], str(second.call_id))]
    # Still masked for the agent: nothing it reads changed.
    assert rows(team, "agent", "SELECT phone_e164 FROM members WHERE id = %s", (team.member["mine"],)) == [
        ("+8613800005678",)]


def test_the_server_drops_a_number_only_on_a_wrong_number_call_of_the_callers_own_and_once(team):
    member, _ = _member(team, phone="+8613822220001", alt="+8613822220002")
    drop = "SELECT caredesk_drop_wrong_number(%s, %s)"
    other_call = owner_rows(team, CALL.format(agent="%s"), (str(uuid.uuid4()), member, team.ids["other"],
                                                           "wrong_number"))[0][0]
    with connect(team, "agent") as conn:
        reached = _own_call(conn, member)
    refused(team, "agent", drop, (member, other_call))  # another agent's call
    refused(team, "agent", drop, (member, reached))  # not a wrong number
    _unwritable(team, "UPDATE members SET phone_e164 = NULL WHERE id = %s", (member,))
    with connect(team, "agent") as conn:
        wrong = _own_call(conn, member, "wrong_number")
        assert conn.execute(drop, (member, wrong)).fetchone() == (True,)
    refused(team, "agent", drop, (member, wrong))  # once per call
    assert owner_rows(team, "SELECT phone_e164, phone_alt_e164 FROM members WHERE id = %s", (member,)) == [
        ("+8613822220002", None)]


def test_the_agent_edits_the_alternative_phone_of_a_member_it_works_under_its_own_login(team):
    mine = team.member["mine"]
    agent_db, clock = team.db("agent"), Clock()
    try:
        actor = actor_by_name(agent_db, team.names["agent"])
        prefs = member_edit.load_contact_preferences(agent_db, actor, clock, mine)
        saved = member_edit.save_contact_preferences(agent_db, actor, clock, mine, version=prefs.version,
                                                     phone_alt_e164="139 3333 0004", best_times="09:00-12:00")
        assert saved.phone_alt_e164 == "+8613900000004"  # what the agent reads: masked, as before
        assert saved.best_times == "09:00-12:00"
        saved = member_edit.save_contact_preferences(agent_db, actor, clock, mine, version=saved.version,
                                                     phone_alt_e164=None)
        assert saved.phone_alt_e164 is None
    finally:
        agent_db.dispose()
    assert owner_rows(team, "SELECT action FROM audit_log WHERE action = 'phone.set_alt' AND entity_id = %s",
                      (str(mine),)) == [("phone.set_alt",), ("phone.set_alt",)]
    refused(team, "agent", "SELECT caredesk_set_alt_phone(%s, '+8613933330006')", (team.member["theirs"],))
    _unwritable(team, "UPDATE members SET phone_alt_e164 = '+8613933330006' WHERE id = %s", (mine,))


# --- 5. the ledger: members of the agent's work ------------------------------------------

def test_an_agent_reads_the_ledger_of_the_members_it_works_only(team):
    theirs, _ = _member(team, assigned="other", points=900)
    mine, task = _member(team, assigned="agent", points=1200)
    assert rows(team, "agent", "SELECT count(*) FROM points_ledger WHERE member_id = %s", (theirs,)) == [(0,)]
    assert rows(team, "other", "SELECT sum(delta) FROM points_ledger WHERE member_id = %s", (theirs,)) == [(900,)]
    assert rows(team, "supervisor", "SELECT sum(delta) FROM points_ledger WHERE member_id IN (%s, %s)",
                (theirs, mine)) == [(2100,)]
    agent_db, clock = team.db("agent"), Clock()
    try:
        actor = actor_by_name(agent_db, team.names["agent"])
        view = loyalty.show_points(agent_db, actor, clock, mine)
        assert (view.programme.balance, view.ledger_sum, len(view.entries)) == (1200, 1200, 1)
        assert queue.claim_task(agent_db, actor, clock, task)
        assert loyalty.redeem(agent_db, actor, clock, mine, "gift", client_key="ledger-rls").balance == 700
        queue.release(agent_db, actor, clock, [task])
    finally:
        agent_db.dispose()
