"""Supervisor dashboard benchmark: the console's view and the KPIs of any range, at 100 k and 1 M members.

Run: .venv/bin/python -m tests.bench.bench_dashboard [--members 100000 1000000] [--postgres]
Reuses tests/bench/bigdb.py's cached members and orders, adds a year of calls, tickets,
refill requests and claims (tests/support/floor_bulk.py) and caches that too. Each working
copy is migrated to head (the rollup backfill of 0019, timed) and analysed, then
measured by ANOTHER process (`--measure URL`), as the console or the CLI of another
workstation would see it: today, this week, 30 days and a year, p50/p90 of wall and CPU
time, beside the floor (the bare SQL that reads the span's calls and tickets once from
their indexes). Prints a Markdown block for docs/benchmarks.md ("Supervisor dashboard").
Target: any period up to a year under 500 ms at 1 M members.
"""

import argparse
import json
import os
import platform
import shutil
import sqlite3
import subprocess
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
from app.services.users import Actor
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


def timed(fn, samples: int) -> dict[str, float]:
    """First (cold) run, then p50/p90 of wall and CPU time in ms over `samples` runs."""
    times, cpu = [], []
    for _ in range(samples + 1):
        started, started_cpu = wall.perf_counter(), wall.process_time()
        fn()
        times.append((wall.perf_counter() - started) * 1000)
        cpu.append((wall.process_time() - started_cpu) * 1000)
    return {"first": times[0], "p50": _pct(times[1:], 50), "p90": _pct(times[1:], 90), "cpu50": _pct(cpu[1:], 50)}


def _pct(values: list[float], q: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round((len(ordered) - 1) * q / 100))]


def _ranges() -> list[tuple[str, dashboard.Period]]:
    today = CLOCK.today()
    return [("today", dashboard.today_period(CLOCK)), ("this week", dashboard.week_period(CLOCK)),
            ("30 days", dashboard.range_period(today - timedelta(days=29), today)),
            ("a year", dashboard.range_period(today - timedelta(days=364), today))]


def floor_sql(db: Database, since: datetime, until: datetime) -> None:
    """The least any dashboard of the span pays: each call and ticket of it read once from an index."""
    with db.session() as s:
        s.execute(select(func.count(), func.count(Call.satisfaction)).where(
            Call.started_at >= since, Call.started_at < until)).one()
        s.execute(select(func.count()).select_from(Ticket).where(
            Ticket.opened_at >= since, Ticket.opened_at < until)).one()


def measure(url: str, samples: int) -> list[dict]:
    """Run in a process of its own: nothing cached from the one that built or migrated the data."""
    db = Database.from_url(url)
    rows = []
    for name, period in _ranges():
        since, until = period.measured(CLOCK)
        rows.append({"range": name, "what": "floor", **timed(lambda: floor_sql(db, since, until), samples)})
        rows.append({"range": name, "what": "kpis",
                     **timed(lambda: dashboard.period_kpis(db, SUPERVISOR, CLOCK, period), samples)})
        rows.append({"range": name, "what": "snapshot",
                     **timed(lambda: dashboard.snapshot(db, SUPERVISOR, CLOCK, period), samples)})
    db.dispose()
    return rows


def measure_elsewhere(url: str, samples: int) -> tuple[list[dict], str, str]:
    """`measure` in a child process; with the load average before and after."""
    before = _load()
    out = subprocess.run([sys.executable, "-m", "tests.bench.bench_dashboard", "--measure", url,
                          "--samples", str(samples)], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1]), before, _load()


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def sizes(db: Database) -> str:
    with db.session() as s:
        calls = s.scalar(select(func.count()).select_from(Call))
        tickets = s.scalar(select(func.count()).select_from(Ticket))
        first = s.scalar(select(func.min(Call.started_at)))
        credited = s.scalar(select(func.count()).select_from(Call).where(Call.led_to_refill.is_(True)))
    return f"{calls:,} calls since {first:%Y-%m-%d} ({credited:,} credited with a refill), {tickets:,} tickets"


def report(engine: str, rows: list[dict], load: tuple[str, str]) -> str:
    lines = [f"{engine} (load average {load[0]} before, {load[1]} after):", "",
             "| range | floor p50 | kpis p50 / p90 | kpis CPU | snapshot first | snapshot p50 / p90 | snapshot CPU |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    by = {(r["range"], r["what"]): r for r in rows}
    for name, _ in _ranges():
        f, k, v = by[(name, "floor")], by[(name, "kpis")], by[(name, "snapshot")]
        lines.append(f"| {name} | {f['p50']:.0f} ms | {k['p50']:.0f} / {k['p90']:.0f} ms | {k['cpu50']:.0f} ms "
                     f"| {v['first']:.0f} ms | {v['p50']:.0f} / {v['p90']:.0f} ms | {v['cpu50']:.0f} ms |")
    return "\n".join(lines)


def migrate(path: Path) -> float:
    """Upgrade a working copy to head (the rollup backfill) and analyse it; seconds taken."""
    from app.data.engine import make_engine
    from app.data.migrate import upgrade

    started = wall.perf_counter()
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    raw = sqlite3.connect(path, isolation_level=None)  # outside any transaction, so the statistics stay
    raw.execute("ANALYZE")
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    return wall.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--calls-per-day", type=int, default=6_000, help="at 1 M members, weekdays; scaled by size")
    parser.add_argument("--samples", type=int, default=7)
    parser.add_argument("--postgres", action="store_true", help="also on a throwaway PostgreSQL cluster")
    parser.add_argument("--measure", metavar="URL", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure, args.samples)))
        return 0

    blocks = []
    for members in args.members:
        per_day = max(1, args.calls_per_day * members // 1_000_000)
        path = ensure_floor(members, args.days, per_day)
        with tempfile.TemporaryDirectory(dir=bigdb.CACHE) as tmp:
            work = Path(tmp) / path.name
            shutil.copyfile(path, work)
            seconds = migrate(work)
            db = Database.from_url(f"sqlite:///{work}")
            data = sizes(db)
            db.dispose()
            blocks.append(f"**{members:,} members**: {data}; migration to head (0019 rolls up every call) {seconds:.0f} s.")
            rows, *load = measure_elsewhere(f"sqlite:///{work}", args.samples)
            blocks.append(report("SQLite (embedded)", rows, tuple(load)))
            print(blocks[-2], blocks[-1], sep="\n\n", file=sys.stderr, flush=True)  # a long run shows as it goes
            if args.postgres:
                blocks.append(postgres(work, args.samples))
                print(blocks[-1], file=sys.stderr, flush=True)
    cpu = cpu_name()
    print(f"\nMachine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}; run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.\n")
    print("\n\n".join(blocks))
    return 0


def postgres(path: Path, samples: int) -> str:
    """Copy the migrated floor database into a throwaway cluster and measure there too."""
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
        rows, *load = measure_elsewhere(url, samples)
        return report("PostgreSQL 15 (throwaway cluster, the same rows)", rows, tuple(load))
    finally:
        cluster.destroy()


if __name__ == "__main__":
    sys.exit(main())
