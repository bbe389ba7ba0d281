"""caredesk-admin demo --members N [--seed S]: fill an empty database with demo data."""

import argparse
import sys
import time

from app.cli.context import CliContext
from app.data import migrate
from app import demo
from app.services.errors import CareDeskError


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None


def register(sub, common) -> None:
    parser = sub.add_parser("demo", help="fill an empty database with believable demo data", parents=[common])
    parser.add_argument("--members", type=_positive, required=True, metavar="N", help="how many members (>= 1)")
    parser.add_argument("--seed", type=_seed, default=1, metavar="S", help="random seed (default 1): same seed, same data")
    parser.set_defaults(handler=_demo)


def _progress(done: int, total: int) -> None:
    end = "\n" if done == total or not sys.stderr.isatty() else ""
    print(f"\rmembers {done:,}/{total:,}", end=end, file=sys.stderr, flush=True)


def _demo(ctx: CliContext, args) -> int:
    started = time.perf_counter()
    engine = ctx.db.engine
    current = migrate.current_revision(engine)
    if current is None:  # an empty database: create the schema first
        migrate.upgrade(engine)
        print(f"schema created at {migrate.head_revision()}", file=sys.stderr)
    elif current != migrate.head_revision():
        raise CareDeskError(f"the schema is at {current}, this version needs {migrate.head_revision()}: "
                            "run `caredesk-admin db upgrade` first")
    summary = demo.generate(ctx.db, ctx.clock, members=args.members, seed=args.seed, progress=_progress)
    elapsed = time.perf_counter() - started
    print(f"demo data (seed {args.seed}, up to {ctx.clock.today().isoformat()}):")
    for line in summary.lines():
        print(f"  {line}")
    print(f"sign in as {demo.DEMO_AGENT} (or supervisor1, admin) with the password {demo.DEMO_PASSWORD!r}")
    print(f"done in {elapsed:.1f} s")
    return 0
