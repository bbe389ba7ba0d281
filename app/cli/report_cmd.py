"""caredesk-admin report: member care reports, the premium batch, and supervisor summaries.

The CLI acts as SYSTEM (an administrator job on the server), through the same services
the desktop uses.
"""

import argparse
import sys
import time
from pathlib import Path

from app.cli.context import CliContext, err
from app.reports.fonts import FontMissing
from app.reports.labels import LANGUAGES
from app.reports.member import render_member_report
from app.reports.summary import render_summary_report
from app.services.auth import SYSTEM
from app.services.errors import CareDeskError, ValidationError
from app.services.reports import (
    ReportPurpose, export_premium, member_report_data, parse_period, summary_report_data,
)


def register(sub, common) -> None:
    report = sub.add_parser("report", parents=[common], help="PDF care reports and supervisor summaries")
    commands = report.add_subparsers(dest="report_command", metavar="KIND", required=True)

    member = commands.add_parser("member", parents=[common], help="one member's care report")
    member.add_argument("member_id", type=int, metavar="MEMBER_ID")
    member.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf")
    member.add_argument("--lang", choices=LANGUAGES, help="report language (default: the member's)")
    member.add_argument("--period", metavar="YYYY-MM|YYYY-Www", help="report period (default: the last 180 days)")
    member.add_argument("--no-health", action="store_true", help="leave health indicators out (a shared copy)")
    member.set_defaults(handler=run_member)

    premium = commands.add_parser("premium", parents=[common], help="care reports for every active VIP member")
    premium.add_argument("--period", required=True, metavar="YYYY-MM|YYYY-Www")
    premium.add_argument("--out-dir", required=True, type=Path, metavar="DIR")
    premium.add_argument("--lang", choices=LANGUAGES, help="force one language (default: each member's)")
    premium.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    premium.set_defaults(handler=run_premium)

    summary = commands.add_parser("summary", parents=[common], help="supervisor summary of a month or week")
    summary.add_argument("--period", required=True, metavar="YYYY-MM|YYYY-Www")
    summary.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf")
    summary.add_argument("--lang", choices=LANGUAGES, default="zh")
    summary.set_defaults(handler=run_summary)


def _write(path: Path, pdf: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdf)
    except OSError as exc:
        raise CareDeskError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _fonts_ok() -> None:
    from app.reports.fonts import register_fonts

    try:
        register_fonts()
    except FontMissing as exc:
        raise CareDeskError(str(exc)) from exc


def run_member(ctx: CliContext, args: argparse.Namespace) -> int:
    _fonts_ok()
    period = parse_period(args.period) if args.period else None
    purpose = ReportPurpose.SHARED if args.no_health else ReportPurpose.MEMBER_COPY
    data = member_report_data(ctx.db, SYSTEM, ctx.clock, args.member_id, period=period, language=args.lang,
                              purpose=purpose)
    _write(args.output, render_member_report(data))
    print(f"wrote {args.output} ({data.language})")
    return 0


def run_summary(ctx: CliContext, args: argparse.Namespace) -> int:
    _fonts_ok()
    data = summary_report_data(ctx.db, SYSTEM, ctx.clock, parse_period(args.period), language=args.lang)
    _write(args.output, render_summary_report(data))
    print(f"wrote {args.output}")
    return 0


def run_premium(ctx: CliContext, args: argparse.Namespace) -> int:
    _fonts_ok()
    period = parse_period(args.period)
    if args.workers is not None and args.workers < 1:
        raise ValidationError({"workers": "must be at least 1"})
    if args.out_dir.exists() and not args.out_dir.is_dir():
        raise CareDeskError(f"{args.out_dir} exists and is not a folder")
    started = time.perf_counter()
    interactive = sys.stdout.isatty()

    def progress(done: int, total: int) -> None:
        # An updating line on a terminal; in a log, about twenty lines whatever the batch size.
        if interactive:
            print(f"\r{done}/{total} reports", end="", flush=True)
        elif done == total or done % max(1, total // 20) == 0:
            print(f"{done}/{total}", flush=True)

    result = export_premium(ctx.db, SYSTEM, ctx.clock, period, args.out_dir, language=args.lang,
                            workers=args.workers, progress=progress)
    if interactive and result.total:
        print()
    for member_id, message in result.failed:
        err(f"member {member_id}: {message}")
    elapsed = time.perf_counter() - started
    print(f"{len(result.written)} of {result.total} premium reports for {period.label} written to {args.out_dir} "
          f"in {elapsed:.1f}s")
    return 1 if result.failed else 0
