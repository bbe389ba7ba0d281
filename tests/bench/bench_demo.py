"""Demo generation benchmark: 100,000 members with their orders on SQLite, next to a floor.

Run: .venv/bin/python -m tests.bench.bench_demo [--members 100000] [--no-write]
The floor replays the very rows the generator wrote with a bare sqlite3 executemany into a
fresh migrated database (same schema, same indexes, one transaction): what the insert alone
costs, so the difference is the generation itself. Writes the section "Demo data
generation" of docs/benchmarks.md (target: under a minute for 100,000 members).
"""

import argparse
import os
import platform
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from app.data.migrate import upgrade
from app.data.uow import Database
from app.domain.clock import Clock
from app import demo
from app.demo import bulk
from tests.bench.docs import cpu_name, write_section

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Demo data generation"
CLOCK = Clock.fixed(date(2026, 6, 15), tz=ZoneInfo("Asia/Shanghai"))


def fresh(path: Path) -> Database:
    database = Database.from_url(f"sqlite:///{path}")
    upgrade(database.engine)
    return database


def timed_generate(path: Path, members: int, seed: int) -> tuple[float, float, demo.DemoSummary]:
    """Wall seconds, CPU seconds of this process, and what was made."""
    database = fresh(path)
    started, cpu = time.perf_counter(), time.process_time()
    summary = demo.generate(database, CLOCK, members=members, seed=seed)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    database.dispose()
    return elapsed, cpu, summary


def captured_rows(path: Path, members: int, seed: int) -> list[tuple[str, str, list[tuple]]]:
    """The statements and rows a generation writes, kept for the floor."""
    captured: list[tuple[str, str, list[tuple]]] = []
    original = bulk.BulkWriter.insert

    def keep(self, table, columns, rows):
        captured.append((table.name, ", ".join(columns), list(rows)))
        original(self, table, columns, rows)

    bulk.BulkWriter.insert = keep  # type: ignore[method-assign]
    try:
        database = fresh(path)
        demo.generate(database, CLOCK, members=members, seed=seed)
        database.dispose()
    finally:
        bulk.BulkWriter.insert = original  # type: ignore[method-assign]
    return captured


def floor(path: Path, captured: list[tuple[str, str, list[tuple]]]) -> tuple[float, float]:
    """Bare executemany of the same rows into the same (empty) tables."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("PRAGMA foreign_keys=ON")
    tables = sorted({name for name, _, _ in captured})
    con.execute("BEGIN")
    for name in reversed(tables):
        con.execute(f"DELETE FROM {name}")  # keep users/products, drop the generated rows
    con.execute("COMMIT")
    con.execute("VACUUM")  # the floor starts from the same users and products, and no free pages
    started, cpu = time.perf_counter(), time.process_time()
    con.execute("BEGIN")
    for name, columns, rows in captured:
        marks = ", ".join("?" * len(columns.split(", ")))
        con.executemany(f"INSERT INTO {name} ({columns}) VALUES ({marks})", rows)
    con.execute("COMMIT")
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    con.close()
    return elapsed, cpu


def timed_postgres(members: int, seed: int) -> str:
    from tests.support.pgcluster import start_cluster

    cluster = start_cluster()
    try:
        database = Database.from_url(cluster.createdb("bench_demo"))
        upgrade(database.engine)
        started, cpu = time.perf_counter(), time.process_time()
        demo.generate(database, CLOCK, members=members, seed=seed)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        database.dispose()
    finally:
        cluster.destroy()
    return (f"| `demo.generate` on PostgreSQL (throwaway local cluster, COPY) | {elapsed:.1f} s wall, "
            f"{cpu:.1f} s CPU in this process |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-write", action="store_true", help="print only, leave docs/benchmarks.md alone")
    parser.add_argument("--pg", action="store_true", help="also time it on a throwaway PostgreSQL cluster (COPY)")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        gen_s, gen_cpu, summary = timed_generate(Path(tmp) / "demo.db", args.members, args.seed)
        size_mb = (Path(tmp) / "demo.db").stat().st_size / 1e6
        captured = captured_rows(Path(tmp) / "capture.db", args.members, args.seed)
        rows = sum(len(r) for _, _, r in captured)
        floor_s, floor_cpu = floor(Path(tmp) / "capture.db", captured)
    pg_row = timed_postgres(args.members, args.seed) if args.pg else None
    load_after = os.getloadavg()
    rows_by_table: dict[str, int] = {}
    for name, _, r in captured:
        rows_by_table[name] = rows_by_table.get(name, 0) + len(r)
    text = "\n".join([
        SECTION,
        "",
        f"`.venv/bin/python -m tests.bench.bench_demo --members {args.members}` on {date.today().isoformat()}: "
        f"{os.cpu_count()} CPUs (nproc), {cpu_name()}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}. Load average {load_before[0]:.1f} before, {load_after[0]:.1f} after "
        "(other work shared the machine: CPU seconds are the steadier figure when the load is high).",
        "",
        "| measure | value |",
        "|---|---|",
        f"| `demo.generate` for {args.members:,} members, SQLite file | **{gen_s:.1f} s** wall (target < 60 s), "
        f"{gen_cpu:.1f} s CPU |",
        f"| rows written | {rows:,} ({', '.join(f'{k} {v:,}' for k, v in sorted(rows_by_table.items()))}) |",
        f"| generation throughput | {rows / gen_s:,.0f} rows/s |",
        f"| floor: bare sqlite3 executemany of the same rows, same schema and indexes | {floor_s:.1f} s wall, "
        f"{floor_cpu:.1f} s CPU ({rows / floor_s:,.0f} rows/s) |",
        f"| generate / floor | {gen_s / floor_s:.1f}x wall, {gen_cpu / floor_cpu:.1f}x CPU |",
        f"| database file | {size_mb:,.0f} MB |",
        *([pg_row] if pg_row else []),
        "",
        f"Per member: {summary.orders / summary.members:.1f} orders, {summary.order_lines / summary.members:.1f} "
        f"lines, {summary.points_entries / summary.members:.1f} points entries; {summary.calls:,} calls, "
        f"{summary.tickets:,} tickets, {summary.health_profiles:,} health profiles. The floor is the insert "
        "alone; the rest is Python drawing the data (one random stream, so one core).",
        "",
    ])
    print(text)
    if not args.no_write:
        write_section(SECTION, text)
        print(f"written to {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
