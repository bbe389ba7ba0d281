"""Leases: renewed while the call is open; an abandoned one returns the member to the pool."""

from dataclasses import replace
from datetime import timedelta

from app.data.uow import Database
from app.domain.codes import Role
from app.services import queue
from app.services.users import Actor, actor_by_name
from app.sync.lease import LeaseRenewer
from tests.sync.support import seed_agents


def _at(clock, minutes: int):
    return replace(clock, fixed_at=clock.now() + timedelta(minutes=minutes))


def test_renewed_lease_holds_and_an_abandoned_one_expires_to_the_pool(db: Database, clock):
    alice, bob = seed_agents(db, agents=2, tasks_each=0, at=clock.now())
    seed_agents(db, agents=1, tasks_each=1, at=clock.now())  # one member to call
    a, b = actor_by_name(db, alice.username), actor_by_name(db, bob.username)
    claimed = queue.claim_next(db, a, clock)
    assert claimed is not None
    lease = timedelta(minutes=15)  # the default QueueSettings lease

    renewer = LeaseRenewer(db, a, _at(clock, 5), claimed.task_ids, lease_until=clock.now() + lease)
    assert not renewer.tick().renewed  # 10 minutes left: not yet
    renewer = LeaseRenewer(db, a, _at(clock, 11), claimed.task_ids, lease_until=clock.now() + lease)
    result = renewer.tick()  # 4 minutes left: renewed to 11 + 15
    assert result.renewed and result.lease_until == clock.now() + timedelta(minutes=26)

    # Past the first lease, still inside the renewed one: nobody else sees the member.
    assert claimed.member_id not in {i.member_id for i in queue.show_queue(db, b, _at(clock, 20))}
    assert queue.claim_next(db, b, _at(clock, 20)) is None

    # Alice's workstation died at minute 11: no more renewals. After expiry the pool has it back.
    later = _at(clock, 27)
    assert claimed.member_id in {i.member_id for i in queue.show_queue(db, b, later)}
    taken = queue.claim_next(db, b, later)
    assert taken is not None and taken.member_id == claimed.member_id

    # If Alice's window comes back, its renewer learns the claim is gone, once and calmly.
    late = LeaseRenewer(db, a, _at(clock, 28), claimed.task_ids, lease_until=clock.now() + lease)
    lost = late.tick()
    assert not lost.renewed and lost.lost and "another agent" in lost.lost
    assert late.tick().lost == lost.lost


def test_renewal_against_a_dead_server_is_postponed_not_raised(clock):
    dead = Database.from_url("postgresql+psycopg://postgres@127.0.0.1:9/x?connect_timeout=2")
    try:
        renewer = LeaseRenewer(dead, Actor(id=1, username="a", role=Role.AGENT), clock, [1])
        result = renewer.tick()
    finally:
        dead.dispose()
    assert result.offline and not result.renewed and result.lost is None
