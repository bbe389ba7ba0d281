"""Row-level security on dials and agent states (migration 0007_phone_rls), tried with each
user's own PostgreSQL login and psql-level SQL: an agent reads and writes only their own
phone_calls and agent_state_periods rows, a supervisor reads everyone's."""

import uuid

import psycopg
import pytest

from app.domain.clock import Clock
from app.services import telephony
from app.services.users import actor_by_name
from tests.security.team import PASSWORD

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def team(team):
    """The run's team server (tests/conftest.py) with the agents' states and dials below."""
    team.dial_ref = ""  # the agent's own dial, made below
    # Work done through the services with each one's own login: states, and the agent's dial.
    for who, state, reason in (("agent", "paused", "lunch"), ("other", "ready", None), ("supervisor", "ready", None)):
        db = team.db(who)
        try:
            actor = actor_by_name(db, team.names[who])
            telephony.set_agent_state(db, actor, Clock(), state, reason=reason)
            if who == "agent":
                telephony.set_agent_state(db, actor, Clock(), "ready")
                team.dial_ref = telephony.prepare_dial(db, actor, Clock(), task_id=team.task["mine"],
                                                           adapter="handoff").call_ref
        finally:
            db.dispose()
    # A dial of the other agent's, written by the owner (an agent could not: see below).
    _owner(team, "INSERT INTO phone_calls (call_ref, member_id, agent_id, adapter, dialled_at) "
                 "VALUES (%s, %s, %s, 'handoff', now())", (str(uuid.uuid4()), team.member["theirs"], team.ids["other"]))
    return team


def _connect(team, who: str) -> psycopg.Connection:
    return psycopg.connect(team.url(who, PASSWORD).replace("postgresql+psycopg://", "postgresql://"))


def _rows(team, who: str, statement: str, params=None) -> list[tuple]:
    with _connect(team, who) as conn:
        return conn.execute(statement, params).fetchall()


def _owner(team, statement: str, params=None) -> list[tuple]:
    with psycopg.connect(team.owner_url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        cursor = conn.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def _ids(rows) -> set[int]:
    return {r[0] for r in rows}


def test_an_agent_reads_only_its_own_dials_and_states(team):
    me, other = team.ids["agent"], team.ids["other"]
    assert _ids(_rows(team, "agent", "SELECT agent_id FROM phone_calls")) == {me}
    assert _ids(_rows(team, "agent", "SELECT agent_id FROM agent_state_periods")) == {me}
    assert _ids(_owner(team, "SELECT agent_id FROM phone_calls")) == {me, other}  # the rows are there
    assert [s for (s,) in _rows(team, "agent", "SELECT state FROM agent_state_periods ORDER BY id")] == [
        "paused", "ready", "on_call"]


def test_a_supervisor_reads_every_agents_dials_and_states(team):
    everyone = {team.ids["agent"], team.ids["other"], team.ids["supervisor"]}
    assert _ids(_rows(team, "supervisor", "SELECT agent_id FROM agent_state_periods")) == everyone
    assert _ids(_rows(team, "supervisor", "SELECT agent_id FROM phone_calls")) == {team.ids["agent"], team.ids["other"]}
    db = team.db("supervisor")
    try:
        board = {r.username: r for r in telephony.agent_board(db, actor_by_name(db, team.names["supervisor"]), Clock())}
    finally:
        db.dispose()
    assert (board[team.names["agent"]].state, board[team.names["other"]].state) == ("on_call", "ready")


@pytest.mark.parametrize("who", ["agent", "supervisor"])
def test_nobody_writes_a_dial_or_a_state_in_another_agents_name(team, who):
    other = team.ids["other"]
    with _connect(team, who) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("INSERT INTO agent_state_periods (agent_id, state, started_at) VALUES (%s, 'paused', now())",
                         (other,))
    with _connect(team, who) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("INSERT INTO phone_calls (call_ref, member_id, agent_id, adapter, dialled_at) "
                         "VALUES (%s, %s, %s, 'forged', now())", (str(uuid.uuid4()), team.member["pool"], other))


def test_an_agent_cannot_change_another_agents_rows_or_hand_its_own_over(team):
    other = team.ids["other"]
    with _connect(team, "agent") as conn:
        assert conn.execute("UPDATE phone_calls SET sip_status = 200 WHERE agent_id = %s", (other,)).rowcount == 0
        assert conn.execute("UPDATE agent_state_periods SET state = 'paused' WHERE agent_id = %s",
                            (other,)).rowcount == 0
    with _connect(team, "agent") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute("UPDATE phone_calls SET agent_id = %s WHERE call_ref = %s", (other, team.dial_ref))
    assert _owner(team, "SELECT sip_status FROM phone_calls WHERE agent_id = %s", (other,)) == [(None,)]
    assert _owner(team, "SELECT state FROM agent_state_periods WHERE agent_id = %s", (other,)) == [("ready",)]
    # Its own dial it may finish, as the dialer does.
    with _connect(team, "agent") as conn:
        assert conn.execute("UPDATE phone_calls SET sip_status = 486 WHERE call_ref = %s",
                            (team.dial_ref,)).rowcount == 1
