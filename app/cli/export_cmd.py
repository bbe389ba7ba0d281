"""caredesk-admin export calls|tickets --from D --to D -o FILE(.csv|.xlsx): the export service."""

from app.cli.context import CliContext
from app.cli.types import day as _date
from app.services import exports
from app.services.users import cli_actor


def register(sub, common) -> None:
    parser = sub.add_parser(
        "export", parents=[common], help="export calls with their outcomes, or tickets, to CSV or XLSX",
        description="Calls columns: " + ",".join(exports.CALL_COLUMNS) + ". Tickets columns: "
                    + ",".join(exports.TICKET_COLUMNS) + ". Local times with the year; phones masked.")
    parser.add_argument("kind", choices=exports.KINDS)
    parser.add_argument("--from", dest="start", type=_date, required=True, metavar="YYYY-MM-DD",
                        help="first local day of the period")
    parser.add_argument("--to", dest="end", type=_date, required=True, metavar="YYYY-MM-DD",
                        help="last local day of the period (included)")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.csv or FILE.xlsx")
    parser.set_defaults(handler=_export)


def _export(ctx: CliContext, args) -> int:
    count = exports.export(ctx.db, cli_actor(ctx.db), ctx.clock, kind=args.kind, start=args.start, end=args.end,
                           path=args.output)
    print(f"{args.kind}: {count} rows written to {args.output}")
    return 0
