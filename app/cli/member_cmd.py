"""caredesk-admin member show MEMBER_ID [--json] [--as USER] [--health]: the member 360 view;
member search QUERY [--json] [--limit N]: find anyone by name, initials, phone tail, external id.
member refer REFERRER_ID REFEREE_ID: a referral (app.services.loyalty).
member export-data MEMBER_ID [--out FILE] and member erase MEMBER_ID --yes: a member's
access request and erasure under the personal-information law (app.services.privacy; admins).

The sensitive health profile is shown only with --health, and only when the user (--as, or
the system) may see it; that access is audited like the desktop's."""

import dataclasses
from datetime import date, datetime, tzinfo
from enum import Enum
from typing import Any

from app.cli.context import CliContext, print_json
from app.cli.types import record_id
from app.services import members
from app.services.members import search_members
from app.services.users import actor_by_name, cli_actor


def plain(value: Any, tz: tzinfo) -> Any:
    """Dataclasses, instants and dates as JSON-ready data; instants in local time with offset."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name), tz) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return value.astimezone(tz).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): plain(v, tz) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v, tz) for v in value]
    return value


def register(sub, common) -> None:
    member = sub.add_parser("member", help="member file", parents=[common])
    member_sub = member.add_subparsers(dest="member_command", metavar="ACTION", required=True)
    show = member_sub.add_parser("show", help="the member 360 view", parents=[common])
    show.add_argument("member_id", type=record_id)
    show.add_argument("--json", action="store_true", help="print the view as JSON")
    show.add_argument("--as", dest="as_user", metavar="USER",
                      help="view as this user (default: system)")
    show.add_argument("--health", action="store_true",
                      help="include the health profile if the user may see it (the access is audited)")
    show.set_defaults(handler=_show)
    search = member_sub.add_parser("search", help="find members by name, pinyin initials, phone tail or id",
                                   parents=[common])
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--json", action="store_true", help="print the results as JSON")
    search.add_argument("--limit", type=int, default=20, help="at most this many results (default 20)")
    search.add_argument("--as", dest="as_user", metavar="USER", help="search as this user (default: the user of the URL)")
    search.set_defaults(handler=_search)
    refer = member_sub.add_parser("refer", help="record that a member referred a new customer", parents=[common])
    refer.add_argument("referrer_id", type=int)
    refer.add_argument("referee_id", type=int)
    refer.add_argument("--channel", choices=["call", "import"], default="call")
    refer.add_argument("--call", dest="call_id", type=int, help="the call it was recorded on")
    refer.add_argument("--as", dest="as_user", metavar="USER", help="record as this user (default: the user of the URL)")
    refer.set_defaults(handler=_refer)
    export = member_sub.add_parser("export-data", parents=[common],
                                   help="everything held about a member, as JSON, for an access request (audited)")
    export.add_argument("member_id", type=record_id)
    export.add_argument("--out", metavar="FILE", help="write the JSON to FILE (default: print it)")
    export.set_defaults(handler=_export_data)
    erase = member_sub.add_parser("erase", parents=[common],
                                  help="erase a member on request: identity and health data go, calls and orders "
                                       "stay anonymised (audited)")
    erase.add_argument("member_id", type=record_id)
    erase.add_argument("--yes", action="store_true", required=True, help="yes, erase: it cannot be undone")
    erase.set_defaults(handler=_erase)


def _search(ctx: CliContext, args) -> int:
    actor = actor_by_name(ctx.db, args.as_user) if args.as_user else cli_actor(ctx.db)
    hits = search_members(ctx.db, actor, ctx.clock, args.query, limit=args.limit)
    if args.json:
        print_json(plain(hits, ctx.clock.tz))
        return 0
    for h in hits:
        print(f"{h.member_id}\t{h.external_id}\t{h.name}\t{h.phone_masked}\t{h.tier}\t{h.matched_by}")
    if not hits:
        print("no member found")
    return 0


def _show(ctx: CliContext, args) -> int:
    actor = actor_by_name(ctx.db, args.as_user) if args.as_user else cli_actor(ctx.db)
    view = members.member_view(ctx.db, actor, ctx.clock, args.member_id, include_health=args.health)
    data = plain(view, ctx.clock.tz)
    if args.json:
        print_json(data)
        return 0
    p = view.profile
    print(f"{p.name} ({p.external_id})  {p.phone_masked}  {p.tier}  {p.points} points  {p.lifecycle_stage}")
    if p.care_manager:
        print(f"care manager: {p.care_manager}")
    for s in view.supplies:
        pdc = "-" if s.pdc is None else f"{s.pdc:.0%}"
        print(f"  {s.product}: runs out {s.runout_on or '-'} ({s.days_left} days), PDC {pdc}, "
              f"says {s.stated_adherence or '-'}")
    for c in view.calls[:10]:
        print(f"  call {c.id} {data_time(c.started_at, ctx)} {c.disposition} satisfaction {c.satisfaction or '-'}")
    for t in view.tickets:
        print(f"  ticket {t.id} {t.category}/{t.severity} -> {t.department} {t.status}")
    return 0


def _refer(ctx: CliContext, args) -> int:
    from app.services import loyalty

    actor = actor_by_name(ctx.db, args.as_user) if args.as_user else cli_actor(ctx.db)
    row = loyalty.refer(ctx.db, actor, ctx.clock, args.referrer_id, args.referee_id, channel=args.channel,
                        call_id=args.call_id)
    print_json(plain(row, ctx.clock.tz))
    return 0


def _export_data(ctx: CliContext, args) -> int:
    import json

    from app.services import privacy

    data = plain(privacy.export_member_data(ctx.db, cli_actor(ctx.db), ctx.clock, args.member_id), ctx.clock.tz)
    if args.out is None:
        print_json(data)
        return 0
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2, default=str)
    print(f"member {args.member_id}: data written to {args.out}")
    return 0


def _erase(ctx: CliContext, args) -> int:
    from app.services import privacy

    privacy.erase_member(ctx.db, cli_actor(ctx.db), ctx.clock, args.member_id)
    print(f"member {args.member_id} erased")
    return 0


def data_time(value: datetime, ctx: CliContext) -> str:
    return value.astimezone(ctx.clock.tz).strftime("%Y-%m-%d %H:%M")
