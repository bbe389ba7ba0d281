"""Two workstations: a claim by one disappears from the other's queue within 5 seconds."""

import pytest

from app.data.uow import Database
from app.services import queue
from app.services.users import actor_by_name
from tests.sync.support import clock_at_real_time_of_day, seed_agents
from ui.connection.sync_worker import ChangeWatcher

PROMISE_MS = 5_000  # issue 6: other workstations' claims reach every open window within 5 s


@pytest.fixture
def clock():
    """As the sync tests' clock (tests/sync/conftest.py): the real time of day."""
    return clock_at_real_time_of_day()


def test_other_workstations_claim_reaches_this_window(qtbot, db_url, clock):
    ws_a, ws_b = Database.from_url(db_url), Database.from_url(db_url)
    alice, bob = seed_agents(ws_a, agents=2, tasks_each=0, at=clock.now())
    seed_agents(ws_a, agents=1, tasks_each=2, at=clock.now())
    actor_a, actor_b = actor_by_name(ws_a, alice.username), actor_by_name(ws_b, bob.username)
    watcher = ChangeWatcher(ws_b, ignore_user_id=actor_b.id)
    shown = {i.member_id for i in queue.show_queue(ws_b, actor_b, clock)}
    watcher.start()
    try:
        qtbot.wait(100)  # the watcher has taken its starting cursor
        with qtbot.waitSignal(watcher.changed, timeout=PROMISE_MS) as signal:
            claimed = queue.claim_next(ws_a, actor_a, clock)
        assert "queue" in signal.args[0]
        refreshed = {i.member_id for i in queue.show_queue(ws_b, actor_b, clock)}
        assert claimed.member_id in shown and refreshed == shown - {claimed.member_id}
    finally:
        watcher.stop()
        ws_a.dispose()
        ws_b.dispose()


def test_watcher_goes_offline_quietly_on_a_dead_server(qtbot):
    dead = Database.from_url("postgresql+psycopg://postgres@127.0.0.1:9/x?connect_timeout=2")
    watcher = ChangeWatcher(dead, listen=False)
    try:
        with qtbot.waitSignal(watcher.online_changed, timeout=10_000) as signal:
            watcher.start()
        assert signal.args == [False]
    finally:
        watcher.stop()
        dead.dispose()
