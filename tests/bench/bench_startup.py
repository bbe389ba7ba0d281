"""Start-up time: launch -> a usable sign-in dialog with an existing embedded database.

Run: PYTHONPATH=. QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.bench.bench_startup [--app PATH]
`--app` measures a built app (packaging/build.sh: dist/caredesk/caredesk) instead of the
source checkout. Each run is a fresh process, timed from spawn to the `ready signin` line
(the dialog is shown and its first paint processed); the database is created once before.
"""

import argparse
import os
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
    args = parser.parse_args()
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


if __name__ == "__main__":
    main()
