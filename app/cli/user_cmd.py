"""caredesk-admin user add|lock|unlock|disable|enable|reset-password NAME, and signin NAME."""

import argparse
import getpass
import sys

from app.cli.context import CliContext, err
from app.domain.codes import Role
from app.services import users


def register(sub, common) -> None:
    user = sub.add_parser("user", help="user accounts (administrators)", parents=[common])
    user_sub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = user_sub.add_parser("add", help="create a user (with --db OWNER_URL: and its login role)", parents=[common])
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--display-name")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.add_argument("--health-data", "--health-access", dest="health_data", action="store_true",
                     help="may see sensitive health profiles (member of caredesk_health)")
    add.set_defaults(handler=_add)
    for action, handler, help_text in (
        ("lock", _lock, "refuse sign-in until unlocked"), ("unlock", _unlock, "lift a lock and the failure count"),
        ("disable", _disable, "the user may no longer sign in (login role NOLOGIN)"),
        ("enable", _enable, "the user may sign in again"),
    ):
        parser = user_sub.add_parser(action, help=help_text, parents=[common])
        parser.add_argument("name")
        parser.set_defaults(handler=handler)
    reset = user_sub.add_parser("reset-password", help="set a new password", parents=[common])
    reset.add_argument("name")
    reset.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    reset.set_defaults(handler=_reset)

    signin = sub.add_parser("signin", help="check a user name and password (exit 0 accepted, 1 refused)",
                            parents=[common])
    signin.add_argument("name")
    signin.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    signin.set_defaults(handler=_signin)


def _read_password(from_stdin: bool, *, repeat: bool = True) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if repeat and first != getpass.getpass("Repeat password: "):
        err("the passwords do not match")
        return None
    return first


def _add(ctx: CliContext, args: argparse.Namespace) -> int:
    password = _read_password(args.password_stdin)
    if password is None:
        return 1
    actor = users.add_user(
        ctx.db, users.cli_actor(ctx.db), ctx.clock, username=args.name, role=args.role, password=password,
        display_name=args.display_name, can_view_health=args.health_data,
    )
    print(f"user {actor.username} ({actor.role}) created, id {actor.id}")
    return 0


def _lock(ctx: CliContext, args: argparse.Namespace) -> int:
    users.lock_user(ctx.db, users.cli_actor(ctx.db), ctx.clock, args.name)
    print(f"user {args.name} locked")
    return 0


def _unlock(ctx: CliContext, args: argparse.Namespace) -> int:
    users.unlock_user(ctx.db, users.cli_actor(ctx.db), ctx.clock, args.name)
    print(f"user {args.name} unlocked")
    return 0


def _disable(ctx: CliContext, args: argparse.Namespace) -> int:
    users.set_active(ctx.db, users.cli_actor(ctx.db), ctx.clock, args.name, active=False)
    print(f"user {args.name} disabled")
    return 0


def _enable(ctx: CliContext, args: argparse.Namespace) -> int:
    users.set_active(ctx.db, users.cli_actor(ctx.db), ctx.clock, args.name, active=True)
    print(f"user {args.name} enabled")
    return 0


def _reset(ctx: CliContext, args: argparse.Namespace) -> int:
    password = _read_password(args.password_stdin)
    if password is None:
        return 1
    users.reset_password(ctx.db, users.cli_actor(ctx.db), ctx.clock, args.name, password)
    print(f"password of {args.name} reset")
    return 0


def _signin(ctx: CliContext, args: argparse.Namespace) -> int:
    password = _read_password(args.password_stdin, repeat=False) or ""
    try:
        actor = users.sign_in(ctx.db, ctx.clock, args.name, password)
    except users.SignInRefused as exc:
        err(str(exc))
        return 1
    print(f"signed in as {actor.username} ({actor.role})")
    return 0
