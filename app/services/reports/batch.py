"""Premium batch export: one care report per active VIP member of a period, on every core.

Each worker process opens its own connection, builds one member's snapshot (permissions
were checked here, in the caller's process) and renders it; the parent only hands out
member ids and counts. Both halves of the work therefore run in parallel: with the
snapshot built in the parent, the parent became the bottleneck on two cores.
Workers are spawned, not forked: the caller may be a Qt application or hold open
database connections, and neither survives a fork. A bounded number of reports is in
flight, so cancel takes effect within a few reports and memory stays flat.
"""

import multiprocessing
import os
import re
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

import reportlab.rl_config

from app.data.tables import Member
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.codes import Tier
from app.domain.periods import Period
from app.reports.fonts import register_fonts
from app.reports.member import render_member_report
from app.services.loyalty.benefits import with_quarterly_reports
from app.services.users import Actor, Permission, require
from app.services.reports.member_data import ReportPurpose, build_member_report, member_ids_with_activity

PREMIUM_TIERS = (Tier.GOLD.value, Tier.DIAMOND.value)
IN_FLIGHT_PER_WORKER = 4

Progress = Callable[[int, int], None]  # (done, total)
Cancelled = Callable[[], bool]


@dataclass
class BatchResult:
    total: int
    written: list[Path] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)  # (member id, error)
    cancelled: bool = False


def premium_members(db: Database, actor: Actor, clock: Clock, period: Period) -> list[int]:
    """Gold and diamond members with a call or an order in the period; in a quarter's last
    month every diamond member too (their quarterly care report)."""
    require(actor, Permission.REPORTS)
    since, until = period.bounds(clock)
    with db.session() as session:
        active = member_ids_with_activity(session, tiers=PREMIUM_TIERS, since=since, until=until)
        return with_quarterly_reports(session, active, period)  # diamond: every quarter


def report_filename(period: Period, member_id: int, external_id: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", external_id) or str(member_id)
    return f"care-report-{period.label}-{safe}.pdf"


@dataclass(frozen=True)
class _Job:
    """What a worker needs besides the member id; pickled once per worker, at its start."""

    database_url: str
    actor: Actor
    clock: Clock
    period: Period
    language: str | None
    include_health: bool
    out_dir: str


_worker: dict[str, object] = {}


def _init_worker(job: _Job) -> None:
    register_fonts()  # once per process (about 0.2 s), not once per report
    reportlab.rl_config.shapeChecking = 0  # chart attribute validation costs ~15%; our charts are tested
    _worker["job"] = job
    _worker["db"] = Database.from_url(job.database_url)


def _build_and_render(member_id: int) -> str:
    job: _Job = _worker["job"]  # type: ignore[assignment]
    db: Database = _worker["db"]  # type: ignore[assignment]
    with db.session(write=job.include_health) as session:
        data = build_member_report(session, job.actor, job.clock, member_id, period=job.period,
                                   language=job.language, include_health=job.include_health)
        external_id = session.get(Member, member_id).external_id
    path = Path(job.out_dir) / report_filename(job.period, member_id, external_id)
    path.write_bytes(render_member_report(data))
    return str(path)


def export_premium(
    db: Database, actor: Actor, clock: Clock, period: Period, out_dir: Path, *,
    language: str | None = None, purpose: ReportPurpose = ReportPurpose.MEMBER_COPY,
    workers: int | None = None, progress: Progress | None = None, cancelled: Cancelled | None = None,
    member_ids: list[int] | None = None,
) -> BatchResult:
    """Write one PDF per premium member into out_dir; progress(done, total) after each report.

    `progress` and `cancelled` are called on the calling thread (the UI runs this off the
    GUI thread and forwards progress by signal). `member_ids` replaces the premium query.
    The database must be reachable by URL from other processes (a file, not :memory:).
    """
    require(actor, Permission.REPORTS)
    ids = premium_members(db, actor, clock, period) if member_ids is None else list(member_ids)
    out_dir.mkdir(parents=True, exist_ok=True)
    result = BatchResult(total=len(ids))
    if not ids:
        return result
    job = _Job(
        database_url=db.engine.url.render_as_string(hide_password=False), actor=actor, clock=clock,
        period=period, language=language, include_health=purpose.allows_health and actor.may(Permission.VIEW_HEALTH),
        out_dir=str(out_dir),
    )
    workers = max(1, min(workers or os.cpu_count() or 1, len(ids)))
    limit = workers * IN_FLIGHT_PER_WORKER
    pending: dict[Future, int] = {}
    done = 0

    def collect(block: bool) -> None:
        nonlocal done
        finished, _ = wait(pending, timeout=None if block else 0, return_when=FIRST_COMPLETED)
        for future in finished:
            member_id = pending.pop(future)
            try:
                result.written.append(Path(future.result()))
            except Exception as exc:  # one broken report must not stop the batch
                result.failed.append((member_id, f"{type(exc).__name__}: {exc}"))
            done += 1
            if progress:
                progress(done, len(ids))

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(job,)) as pool:
        try:
            for member_id in ids:
                if cancelled and cancelled():
                    result.cancelled = True
                    break
                pending[pool.submit(_build_and_render, member_id)] = member_id
                while len(pending) >= limit:
                    collect(block=True)
                collect(block=False)
            if result.cancelled:
                for future in [f for f in pending if f.cancel()]:
                    del pending[future]  # never started: neither written nor failed
            while pending:
                collect(block=True)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    result.written.sort()
    return result
