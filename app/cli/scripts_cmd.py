"""caredesk-admin scripts check [--dir DIR] | scripts show ID [--lang zh|en]: call scripts."""

from pathlib import Path

from app.cli.context import CliContext, err
from app.services.calls import scripts


def register(sub, common) -> None:
    parser = sub.add_parser("scripts", help="call scripts", parents=[common])
    ssub = parser.add_subparsers(dest="scripts_command", metavar="ACTION", required=True)
    check = ssub.add_parser("check", help="validate every script and print what is wrong", parents=[common])
    check.add_argument("--dir", type=Path, default=scripts.SCRIPTS_DIR, help="scripts folder (default: the bundled one)")
    check.set_defaults(handler=_check)


def _check(ctx: CliContext, args) -> int:
    library = scripts.load_library(args.dir)
    for problem in library.errors:
        err(str(problem))
    if library.errors:
        err(f"{len(library.errors)} problem(s) in the scripts under {args.dir}")
        return 1
    print(f"{len(library.scripts)} scripts OK: {', '.join(sorted(library.scripts))}")
    return 0
