"""Start-up time: launch -> a usable sign-in dialog with an existing embedded database.

Run: PYTHONPATH=. QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.bench.bench_startup [--app PATH]
`--app` measures a built app (packaging/build.sh: dist/caredesk/caredesk) instead of the
source checkout. `--members 2000 100000 1000000` measures launch -> sign-in dialog and
launch -> the agent's main window (`--user`, no dialog) on tests/bench/bigdb.py's databases
of those sizes instead (issue 13: the app opens on a million members as on a thousand). Each run is a fresh process, timed from spawn to the `ready signin` line
(the dialog is shown and its first paint processed); the database is created once before.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.docs import cpu_name, write_section

RUNS = 7


def launch(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(wall seconds to ready, in-process seconds to ready, CPU seconds to ready) for one launch."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd + ["--exit-when-ready"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("ready "):
            wall = time.perf_counter() - start
            parts = line.split()
            proc.wait(timeout=120)
            return wall, float(parts[2]), float(parts[3]) if len(parts) > 3 else float("nan")
    raise RuntimeError(f"no ready line (exit {proc.wait()})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", help="a built caredesk executable (default: the source checkout)")
    parser.add_argument("--no-doc", action="store_true")
    parser.add_argument("--members", type=int, nargs="+", help="bigdb sizes: start-up against the member count")
    args = parser.parse_args()
    if args.members:
        return by_size(args.members, args.app, args.no_doc)
    data = Path(tempfile.mkdtemp(prefix="cd-startup-"))
    env = dict(os.environ, CAREDESK_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen")
    cmd = [args.app] if args.app else [sys.executable, "-m", "ui.main"]
    load_before = os.getloadavg()[0]
    t = time.perf_counter()
    first = launch(cmd, env)  # first run creates and seeds the database
    first_s = time.perf_counter() - t
    walls, insides, cpus = [], [], []
    for _ in range(RUNS):
        wall, inside, cpu = launch(cmd, env)
        walls.append(wall)
        insides.append(inside)
        cpus.append(cpu)
    load_after = os.getloadavg()[0]
    what = "built app (PyInstaller one-folder)" if args.app else "source checkout (python -m ui.main)"
    print(f"{what}: first run {first_s:.2f} s (ready at {first[0]:.2f} s); "
          f"median {statistics.median(walls):.2f} s, min {min(walls):.2f}, max {max(walls):.2f}; "
          f"CPU median {statistics.median(cpus):.2f} s")
    if args.no_doc:
        return
    rows = "\n".join(f"| {i + 1} | {w:.2f} | {n:.2f} | {c:.2f} |"
                     for i, (w, n, c) in enumerate(zip(walls, insides, cpus)))
    heading = "## Start-up (built app)" if args.app else "## Start-up (source checkout)"
    write_section(heading, f"""{heading}

Launch to a usable sign-in dialog (shown and painted) with an existing embedded demo
database (2000 members), offscreen, {what}; {RUNS} fresh processes after one first run.
Machine: {cpu_name()}, 2 cores shared with other work: load average {load_before:.1f} before
and {load_after:.1f} after the runs (so other processes held most of the CPU; on a quiet
machine the figures are lower). `tests/bench/bench_startup.py`.

- **median {statistics.median(walls):.2f} s** wall clock from spawn (min {min(walls):.2f}, max {max(walls):.2f});
  in-process part (after the interpreter started) median {statistics.median(insides):.2f} s.
- **CPU time used until the dialog is up: median {statistics.median(cpus):.2f} s** (the whole
  process, all threads and interpreter start-up included). This is what the start costs
  on a quiet machine, where wall clock is close to it; the wall figures above include
  waiting for the CPU behind the other processes.
- First start on a new machine (creates the schema and seeds the demo data under a
  progress dialog that says so): {first_s:.1f} s until the dialog.

| run | wall s | in-process s | CPU s |
|---|---|---|---|
{rows}
""")


SIZE_RUNS = 5
SIZE_HEADING = "## Start-up by database size"


def by_size(sizes: list[int], app: str | None, no_doc: bool) -> None:
    """Launch -> sign-in dialog, and launch -> main window signed in (the queue loads after
    it, on the database thread), on an embedded database of each size; fresh processes."""
    from app.services.users import hash_password
    from app.demo.catalogue import DEMO_PASSWORD
    from tests.bench.bigdb import BENCH_DAY, sqlite_copy

    cmd = [app] if app else [sys.executable, "-m", "ui.main"]
    lines = []
    load_before = os.getloadavg()
    for members in sizes:
        data = Path(tempfile.mkdtemp(prefix=f"cd-startup-{members}-"))
        db_file = sqlite_copy(members, data)
        db_file.rename(data / "caredesk.db")
        import sqlite3

        with sqlite3.connect(data / "caredesk.db") as conn:  # the agents sign in with the demo password
            conn.execute("UPDATE users SET password_hash = ?", (hash_password(DEMO_PASSWORD),))
        size_mb = (data / "caredesk.db").stat().st_size / 1e6
        env = dict(os.environ, CAREDESK_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen")
        clock = ["--today", BENCH_DAY.isoformat(), "--at", "10:00"]
        launch(cmd + clock, env)  # the first launch after the copy warms the page cache
        signin = [launch(cmd + clock, env) for _ in range(SIZE_RUNS)]
        main_window = [launch(cmd + clock + ["--user", "agent01"], env) for _ in range(SIZE_RUNS)]
        row = (f"| {members:,} | {size_mb:,.0f} MB | {statistics.median(w for w, _, _ in signin):.2f} s "
               f"({statistics.median(c for _, _, c in signin):.2f} s) | "
               f"{statistics.median(w for w, _, _ in main_window):.2f} s "
               f"({statistics.median(c for _, _, c in main_window):.2f} s) | "
               f"{max(w for w, _, _ in main_window):.2f} s | {os.getloadavg()[0]:.1f} |")
        print(row, flush=True)
        lines.append(row)
        shutil.rmtree(data, ignore_errors=True)
    if no_doc:
        return
    what = "built app" if app else "source checkout (python -m ui.main)"
    write_section(SIZE_HEADING, "\n".join([
        SIZE_HEADING, "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC on {cpu_name()}, {os.cpu_count()} cores, "
        f"{what}, offscreen; load average {load_before[0]:.1f} at the start. "
        "`tests/bench/bench_startup.py --members ...`: an embedded database from tests/bench/bigdb.py "
        "(about 5 orders a member), copied and opened once, then "
        f"{SIZE_RUNS} fresh processes to the sign-in dialog and {SIZE_RUNS} to the agent's main window "
        "(`--user agent01`, the dialog skipped). Medians, CPU of the whole process in brackets. The main "
        "window is ready when it is shown with its panels; the queue and the day's build (when due) then "
        "run on the database thread (their costs are the queue rows above).", "",
        "| members | file | to sign-in dialog | to main window | slowest to main window | load after |",
        "|---:|---:|---:|---:|---:|---:|", *lines, ""]))


if __name__ == "__main__":
    main()
