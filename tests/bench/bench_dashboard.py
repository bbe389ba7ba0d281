"""Supervisor dashboard benchmark: all tiles and charts on 1,000,000 members and a year of calls.

Run: .venv/bin/python -m tests.bench.bench_dashboard [--members 1000000] [--postgres]
Reuses tests/bench/bigdb.py's cached members and orders, adds a year of calls, tickets,
refill requests and claims (tests/support/floor_bulk.py) and caches that too. Prints a
Markdown block for docs/benchmarks.md ("Supervisor dashboard"). Target: under 500 ms for
every tile and chart of the console's view.
"""

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time as wall
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from app.data.tables import Call, Ticket
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.codes import Role
from app.services import dashboard
from app.services.auth import Actor
from tests.bench import bigdb
from tests.bench.docs import cpu_name
from tests.support.floor_bulk import add_activity

FORMAT_VERSION = 1
SUPERVISOR = Actor(id=None, username="bench-supervisor", role=Role.SUPERVISOR)
CLOCK = Clock.fixed(bigdb.BENCH_DAY, time(10, 0), tz=ZoneInfo("Asia/Shanghai"))  # = bigdb.BENCH_NOW


def floor_path(members: int, days: int, per_day: int) -> Path:
    return bigdb.CACHE / f"caredesk-floor-{members}-{days}d-{per_day}-v{bigdb.FORMAT_VERSION}.{FORMAT_VERSION}.db"


def ensure_floor(members: int, days: int, per_day: int) -> Path:
    path = floor_path(members, days, per_day)
    if path.exists():
        return path
    source = bigdb.sqlite_cache_path(members)
    while not source.exists() and source.with_suffix(".building").exists():
        print("waiting for tests/bench/bigdb.py to finish building the member database...", flush=True)
        wall.sleep(30)  # another benchmark is building it; building it twice would clash
    source = bigdb.ensure_sqlite(members)
    work = path.with_suffix(".building")
    shutil.copyfile(source, work)
    started = wall.perf_counter()
    db = Database.from_url(f"sqlite:///{work}")
    counts = add_activity(db, CLOCK, members=members, agent_ids=list(range(1, bigdb.AGENTS + 1)), days=days,
                          calls_per_day=per_day)
    db.dispose()
    finish = sqlite3.connect(work, isolation_level=None)  # outside any transaction, unlike the app's engine
    finish.execute("ANALYZE")
    finish.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finish.close()
    work.rename(path)
    print(f"added {counts} in {wall.perf_counter() - started:.0f} s -> {path}", flush=True)
    return path


def timed(fn, samples: int) -> tuple[float, float, float, float]:
    """(first run, median, max, median CPU) in ms. The first run shows a cold cache; CPU time
    (SQLite runs in this process) is steadier than wall time on a shared machine."""
    times, cpu = [], []
    for _ in range(samples + 1):
        started, started_cpu = wall.perf_counter(), wall.process_time()
        fn()
        times.append((wall.perf_counter() - started) * 1000)
        cpu.append((wall.process_time() - started_cpu) * 1000)
    return times[0], statistics.median(times[1:]), max(times[1:]), statistics.median(cpu[1:])


def measure(db: Database, samples: int) -> list[tuple[str, tuple[float, float, float]]]:
    today = dashboard.today_period(CLOCK)
    week = dashboard.week_period(CLOCK)
    month = dashboard.range_period(CLOCK.today() - timedelta(days=29), CLOCK.today())
    cases = [
        ("tiles, today (7 tiles + yesterday's for the trend)", lambda: dashboard.kpi_tiles(db, SUPERVISOR, CLOCK, today)),
        ("charts, today (4 series; trends over 14 days, complaints over 6 months)",
         lambda: dashboard.chart_series(db, SUPERVISOR, CLOCK, today)),
        ("agents table", lambda: dashboard.agents_table(db, SUPERVISOR, CLOCK)),
        ("alerts", lambda: dashboard.alerts(db, SUPERVISOR, CLOCK)),
        ("**console view: snapshot today (tiles + charts + agents + alerts)**",
         lambda: dashboard.snapshot(db, SUPERVISOR, CLOCK, today)),
        ("snapshot, this week", lambda: dashboard.snapshot(db, SUPERVISOR, CLOCK, week)),
        ("snapshot, last 30 days", lambda: dashboard.snapshot(db, SUPERVISOR, CLOCK, month)),
    ]
    return [(name, timed(fn, samples)) for name, fn in cases]


def sizes(db: Database) -> str:
    with db.session() as s:
        calls = s.scalar(select(func.count()).select_from(Call))
        tickets = s.scalar(select(func.count()).select_from(Ticket))
        first = s.scalar(select(func.min(Call.started_at)))
        today = s.scalar(select(func.count()).select_from(Call).where(
            Call.started_at >= dashboard.measured_span(dashboard.today_period(CLOCK), CLOCK)[0]))
    return f"{calls:,} calls since {first:%Y-%m-%d} ({today:,} today by 10:00), {tickets:,} tickets"


def report(engine: str, rows, data: str) -> str:
    lines = [f"Engine: {engine}. Data: {data}.", "",
             "| query | first run | median | max | median CPU |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {name} | {a:.0f} ms | {b:.0f} ms | {c:.0f} ms | {d:.0f} ms |" for name, (a, b, c, d) in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--calls-per-day", type=int, default=6_000, help="weekdays; weekends get half")
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--postgres", action="store_true", help="also on a throwaway PostgreSQL cluster")
    args = parser.parse_args(argv)

    path = ensure_floor(args.members, args.days, args.calls_per_day)
    blocks = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / path.name
        shutil.copyfile(path, work)
        db = Database.from_url(f"sqlite:///{work}")
        data = f"{args.members:,} members, " + sizes(db)
        blocks.append(report("SQLite (embedded)", measure(db, args.samples), data))
        db.dispose()
    if args.postgres:
        blocks.append(postgres(path, args.samples))
    cpu = cpu_name()
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(f"\nMachine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}; run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC "
          f"(load average {' '.join(load)}).\n")
    print("\n\n".join(blocks))
    return 0


def postgres(path: Path, samples: int) -> str:
    """Copy the floor database into a throwaway cluster and measure there too."""
    from app.data.base import Base
    from app.data.engine import make_engine
    from app.data.migrate import upgrade
    from tests.support.pgcluster import start_cluster

    cluster = start_cluster()
    try:
        url = cluster.createdb("bench_dashboard")
        engine = make_engine(url)
        upgrade(engine)
        raw = engine.raw_connection()
        source = sqlite3.connect(path)
        cur = raw.cursor()
        for name in ("users", "products", "members", "orders", "order_lines", "follow_up_tasks", "calls",
                     "tickets", "refill_requests"):
            table = Base.metadata.tables[name]
            columns = [c.name for c in table.columns]
            kinds = [bigdb._converter(c.type) for c in table.columns]
            with cur.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {', '.join(columns)} FROM {name}"):
                    copy.write_row([k(v) if v is not None else None for k, v in zip(kinds, row)])
        raw.commit()
        cur.execute("ANALYZE")
        raw.commit()
        raw.close()
        source.close()
        engine.dispose()
        db = Database.from_url(url)
        block = report("PostgreSQL 15 (throwaway cluster)", measure(db, samples), "the same rows")
        db.dispose()
        return block
    finally:
        cluster.destroy()


if __name__ == "__main__":
    sys.exit(main())
