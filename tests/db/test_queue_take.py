"""claim_next's take on PostgreSQL (issue 13): one statement locks the member and their open
tasks, compares them with what the ranking read (everything the door reads of the member,
their recent contacts, the tasks' row versions) and, unchanged, claims the tasks and writes
the change row. Changed since, nothing is written and the facts are read again under the
lock for the claim's door; held by another transaction, the member is passed over."""

import uuid
from datetime import timedelta

from psycopg._queries import MAX_CACHED_STATEMENT_LENGTH
from sqlalchemy import event, func, select, update

from app.data.tables import Call, ChangeEvent, FollowUpTask, Member
from app.services.queue import claim_next, release_all, show_queue, upsert_task
from app.services.queue.claims import _STATE_AND_SETTINGS, _take_unchanged, _take_unchanged_statement
from app.services.queue.rank import CLAIM_READ, FIRST_READ, _lookups, iter_ranked, take_item
from app.services.queue.rank_store import _first_read
from app.services.settings import queue_settings
from app.services.users import actor_by_name
from tests.support.factories import make_member, make_user


def _world(db, clock):
    with db.session(write=True) as s:
        agent = make_user(s, "agent01", at=clock.now())
        member = make_member(s, at=clock.now() - timedelta(days=90), phone="+8613900000001")
        upsert_task(s, clock, member_id=member.id, reason="refill", due_at=clock.now() - timedelta(hours=2))
        return agent, member.id


def _ranked(session, clock, agent_id):
    settings = queue_settings(session)
    return settings, next(iter_ranked(session, clock, settings, agent_id=agent_id, own_claims=False, first_read=4))


def _take(session, agent, clock, ranked):
    return _take_unchanged(session, agent, clock, ranked, clock.now() + timedelta(minutes=15))


def _written(db, member_id):
    with db.session() as s:
        claimed = s.scalars(select(FollowUpTask.claimed_by_id).where(FollowUpTask.member_id == member_id)).all()
        changes = s.scalar(select(func.count()).select_from(ChangeEvent).where(ChangeEvent.entity_id == member_id))
        return claimed, changes


def test_an_unchanged_member_is_claimed_with_its_change_row_in_one_statement(pg_db, clock):
    agent, member_id = _world(pg_db, clock)
    with pg_db.session(write=True) as s:
        _settings, ranked = _ranked(s, clock, agent.id)
        assert ranked.member_id == member_id and ranked.row_versions is not None
        assert _take(s, agent, clock, ranked) is True
    assert _written(pg_db, member_id) == ([agent.id], 1)


def test_a_member_changed_since_the_ranking_is_read_again_and_the_door_refuses(pg_db, clock):
    agent, member_id = _world(pg_db, clock)
    with pg_db.session(write=True) as s:
        settings, ranked = _ranked(s, clock, agent.id)
        with pg_db.session(write=True) as other:  # committed between the ranking and the take
            other.execute(update(Member).where(Member.id == member_id).values(do_not_call=True))
        assert _take(s, agent, clock, ranked) is None
        assert take_item(s, clock, settings, ranked, agent_id=agent.id, lang="zh") is None
    assert _written(pg_db, member_id) == ([None], 0)


def test_a_contact_made_since_the_ranking_is_seen_by_the_take(pg_db, clock):
    agent, member_id = _world(pg_db, clock)
    with pg_db.session(write=True) as s:
        _settings, ranked = _ranked(s, clock, agent.id)
        with pg_db.session(write=True) as other:  # another channel reached the member meanwhile
            other.add(Call(client_id=str(uuid.uuid4()), member_id=member_id, started_at=clock.now(),
                           saved_at=clock.now(), disposition="reached"))
        assert _take(s, agent, clock, ranked) is None
    assert _written(pg_db, member_id) == ([None], 0)


def test_a_changed_member_the_door_still_allows_is_taken_with_the_facts_of_now(pg_db, clock):
    agent, member_id = _world(pg_db, clock)
    with pg_db.session(write=True) as s:
        settings, ranked = _ranked(s, clock, agent.id)
        with pg_db.session(write=True) as other:
            other.execute(update(Member).where(Member.id == member_id).values(tier="gold"))
        assert _take(s, agent, clock, ranked) is None
        taken = take_item(s, clock, settings, ranked, agent_id=agent.id, lang="zh")
        assert taken is not ranked and taken.member_id == member_id and taken.tier == "gold"


