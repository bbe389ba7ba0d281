"""caredesk-admin settings show|set: the centre-wide settings every workstation uses
(calling hours, contact cap and gap, hand-off...), stored in the database."""

from app.cli.context import CliContext, print_json
from app.services import settings
from app.services.auth import SYSTEM
from app.services.errors import ValidationError


def register(sub, common) -> None:
    cmd = sub.add_parser("settings", help="centre-wide settings (queue rules...)", parents=[common])
    ssub = cmd.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    show = ssub.add_parser("show", help="every value of a section", parents=[common])
    show.add_argument("section", nargs="?", default="queue")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=_show)
    put = ssub.add_parser("set", help="change values: settings set queue window_end=20:30 cap_calls=3",
                          parents=[common])
    put.add_argument("section")
    put.add_argument("values", nargs="+", metavar="KEY=VALUE")
    put.set_defaults(handler=_set)


def _show(ctx: CliContext, args) -> int:
    values = settings.show_settings(ctx.db, SYSTEM, args.section)
    if args.json:
        print_json(values)
    else:
        for key, value in values.items():
            print(f"{key} = {', '.join(value) if isinstance(value, list) else value}")
    return 0


def _set(ctx: CliContext, args) -> int:
    changes = {}
    for item in args.values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValidationError({item: "expected KEY=VALUE"})
        changes[key.strip()] = value.strip()
    print_json(settings.update_settings(ctx.db, SYSTEM, ctx.clock, args.section, changes))
    return 0
