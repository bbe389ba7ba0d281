"""The lease ticker a call window runs: renews through the runner, says once when the claim is lost."""

from dataclasses import replace
from datetime import timedelta

import pytest

from app.services import queue
from app.services.users import actor_by_name
from app.sync.lease import LeaseRenewer
from tests.sync.support import clock_at_real_time_of_day, seed_agents
from ui.connection.lease_ticker import LeaseTicker
from ui.tasks import SyncRunner


@pytest.fixture
def clock():
    """As the sync tests' clock (tests/sync/conftest.py): the real time of day."""
    return clock_at_real_time_of_day()


def test_ticker_renews_then_reports_a_lost_claim_once(qtbot, db, clock):
    alice, bob = seed_agents(db, agents=2, tasks_each=0, at=clock.now())
    seed_agents(db, agents=1, tasks_each=1, at=clock.now())
    a, b = actor_by_name(db, alice.username), actor_by_name(db, bob.username)
    claimed = queue.claim_next(db, a, clock)
    later = replace(clock, fixed_at=clock.now() + timedelta(minutes=11))
    renewer = LeaseRenewer(db, a, later, claimed.task_ids, lease_until=clock.now() + timedelta(minutes=15))
    ticker = LeaseTicker(SyncRunner(), renewer)
    lost: list[str] = []
    ticker.lost.connect(lost.append)
    ticker.tick()
    assert renewer.lease_until == later.now() + timedelta(minutes=15) and lost == []

    # Alice's window froze past her lease; Bob has the member now.
    much_later = replace(clock, fixed_at=later.now() + timedelta(minutes=16))
    assert queue.claim_next(db, b, much_later).member_id == claimed.member_id
    renewer._clock = much_later
    renewer.lease_until = much_later.now()
    ticker.tick()
    ticker.tick()
    assert len(lost) == 1 and "another agent" in lost[0]
