"""Event-to-queue benchmark (issue 13): how long each kind of event takes, through its real
service, to leave the member's tasks current (refresh_members in the same transaction),
measured in a process other than the one that loaded the data and ran the daily build.

Kinds: an order arriving (the order rows, then refresh_members, as app.services.imports does
per batch), an outcome saved (calls.record_outcome on a due task, claim included), a ticket
resolved (tickets.resolve), a contact change (members.save_contact_preferences). Each beside
its floor: refresh_members alone for one member (the queue's share of the event).

Run: .venv/bin/python -m tests.bench.bench_events [--members 100000 1000000] [--no-pg]
Prints a Markdown block and writes it as the "Events to queue" section of docs/benchmarks.md.
"""

import argparse
import multiprocessing as mp
import os
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from app.data.tables import FollowUpTask, Member, Order, OrderLine, Product
from app.data.uow import Database
from app.domain.clock import Clock
from app.services import calls, members, queue, tickets
from app.services.users import SYSTEM, actor_by_name
from tests.bench.bench_queue import machine
from tests.bench.bigdb import BENCH_DAY, postgres_copy, sqlite_copy
from tests.bench.docs import write_section

CLOCK = Clock.fixed(BENCH_DAY, tz=ZoneInfo("Asia/Shanghai"))
SAMPLES = 30


def _payload() -> dict:
    return {"client_id": str(uuid.uuid4()), "disposition": "reached", "satisfaction": 4, "effects": {},
            "adherence": None, "remaining_days": 12, "refill_intent": None, "complaint": None,
            "adverse_reaction": "none", "callback_at": None, "answers": {}, "notes": ""}


def _timed(fn) -> tuple[float, float]:
    w, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w, time.process_time() - c


def _child(url: str, results) -> None:
    """Runs in its own process: a fresh connection pool, no warm caches from the build."""
    db = Database.from_url(url)
    agent = actor_by_name(db, "agent01")
    boss = agent  # agents open and resolve tickets and edit contact preferences
    with db.session() as s:
        due = list(s.execute(
            select(FollowUpTask.id, FollowUpTask.member_id).where(
                FollowUpTask.status == "open", FollowUpTask.due_at <= CLOCK.now(),
                FollowUpTask.assigned_agent_id.is_(None), FollowUpTask.reason != "callback")
            .order_by(FollowUpTask.member_id).limit(SAMPLES * 20)).all())
        product = s.scalar(select(Product.id).order_by(Product.id).limit(1))
        top = s.scalar(select(func.max(Member.id)))
    picks = due[::20][:SAMPLES]
    out: dict[str, list[tuple[float, float]]] = {k: [] for k in ("order", "outcome", "resolve", "contact", "floor")}

    def order(mid: int) -> None:
        with db.session(write=True) as s:
            o = Order(member_id=mid, external_id=f"EV{uuid.uuid4().hex[:12]}", ordered_at=CLOCK.now() - timedelta(hours=2),
                      amount_fen=19800)
            s.add(o)
            s.flush()
            s.add(OrderLine(order_id=o.id, product_id=product, quantity=1, amount_fen=19800))
            queue.refresh_members(s, CLOCK, [mid])

    def floor(mid: int) -> None:
        with db.session(write=True) as s:
            queue.refresh_members(s, CLOCK, [mid])

    for i, (task_id, mid) in enumerate(picks):
        other = 1 + (mid * 7919 + i) % top  # members spread over the id range
        out["floor"].append(_timed(lambda: floor(other)))
        out["order"].append(_timed(lambda: order(other)))
        out["outcome"].append(_timed(lambda: calls.record_outcome(db, agent, CLOCK, task_id=task_id,
                                                                   payload=_payload())))
        ticket = tickets.open_ticket(db, boss, CLOCK, member_id=mid, category="quality", severity="normal")
        out["resolve"].append(_timed(lambda: tickets.resolve(db, boss, CLOCK, ticket.id, note="换货")))
        prefs = members.load_contact_preferences(db, boss, CLOCK, other)
        slots = "19:00-21:00" if prefs.best_times != "19:00-21:00" else ""
        out["contact"].append(_timed(lambda: members.save_contact_preferences(
            db, boss, CLOCK, other, version=prefs.version, best_times=slots)))
    db.dispose()
    results.put(out)


def measure(url: str, label: str, members_count: int) -> dict:
    db = Database.from_url(url)
    t0 = time.perf_counter()
    summary = queue.build_queue(db, SYSTEM, CLOCK)
    build = time.perf_counter() - t0
    db.dispose()
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    load_before = os.getloadavg()
    proc = ctx.Process(target=_child, args=(url, results))
    proc.start()
    out = results.get()
    proc.join()
    load_after = os.getloadavg()
    return {"engine": label, "members": members_count, "build": build, "tasks": summary.created, "runs": out,
            "load": (load_before[0], load_after[0])}


def _ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


NAMES = {"order": "order arrives (rows + refresh_members)", "outcome": "outcome saved (record_outcome)",
         "resolve": "ticket resolved (tickets.resolve)", "contact": "contact change (save_contact_preferences)",
         "floor": "floor: refresh_members of one member"}


def markdown(results: list[dict]) -> str:
    lines = [
        "## Events to queue",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}. "
        "`.venv/bin/python -m tests.bench.bench_events`; data from `tests/bench/bigdb.py`, queue built "
        f"for {BENCH_DAY} by the parent process, every event then timed in a second process (fresh "
        f"connections) through its service, {SAMPLES} events of each kind on different members. "
        "Wall time p50/p90 and the child's CPU time (median); the event's whole transaction, "
        "the member's tasks current at its commit.",
        "",
        "| engine | members | event | p50 | p90 | CPU p50 | load avg (1 min, before/after) |",
        "|---|---:|---|---:|---:|---:|---|",
    ]
    for r in results:
        for kind in ("order", "outcome", "resolve", "contact", "floor"):
            runs = r["runs"][kind]
            wall = [w for w, _c in runs]
            cpu = statistics.median(c for _w, c in runs) * 1000
            lines.append(f"| {r['engine']} | {r['members']:,} | {NAMES[kind]} | {_ms(wall, 0.5):.1f} ms | "
                         f"{_ms(wall, 0.9):.1f} ms | {cpu:.1f} ms | {r['load'][0]:.1f} / {r['load'][1]:.1f} |")
    lines += ["", "Previous figure: none (before issue 13 an event changed only the tasks its service wrote "
              "itself and the rest waited for the next daily build). The daily builds these runs started "
              "from: " + "; ".join(f"{r['engine']} {r['members']:,}: {r['build']:.1f} s ({r['tasks']:,} tasks)"
                                  for r in results) + "."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, nargs="+", default=[100_000])
    parser.add_argument("--pg-url", default=os.environ.get("CAREDESK_BENCH_PG_URL"))
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    results = []
    for n in args.members:
        with tempfile.TemporaryDirectory(prefix="caredesk-bench-") as tmp:
            if not args.no_sqlite:
                results.append(measure(f"sqlite:///{sqlite_copy(n, Path(tmp))}", "SQLite", n))
                print(results[-1]["engine"], n, "done", flush=True)
            if not args.no_pg:
                url, cleanup = postgres_copy(n, url=args.pg_url)
                try:
                    results.append(measure(url, "PostgreSQL", n))
                    print(results[-1]["engine"], n, "done", flush=True)
                finally:
                    cleanup()
    block = markdown(results)
    print(block)
    if not args.no_write:
        write_section("## Events to queue", block)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
