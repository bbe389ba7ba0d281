"""caredesk-admin outcome record --task ID --agent NAME --json FILE: an outcome from another
channel (automated pre-screening call, SMS survey), validated and saved like the desktop's."""

import json
import sys

from app.cli.context import CliContext, print_json
from app.cli.types import record_id
from app.domain.codes import Remedy
from app.services import calls
from app.services.users import actor_by_name
from app.services.errors import ValidationError


def register(sub, common) -> None:
    outcome = sub.add_parser("outcome", help="call outcomes", parents=[common])
    osub = outcome.add_subparsers(dest="outcome_command", metavar="ACTION", required=True)
    record = osub.add_parser("record", help="record an outcome given as JSON", parents=[common])
    record.add_argument("--task", type=record_id, required=True, metavar="ID")
    record.add_argument("--agent", required=True, metavar="NAME")
    record.add_argument("--json", dest="json_file", required=True, metavar="FILE", help="the outcome ('-' for stdin)")
    record.add_argument("--script", metavar="ID", help="the script followed (answers are checked against it)")
    record.add_argument("--channel", default="phone", choices=["phone", "sms", "wechat", "email"])
    record.add_argument("--remedy", action="append", default=[], choices=[r.value for r in Remedy],
                        help="on a re-visit where the member is still unhappy: reship, points or a new ticket "
                             "to the special team (48 h); repeatable, added to the JSON's \"remedies\"")
    record.set_defaults(handler=_record)


def _read(path: str) -> object:
    try:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
    except OSError as exc:
        raise ValidationError({"json": f"cannot read {path}: {exc.strerror}"}) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError({"json": f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"}) from None


def _record(ctx: CliContext, args) -> int:
    payload = _read(args.json_file)
    if args.remedy and isinstance(payload, dict):
        given = payload.get("remedies") or []
        payload["remedies"] = (list(given) if isinstance(given, list) else [given]) + args.remedy
    actor = actor_by_name(ctx.db, args.agent)
    version = None
    if args.script:
        from app.services.calls.scripts import get_script

        version = get_script(args.script).version
    result = calls.record_outcome(ctx.db, actor, ctx.clock, task_id=args.task, payload=payload,
                                  script_id=args.script, script_version=version, channel=args.channel)
    print_json({
        "call_id": result.call_id, "duplicate": result.duplicate, "ticket_ids": list(result.ticket_ids),
        "created_task_ids": list(result.created_task_ids), "unreached": result.unreached,
        "remedy_ids": list(result.remedy_ids),
        "retry_at": result.retry_at.astimezone(ctx.clock.tz).isoformat(timespec="seconds") if result.retry_at else None,
    })
    return 0
