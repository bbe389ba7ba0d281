"""claim_next's take on PostgreSQL (issue 13): the member and their open tasks are locked
in one statement and compared with what the ranking read (the member row, the tasks' row
versions). Unchanged, the ranked item is taken as it is; changed since, the facts are read
again under the lock and the claim's door decides; held by another transaction, the member
is passed over."""

from datetime import timedelta

from sqlalchemy import select, update

from app.data.tables import Member
from app.services.queue import upsert_task
from app.services.queue.rank import iter_ranked, take_item
from app.services.settings import queue_settings
from tests.support.factories import make_member, make_user


def _world(db, clock):
    with db.session(write=True) as s:
        agent = make_user(s, "agent01", at=clock.now())
        member = make_member(s, at=clock.now() - timedelta(days=90), phone="+8613900000001")
        upsert_task(s, clock, member_id=member.id, reason="refill", due_at=clock.now() - timedelta(hours=2))
        return agent.id, member.id


def _ranked(session, clock, agent_id):
    settings = queue_settings(session)
    return settings, next(iter_ranked(session, clock, settings, agent_id=agent_id, own_claims=False, first_read=4))


def test_an_unchanged_member_is_taken_as_ranked(pg_db, clock):
    agent_id, member_id = _world(pg_db, clock)
    with pg_db.session(write=True) as s:
        settings, ranked = _ranked(s, clock, agent_id)
        assert ranked.member_id == member_id and ranked.row_versions is not None
        assert take_item(s, clock, settings, ranked, agent_id=agent_id, lang="zh") is ranked


def test_a_member_changed_since_the_ranking_is_read_again_and_the_door_refuses(pg_db, clock):
    agent_id, member_id = _world(pg_db, clock)
    with pg_db.session(write=True) as s:
        settings, ranked = _ranked(s, clock, agent_id)
        with pg_db.session(write=True) as other:  # committed between the ranking and the take
            other.execute(update(Member).where(Member.id == member_id).values(do_not_call=True))
        assert take_item(s, clock, settings, ranked, agent_id=agent_id, lang="zh") is None


def test_a_changed_member_the_door_still_allows_is_taken_with_the_facts_of_now(pg_db, clock):
    agent_id, member_id = _world(pg_db, clock)
    with pg_db.session(write=True) as s:
        settings, ranked = _ranked(s, clock, agent_id)
        with pg_db.session(write=True) as other:
            other.execute(update(Member).where(Member.id == member_id).values(tier="gold"))
        taken = take_item(s, clock, settings, ranked, agent_id=agent_id, lang="zh")
        assert taken is not ranked and taken.member_id == member_id and taken.tier == "gold"


def test_a_member_another_transaction_holds_is_passed_over_without_waiting(pg_db, clock):
    agent_id, member_id = _world(pg_db, clock)
    with pg_db.session(write=True) as holder:
        holder.scalar(select(Member.id).where(Member.id == member_id).with_for_update())
        with pg_db.session(write=True) as s:
            settings, ranked = _ranked(s, clock, agent_id)
            assert take_item(s, clock, settings, ranked, agent_id=agent_id, lang="zh") is None
