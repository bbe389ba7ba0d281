"""The live-claim rule of app.domain.claims as SQL expressions over follow_up_tasks."""

from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_

from app.data.tables import FollowUpTask
from app.domain.claims import CLAIMED


def live_claim(now: datetime) -> ColumnElement[bool]:
    """Tasks under a live claim (any holder)."""
    return and_(FollowUpTask.status == CLAIMED, FollowUpTask.lease_until.is_not(None),
                FollowUpTask.lease_until >= now)


def held_by_other(agent_id: int | None, now: datetime) -> ColumnElement[bool]:
    """Tasks someone other than `agent_id` holds a live claim on."""
    other = FollowUpTask.claimed_by_id.is_not(None) if agent_id is None else \
        or_(FollowUpTask.claimed_by_id.is_(None), FollowUpTask.claimed_by_id != agent_id)
    return and_(live_claim(now), other)


def expired_claim(now: datetime) -> ColumnElement[bool]:
    """Claims whose lease ran out: the task is back in the pool."""
    return and_(FollowUpTask.status == CLAIMED, FollowUpTask.lease_until < now)
