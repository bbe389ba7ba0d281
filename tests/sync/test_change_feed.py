"""Live updates: another workstation's claim reaches this one's queue through the change feed."""

import threading

import pytest

from app.data.tables import ChangeEvent
from app.data.uow import Database
from app.services import queue
from app.services.audit import announce
from app.services.users import actor_by_name
from app.sync.change_feed import ChangeFeed, ChangeListener, enable_notify
from tests.sync.support import seed_agents


def test_a_claim_by_one_workstation_leaves_the_others_queue_at_its_next_poll(db_url, clock):
    # Two workstations: two engines (two connection pools) on the same database.
    ws_a, ws_b = Database.from_url(db_url), Database.from_url(db_url)
    try:
        alice, bob = seed_agents(ws_a, agents=2, tasks_each=0, at=clock.now())
        seed_agents(ws_a, agents=1, tasks_each=3, at=clock.now())  # three members to call
        actor_a, actor_b = actor_by_name(ws_a, alice.username), actor_by_name(ws_b, bob.username)
        feed_b = ChangeFeed(ws_b)
        before = {i.member_id for i in queue.show_queue(ws_b, actor_b, clock)}
        assert len(before) == 3
        assert not feed_b.poll()  # nothing new yet

        claimed = queue.claim_next(ws_a, actor_a, clock)
        assert claimed is not None and claimed.member_id in before

        batch = feed_b.poll()  # the window's timer fires (every 2 s; 5 s is the promise)
        assert batch.touches("queue", by_others_than=actor_b.id)
        after = {i.member_id for i in queue.show_queue(ws_b, actor_b, clock)}
        assert after == before - {claimed.member_id}
        assert not feed_b.poll()  # consumed: the cursor moved on
    finally:
        ws_a.dispose()
        ws_b.dispose()


def test_feed_finds_a_change_committed_after_a_newer_one(pg_db, clock):
    """An id allocated first but committed last is still delivered (the gap is re-read)."""
    (agent,) = seed_agents(pg_db, agents=1, tasks_each=0, at=clock.now())
    actor = actor_by_name(pg_db, agent.username)
    feed = ChangeFeed(pg_db)
    slow = pg_db._sessions()  # an open transaction holding the smaller id
    slow.add(ChangeEvent(at=clock.now(), topic="ticket", entity_id=1, user_id=actor.id))
    slow.flush()
    with pg_db.session(write=True) as s:
        announce(s, actor, clock, topic="queue")
    assert feed.poll().topics == {"queue"}
    slow.commit()
    slow.close()
    assert feed.poll().topics == {"ticket"}


@pytest.fixture
def listening(pg_url, clock):
    """(database, an agent, a listener already LISTENing) with NOTIFY on."""
    enable_notify()
    db = Database.from_url(pg_url)
    (agent,) = seed_agents(db, agents=1, tasks_each=0, at=clock.now())
    listener = ChangeListener(pg_url)
    try:
        assert not listener.wait(0.2)  # connects and listens; nothing yet
        yield db, actor_by_name(db, agent.username), listener
    finally:
        listener.close()
        db.dispose()


def test_listen_notify_wakes_a_listener_at_commit(listening, clock):
    db, actor, listener = listening
    woke = threading.Event()
    thread = threading.Thread(target=lambda: woke.set() if listener.wait(30) else None)
    thread.start()
    with db.session(write=True) as s:
        announce(s, actor, clock, topic="member", entity_id=7)
    thread.join(35)
    assert woke.is_set()


def test_a_change_rolled_back_sends_no_notify(listening, clock):
    db, actor, listener = listening
    with pytest.raises(RuntimeError), db.session(write=True) as s:
        announce(s, actor, clock, topic="member", entity_id=7)
        raise RuntimeError("the use case failed after announcing")
    assert not listener.wait(1.0)
    with db.session(write=True) as s:
        announce(s, actor, clock, topic="member", entity_id=7)
    assert listener.wait(30)


def test_no_notify_on_sqlite_and_the_poll_still_works(sqlite_db, clock):
    enable_notify()
    (agent,) = seed_agents(sqlite_db, agents=1, tasks_each=0, at=clock.now())
    actor = actor_by_name(sqlite_db, agent.username)
    feed = ChangeFeed(sqlite_db)
    with sqlite_db.session(write=True) as s:
        announce(s, actor, clock, topic="ticket", entity_id=3)
    assert feed.poll().touches("ticket")


def test_feed_from_an_explicit_cursor_replays_history(sqlite_db, clock):
    (agent,) = seed_agents(sqlite_db, agents=1, tasks_each=0, at=clock.now())
    actor = actor_by_name(sqlite_db, agent.username)
    with sqlite_db.session(write=True) as s:
        announce(s, actor, clock, topic="queue")
        announce(s, actor, clock, topic="ticket")
    assert [c.topic for c in ChangeFeed(sqlite_db, cursor=0).poll().changes] == ["queue", "ticket"]
