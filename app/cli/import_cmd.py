"""caredesk-admin import products|members|orders FILE.csv: the importer service, printed."""

import sys

from app.cli.context import CliContext
from app.services import imports
from app.services.users import cli_actor


def register(sub, common) -> None:
    parser = sub.add_parser(
        "import", help="import products, members or orders from a UTF-8 CSV file", parents=[common],
        description="Columns: " + "; ".join(f"{kind}: {','.join(cols)}" for kind, cols in imports.COLUMNS.items()),
    )
    parser.add_argument("kind", choices=imports.KINDS, help="what the file holds")
    parser.add_argument("file", metavar="FILE.csv")
    parser.set_defaults(handler=_import)


def _import(ctx: CliContext, args) -> int:
    result = imports.import_csv(ctx.db, cli_actor(ctx.db), ctx.clock, kind=args.kind, path=args.file)
    for error in result.errors:
        print(error, file=sys.stderr)
    print(result.summary())
    return 1 if result.errors else 0
