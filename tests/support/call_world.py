"""A small world for call, ticket and member-view tests: two agents, a member with a fish
oil order and an open refill task due now (Monday 2026-06-15 10:00 Shanghai)."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from app.data.uow import Database
from app.domain.clock import Clock
from app.services.users import Actor
from app.services.queue import upsert_task
from tests.support.factories import make_member, make_order, make_product, make_user


@dataclass(frozen=True)
class World:
    agent: Actor
    other: Actor
    supervisor: Actor
    member_id: int
    product_id: int
    order_id: int
    task_id: int


def build_world(db: Database, clock: Clock, *, best_times: str = "", phone_alt: str | None = None,
                category: str = "fish_oil", extra_reasons: tuple[str, ...] = ()) -> World:
    now = clock.now()
    with db.session(write=True) as s:
        agent = make_user(s, "li", at=now)
        other = make_user(s, "zhang", at=now)
        supervisor = make_user(s, "boss", role="supervisor", at=now)
        product = make_product(s, category=category)
        member = make_member(s, at=now - timedelta(days=100), best_times=best_times)
        member.phone_alt_e164 = phone_alt
        order = make_order(s, member, product, ordered_at=now - timedelta(days=25))
        task = upsert_task(s, clock, member_id=member.id, reason="refill", due_at=now - timedelta(hours=2),
                           product_id=product.id, order_id=order.id,
                           detail={"product_name": product.name, "days_left": 5})
        for reason in extra_reasons:
            upsert_task(s, clock, member_id=member.id, reason=reason, due_at=now - timedelta(hours=1))
        return World(agent, other, supervisor, member.id, product.id, order.id, task.id)


def outcome(**changes) -> dict:
    """A reached outcome with nothing to act on beyond closing the task."""
    data = {"client_id": str(uuid.uuid4()), "disposition": "reached", "satisfaction": None, "effects": {},
            "adherence": None, "remaining_days": None, "refill_intent": None, "complaint": None,
            "adverse_reaction": "none", "callback_at": None, "answers": {}, "notes": ""}
    data.update(changes)
    return data