def test_a_member_another_transaction_holds_is_passed_over_without_waiting(pg_db, clock):
    agent, member_id = _world(pg_db, clock)
    with pg_db.session(write=True) as holder:
        holder.scalar(select(Member.id).where(Member.id == member_id).with_for_update())
        with pg_db.session(write=True) as s:
            settings, ranked = _ranked(s, clock, agent.id)
            assert _take(s, agent, clock, ranked) is False
            assert take_item(s, clock, settings, ranked, agent_id=agent.id, lang="zh") is None
    assert _written(pg_db, member_id) == ([None], 0)


def test_the_claims_statements_are_planned_once_on_connections_of_their_own(pg_db, clock):
    """claim_next's reads run planned once for any values (and without parallel workers), on
    connections of their own: no other statement runs with those settings, and no claim
    spends a statement setting them or putting them back."""
    _agent, member_id = _world(pg_db, clock)
    during, elsewhere, statements = [], [], []

    @event.listens_for(pg_db.claims_engine, "after_cursor_execute")
    def _seen(conn, cursor, statement, *_args):
        statements.append(statement)
        if statement.lstrip().startswith("SELECT arms.kind"):  # the candidates' first read
            during.append(_modes(cursor.connection))

    @event.listens_for(pg_db.engine, "checkin")
    def _other(dbapi_connection, _record):
        elsewhere.append(_modes(dbapi_connection))

    agent = actor_by_name(pg_db, "agent01")
    taken = claim_next(pg_db, agent, clock)
    assert taken is not None and taken.member_id == member_id
    assert during == [("force_generic_plan", "0")]
    assert not any("plan_cache_mode" in s for s in statements)
    elsewhere.clear()
    show_queue(pg_db, agent, clock, limit=5)
    assert elsewhere and set(elsewhere) == {("auto", "2")}


def test_the_claims_statements_text_is_the_same_on_every_call_and_psycopg_caches_its_conversion(pg_db, clock):
    """Every statement a claim runs is one text whatever the values (no list expanded into it
    on each call), short enough for psycopg to keep its conversion (a longer one is parsed
    again on every execution)."""
    _world(pg_db, clock)
    seen = []

    @event.listens_for(pg_db.claims_engine, "before_cursor_execute")
    def _seen(_conn, _cursor, statement, *_args):
        seen.append(statement)

    agent = actor_by_name(pg_db, "agent01")
    for _ in range(3):
        claim_next(pg_db, agent, clock)
        release_all(pg_db, agent, clock)
    assert seen and max(len(s.encode()) for s in seen) <= MAX_CACHED_STATEMENT_LENGTH
    # The agent's state and the settings come with the candidates' first read, not apart.
    firsts = [s for s in seen if s.lstrip().startswith("SELECT arms.kind")]
    assert len(firsts) == 3 and all("agent_state_periods" in s and "app_settings" in s for s in firsts)
    assert sum("agent_state_periods" in s for s in seen) == 3
    dialect = pg_db.engine.dialect
    built = [_lookups("postgresql")[0], _lookups("postgresql", lock=True)[0], _take_unchanged_statement(True)]
    # Show's largest first read too (its first batch is at most FIRST_READ).
    built += [_first_read("postgresql", own, n, header) for own in (False, True) for n in (2 * CLAIM_READ, 2 * FIRST_READ)
              for header in (None, _STATE_AND_SETTINGS)]
    for statement in built:
        text = str(statement.compile(dialect=dialect))
        assert "POSTCOMPILE" not in text and len(text.encode()) <= MAX_CACHED_STATEMENT_LENGTH


def _modes(dbapi_connection) -> tuple[str, str]:
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('plan_cache_mode'), current_setting('max_parallel_workers_per_gather')")
        modes = tuple(cursor.fetchone())
    if not dbapi_connection.autocommit:
        dbapi_connection.rollback()  # leave no transaction behind this look
    return modes
