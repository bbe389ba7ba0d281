"""caredesk-admin user add NAME --role ROLE [--password-stdin]."""

import getpass
import sys

from app.cli.context import CliContext, err
from app.domain.codes import Role
from app.services import users
from app.services.users import SYSTEM


def register(sub, common) -> None:
    user = sub.add_parser("user", help="user accounts", parents=[common])
    user_sub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = user_sub.add_parser("add", help="create a user", parents=[common])
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--display-name")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.add_argument("--health-access", action="store_true", help="may see sensitive health profiles")
    add.set_defaults(handler=_add)


def _read_password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat password: "):
        err("the passwords do not match")
        return None
    return first


def _add(ctx: CliContext, args) -> int:
    password = _read_password(args.password_stdin)
    if password is None:
        return 1
    actor = users.add_user(
        ctx.db, SYSTEM, ctx.clock, username=args.name, role=args.role, password=password,
        display_name=args.display_name, can_view_health=args.health_access,
    )
    print(f"user {actor.username} ({actor.role}) created, id {actor.id}")
    return 0
