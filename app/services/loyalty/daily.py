"""`caredesk-admin daily`: the night's jobs in one command, each idempotent (a second run
the same day changes nothing more), each reporting one progress line. The call-note
retention of the personal-information law is one of them."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.data.uow import Database
from app.domain.clock import Clock
from app.services import privacy, tickets
from app.services import queue as queue_service
from app.services.collector import rare_full_collections
from app.services.users import Actor, Permission, require
from app.services.loyalty import jobs
from app.services.loyalty.points import loyalty_settings
from app.services.settings import queue_settings


@dataclass(frozen=True)
class DailyStep:
    name: str
    seconds: float
    result: dict[str, Any]
    cpu_seconds: float = 0.0  # this process's share (the database's too on SQLite)


@dataclass
class DailyReport:
    steps: list[DailyStep] = field(default_factory=list)


def run_daily(db: Database, actor: Actor, clock: Clock, *, progress: Callable[[str], None] = lambda _: None,
              only: set[str] | None = None) -> DailyReport:
    """Ticket escalation, points expiry, tier review, lifecycle, queue build, fraud check,
    call-note retention."""
    require(actor, Permission.SUPERVISE)
    report = DailyReport()

    def step(name: str, fn: Callable[[], dict[str, Any]]) -> None:
        if only is not None and name not in only:
            return
        started, cpu = time.perf_counter(), time.process_time()
        with rare_full_collections():
            result = fn()
        took = time.perf_counter() - started
        report.steps.append(DailyStep(name, took, result, time.process_time() - cpu))
        progress(f"{name}: " + ", ".join(f"{k} {v}" for k, v in result.items()) + f" ({took:.1f} s)")

    def in_tx(job) -> Callable[[], dict[str, Any]]:
        def run() -> dict[str, Any]:
            with db.session(write=True) as session:
                return job(session)
        return run

    def build() -> dict[str, Any]:
        with db.session() as session:
            settings = queue_settings(session)
        b = queue_service.build_queue(db, actor, clock, settings=settings)
        return {"members": b.members, "created": b.created, "updated": b.updated, "withdrawn": b.withdrawn}

    step("escalation", lambda: {"escalated": len(tickets.escalate_overdue(db, actor, clock))})
    step("expiry", in_tx(lambda s: jobs.expire_points(s, clock, loyalty_settings(s))))
    step("tiers", in_tx(lambda s: jobs.review_tiers(s, clock, loyalty_settings(s))))
    step("lifecycle", in_tx(lambda s: jobs.update_lifecycle(s, clock, loyalty_settings(s), queue_settings(s))))
    # After the programme's steps, so tonight's tier changes are in tonight's queue.
    step("queue", build)
    step("fraud", in_tx(lambda s: jobs.fraud_check(s, clock, loyalty_settings(s))))
    step("retention", in_tx(lambda s: {"cleared_notes": privacy.clear_expired_notes(s, actor, clock)}))
    return report
