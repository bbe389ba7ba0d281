"""The live-claim rule, once: a task is held by another agent while their lease runs.

`app.data.claims` gives the same rule as a SQL expression for queries; everything else
calls these two functions, never a copy of the comparison.
"""

from datetime import datetime

CLAIMED = "claimed"


def is_live_claim(status: str, lease_until: datetime | None, now: datetime) -> bool:
    """A claim whose lease has not run out (an expired lease is back in the pool)."""
    return status == CLAIMED and lease_until is not None and lease_until >= now


def held_by_other(status: str, claimed_by_id: int | None, lease_until: datetime | None, *,
                  agent_id: int | None, now: datetime) -> bool:
    """Someone other than `agent_id` holds a live claim on this task."""
    return is_live_claim(status, lease_until, now) and claimed_by_id != agent_id


def task_held_by_other(task, *, agent_id: int | None, now: datetime) -> bool:
    """`held_by_other` for any row or object with status, claimed_by_id and lease_until."""
    return held_by_other(task.status, task.claimed_by_id, task.lease_until, agent_id=agent_id, now=now)


def reserved_for_other(assigned_agent_id: int | None, owner_only_until: datetime | None, *,
                       agent_id: int | None, now: datetime) -> bool:
    """The task is reserved for its owner (care manager, booking agent) and that is not us.

    A reservation with no end date stays the owner's; one with an end passes to the pool
    when it ends.
    """
    if assigned_agent_id is None or assigned_agent_id == agent_id:
        return False
    return reservation_live(owner_only_until, now)


def reservation_live(owner_only_until: datetime | None, now: datetime) -> bool:
    """A reservation runs until its end (none: until the owner works it)."""
    return owner_only_until is None or owner_only_until > now
