"""Believable, deterministic demo data, fast: the first-run database, demos and benchmarks.

`generate(db, clock, members=N, seed=S)` fills an empty database with the demo team, the
catalogue, N members with 18 months of orders, points, health profiles, and a few calls,
complaints and tickets. The same seed and the same clock.today() give the same data: one
random.Random(seed) stream drives everything, in a fixed order. Rows are written in bulk
(see bulk.py), in one transaction: a failure leaves the database as it was.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select

from app.data.tables import (
    Call, HealthIndicator, HealthProfile, Member, Order, OrderLine, PointsEntry, Ticket,
)
from app.data.uow import Database
from app.domain.clock import Clock
from app.demo.bulk import BulkWriter
from app.demo.catalogue import DEMO_AGENT, DEMO_PASSWORD, ensure_products, ensure_users
from app.demo.members import add_member
from app.demo.people import Names
from app.demo.state import Run
from app.services.collector import rare_full_collections
from app.services.errors import Conflict, ValidationError
from app.services.dashboard.refills import attribute_refills

__all__ = ["DEMO_AGENT", "DEMO_PASSWORD", "DemoSummary", "generate"]

CHUNK = 5000  # members per flush: bounded memory, regular progress
CALL_SHARE = 0.04  # members with past calls
COMPLAINT_SHARE = 0.006  # members with a complaint and a ticket

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DemoSummary:
    members: int
    orders: int
    order_lines: int
    points_entries: int
    health_profiles: int
    health_indicators: int
    calls: int
    tickets: int
    products_created: int
    users_created: int

    def lines(self) -> list[str]:
        return [f"{name.replace('_', ' ')}: {value}" for name, value in self.__dict__.items()]


def generate(db: Database, clock: Clock, *, members: int, seed: int = 1,
             progress: Progress | None = None) -> DemoSummary:
    if members < 1:
        raise ValidationError({"members": "must be at least 1"})
    rng = random.Random(seed)
    with rare_full_collections(), db.session(write=True) as session:
        if session.scalar(select(Member.id).limit(1)) is not None:
            count = session.scalar(select(func.count()).select_from(Member))
            raise Conflict(f"the database already has {count} members; demo data only goes into an empty database")
        staff = ensure_users(session, clock)
        products, products_created = ensure_products(session)
        writer = BulkWriter(session)
        run = Run(writer, clock, rng, products=products, staff=staff)
        names = Names()
        # Which members get calls and complaints is drawn up front, so "a few" holds for any N.
        with_calls = set(rng.sample(range(members), max(min(members, 3), round(members * CALL_SHARE))))
        with_complaint = set(rng.sample(range(members), max(min(members, 2), round(members * COMPLAINT_SHARE))))
        for index in range(members):
            add_member(run, names, index, calls=index in with_calls, complaint=index in with_complaint)
            if (index + 1) % CHUNK == 0 or index + 1 == members:
                run.flush()
                if progress is not None:
                    progress(index + 1, members)
        writer.finish()
        attribute_refills(session, None)  # the demo's calls credited with the orders that followed them
        c = run.counts
        return DemoSummary(
            members=c[Member], orders=c[Order], order_lines=c[OrderLine], points_entries=c[PointsEntry],
            health_profiles=c[HealthProfile], health_indicators=c[HealthIndicator], calls=c[Call],
            tickets=c[Ticket], products_created=products_created, users_created=staff.created,
        )
