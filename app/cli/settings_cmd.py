"""caredesk-admin settings show|set: the centre-wide settings every workstation uses
(calling hours, contact cap and gap, hand-off...), stored in the database."""

from pathlib import Path

from app.cli.context import CliContext, print_json
from app.services import settings
from app.services.users import cli_actor
from app.services.errors import ValidationError


def register(sub, common) -> None:
    cmd = sub.add_parser("settings", help="centre-wide settings (queue rules...)", parents=[common])
    ssub = cmd.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    show = ssub.add_parser("show", help="every value of a section", parents=[common])
    show.add_argument("section", nargs="?", default="queue")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=_show)
    put = ssub.add_parser("set", help="change values: settings set queue window_end=20:30 cap_calls=3; "
                          "KEY=@FILE gives a file's bytes (settings set brand logo=@logo.png)", parents=[common])
    put.add_argument("section")
    put.add_argument("values", nargs="+", metavar="KEY=VALUE")
    put.set_defaults(handler=_set)


def _show(ctx: CliContext, args) -> int:
    values = settings.show_settings(ctx.db, cli_actor(ctx.db), args.section)
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
        value = value.strip()
        if value.startswith("@") and len(value) > 1:
            try:
                changes[key.strip()] = Path(value[1:]).expanduser().read_bytes()
            except OSError as exc:
                raise ValidationError({key.strip(): f"cannot read {value[1:]}: {exc.strerror}"}) from None
        else:
            changes[key.strip()] = value
    print_json(settings.update_settings(ctx.db, cli_actor(ctx.db), ctx.clock, args.section, changes))
    return 0
