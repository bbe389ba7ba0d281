"""caredesk-admin import products|members|orders FILE [--mapping FILE] [--report FILE]
[--all-or-nothing]: the importer service, with a progress bar on a terminal."""

import sys
import time

from app.cli.context import CliContext
from app.services import imports
from app.services.users import cli_actor


def register(sub, common) -> None:
    parser = sub.add_parser(
        "import", help="import products, members or orders from a CSV or XLSX file", parents=[common],
        description="CSV (UTF-8, GB18030 or Big5; any usual delimiter) or XLSX. Columns: "
                    + "; ".join(f"{kind}: {','.join(cols)}" for kind, cols in imports.COLUMNS.items())
                    + ". The Chinese headers of shop exports are recognized; --mapping maps others.",
    )
    parser.add_argument("kind", choices=imports.KINDS, help="what the file holds")
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--mapping", metavar="FILE", help="JSON {\"file header\": \"column\"} or CSV header,column")
    parser.add_argument("--report", metavar="FILE.csv", help="write the rejected rows here (row,column,value,reason)")
    parser.add_argument("--all-or-nothing", action="store_true", help="import nothing when any row is rejected")
    parser.set_defaults(handler=_import)


class _Bar:
    """A one-line progress bar on stderr, only when both outputs are a terminal."""

    def __init__(self) -> None:
        self.shown = sys.stderr.isatty() and sys.stdout.isatty()
        self._last = 0.0

    def __call__(self, rows: int, fraction: float) -> None:
        now = time.monotonic()
        if not self.shown or now - self._last < 0.1:
            return
        self._last = now
        filled = int(fraction * 30)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%} {rows} rows")
        sys.stderr.flush()

    def close(self) -> None:
        if self.shown and self._last:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()


def _import(ctx: CliContext, args) -> int:
    mapping = imports.load_mapping(args.mapping) if args.mapping else None
    bar = _Bar()
    try:
        result = imports.import_file(ctx.db, cli_actor(ctx.db), ctx.clock, kind=args.kind, path=args.file,
                                     mapping=mapping, report=args.report, all_or_nothing=args.all_or_nothing,
                                     progress=bar)
    finally:
        bar.close()
    for error in result.errors:
        print(error, file=sys.stderr)
    if result.failed > len(result.errors):
        print(f"... and {result.failed - len(result.errors)} more (see --report)", file=sys.stderr)
    print(result.summary())
    return 1 if result.failed else 0
