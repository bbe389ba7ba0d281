"""caredesk-admin entry point: global options, then one subcommand module per area."""

import argparse
import sys
from datetime import date, datetime, time
from importlib import import_module

from app.config import Config
from app.data.storage import storage_message
from app.domain.clock import Clock, local_timezone
from app.domain.limits import text_problem
from app.cli.context import CliContext, err
from app.cli.types import day
from app.services.errors import CareDeskError, ValidationError

MAX_ARGUMENT = 4000  # the longest text a command takes (notes); each service has its own, shorter limits

# Each module has register(subparsers); its parsers set `handler(ctx, args) -> int`.
# Keyed by the command each registers, so that a run imports only its own command's services.
COMMAND_MODULES = {
    "db": "app.cli.db_cmd", "user": "app.cli.user_cmd", "signin": "app.cli.user_cmd",
    "demo": "app.cli.demo_cmd", "import": "app.cli.import_cmd", "queue": "app.cli.queue_cmd",
    "outcome": "app.cli.outcome_cmd", "tickets": "app.cli.tickets_cmd", "member": "app.cli.member_cmd",
    "scripts": "app.cli.scripts_cmd", "report": "app.cli.report_cmd", "settings": "app.cli.settings_cmd",
    "kpi": "app.cli.kpi_cmd", "export": "app.cli.export_cmd", "points": "app.cli.points_cmd",
    "daily": "app.cli.points_cmd", "dial": "app.cli.dial_cmd",
}


def check_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Every text argument of every command through the domain's text rule (NUL, control and
    direction characters, lone surrogates from undecodable bytes, length): one door for all,
    refused like any bad argument (exit 2), before any database is opened."""
    for name, value in vars(args).items():
        for item in value if isinstance(value, (list, tuple)) else [value]:
            if isinstance(item, str) and (problem := text_problem(item, max_length=MAX_ARGUMENT,
                                                                  multiline=True)) is not None:
                parser.error(f"argument {name.replace('_', '-')}: {problem}")


def _time(text: str) -> time:
    try:
        return datetime.strptime(text, "%H:%M").time()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a time HH:MM: {text!r}") from None


def _global_options(**probe) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False, **probe)
    common.add_argument("--db", metavar="URL", default=argparse.SUPPRESS,
                        help="database URL (default: CAREDESK_DATABASE_URL, else the embedded SQLite file)")
    common.add_argument("--today", type=day, metavar="YYYY-MM-DD", default=argparse.SUPPRESS,
                        help="fix the clock to this local date (10:00 unless --at)")
    common.add_argument("--at", type=_time, metavar="HH:MM", default=argparse.SUPPRESS,
                        help="fix the clock to this local time")
    return common


def _named_command(argv: list[str] | None) -> str | None:
    """The command this run names, when it is one we know (the global options parsed off first)."""
    try:
        _, rest = _global_options(exit_on_error=False).parse_known_args(argv)
    except (argparse.ArgumentError, SystemExit):
        return None  # the whole parser reports the bad option
    named = next((token for token in rest if not token.startswith("-")), None)
    return named if named in COMMAND_MODULES else None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser for this run: only the named command's module is imported (the whole set
    costs seconds of imports); with no known command, all of them, for the help and the error."""
    # Global options are accepted before the command and after it (`queue show --today D`).
    common = _global_options()
    parser = argparse.ArgumentParser(prog="caredesk-admin", description="CareDesk administration", parents=[common])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    named = _named_command(argv)
    modules = [COMMAND_MODULES[named]] if named else COMMAND_MODULES.values()
    for module in dict.fromkeys(modules):
        import_module(module).register(sub, common)
    return parser


def make_clock(today: date | None, at: time | None) -> Clock:
    tz = local_timezone()
    if today is None and at is None:
        return Clock(tz=tz)
    local_day = today or datetime.now(tz).date()
    return Clock.fixed(local_day, at or time(10, 0), tz=tz)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    check_arguments(parser, args)
    ctx = CliContext(
        config=Config.from_env(getattr(args, "db", None)),
        clock=make_clock(getattr(args, "today", None), getattr(args, "at", None)),
    )
    try:
        return int(args.handler(ctx, args) or 0)
    except ValidationError as exc:
        for field, message in exc.errors.items():
            err(f"{field}: {message}")
        return 1
    except CareDeskError as exc:
        err(str(exc))
        return 1
    except KeyboardInterrupt:
        err("interrupted")
        return 130
    except Exception as exc:
        message = storage_message(exc)  # a full or read-only disk, a damaged file: say so
        if message is None:
            raise
        err(message)
        return 1
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
