"""Report benchmark: one care report, and 1,000 in a premium batch on every core.

Run: .venv/bin/python -m tests.bench.bench_reports [--members 1000]
Prints a Markdown block for docs/benchmarks.md ("Reports"). Target: under 150 ms a report.
"""

import argparse
import io
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader

from app.data.migrate import upgrade
from app.data.uow import Database
from app.reports.fonts import register_fonts
from app.reports.member import render_member_report
from app.services.auth import SYSTEM
from app.services.reports import export_premium, member_report_data, parse_period
from tests.reports.bench_clock import BENCH_CLOCK
from tests.bench.docs import cpu_name
from tests.reports.builders import populate

SAMPLES = 30


def cpu_seconds() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn, samples: int = SAMPLES) -> tuple[float, float, float]:
    """Median and max wall time, and median CPU time, in ms (CPU time is steadier on a shared box)."""
    runs, cpu = [], []
    for _ in range(samples):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        runs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(runs) * 1000, max(runs) * 1000, statistics.median(cpu) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1000)
    args = parser.parse_args(argv)
    clock, period = BENCH_CLOCK, parse_period("2026-05")
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.from_url(f"sqlite:///{tmp}/bench.db")
        upgrade(db.engine)
        t0 = time.perf_counter()
        with db.session() as s:
            ids = populate(s, clock, members=args.members)
        seed_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        register_fonts()
        font_ms = (time.perf_counter() - t0) * 1000
        one = ids[0]
        render_member_report(member_report_data(db, SYSTEM, clock, one, period=period))  # warm caches
        data = member_report_data(db, SYSTEM, clock, one, period=period)
        snap_med, snap_max, snap_cpu = timed(lambda: member_report_data(db, SYSTEM, clock, one, period=period))
        pdf_med, pdf_max, pdf_cpu = timed(lambda: render_member_report(data))
        pages = len(PdfReader(io.BytesIO(render_member_report(data))).pages)

        rows = []
        for workers in (1, os.cpu_count() or 1):
            out = Path(tmp) / f"out{workers}"
            cpu0, t0 = cpu_seconds(), time.perf_counter()
            result = export_premium(db, SYSTEM, clock, period, out, workers=workers, member_ids=ids)
            wall = time.perf_counter() - t0
            cpu = cpu_seconds() - cpu0
            assert not result.failed and len(result.written) == len(ids), result.failed[:3]
            rows.append((workers, wall, wall / len(ids) * 1000, cpu / len(ids) * 1000, cpu / wall))
        db.dispose()

    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"Machine: {cpu_name()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; SQLite file; measured {stamp}; "
          f"load average after the run {load}.")
    print(f"Data: {len(ids)} VIP members with 6 months of orders, calls, ratings and indicators "
          f"(seeded in {seed_s:.0f} s). Member reports of period {period.label}, Chinese, "
          f"{pages} pages, health indicators included.\n")
    print(f"| one report ({SAMPLES} runs) | median wall | max wall | median CPU |")
    print("|---|---|---|---|")
    print(f"| font registration (once per process) | {font_ms:.0f} ms | | |")
    print(f"| snapshot from the database | {snap_med:.1f} ms | {snap_max:.1f} ms | {snap_cpu:.1f} ms |")
    print(f"| render to PDF bytes | {pdf_med:.1f} ms | {pdf_max:.1f} ms | {pdf_cpu:.1f} ms |")
    print(f"| total | {snap_med + pdf_med:.1f} ms | | {snap_cpu + pdf_cpu:.1f} ms |\n")
    print(f"| batch of {len(ids)} (export_premium, PDFs written) | wall | wall per report | CPU per report "
          "| cores busy (CPU s / wall s) |")
    print("|---|---|---|---|---|")
    for workers, wall, per, cpu_per, busy in rows:
        print(f"| {workers} worker process{'es' if workers > 1 else ''} | {wall:.1f} s | {per:.1f} ms "
              f"| {cpu_per:.1f} ms | {busy:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
