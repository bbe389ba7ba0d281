"""caredesk-admin tickets list [--json] [--open] | resolve ID --note TEXT | escalate-overdue."""

from app.cli.context import CliContext, print_json
from app.cli.member_cmd import data_time, plain
from app.services import tickets
from app.services.users import actor_by_name, cli_actor


def register(sub, common) -> None:
    parser = sub.add_parser("tickets", help="complaint and service tickets", parents=[common])
    tsub = parser.add_subparsers(dest="tickets_command", metavar="ACTION", required=True)
    listing = tsub.add_parser("list", help="list tickets, most urgent deadline first", parents=[common])
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--open", action="store_true", help="only tickets not yet resolved")
    listing.set_defaults(handler=_list)
    resolve = tsub.add_parser("resolve", help="resolve a ticket (books the 48-hour re-visit)", parents=[common])
    resolve.add_argument("ticket_id", type=int)
    resolve.add_argument("--note", required=True)
    resolve.add_argument("--agent", metavar="NAME", help="who resolves it (default: system)")
    resolve.set_defaults(handler=_resolve)
    late = tsub.add_parser("escalate-overdue", help="escalate every ticket past its SLA", parents=[common])
    late.set_defaults(handler=_escalate)


def _actor(ctx: CliContext, name: str | None):
    return actor_by_name(ctx.db, name) if name else cli_actor(ctx.db)


def _list(ctx: CliContext, args) -> int:
    rows = tickets.list_tickets(ctx.db, cli_actor(ctx.db), ctx.clock, open_only=args.open)
    if args.json:
        print_json([plain(r, ctx.clock.tz) for r in rows])
        return 0
    for r in rows:
        flags = (" LATE" if r.sla_breached else "") + (" REPEAT" if r.repeat_complaint else "")
        print(f"{r.id:>6}  {r.status:<9} {r.severity:<6} {r.category:<16} -> {r.department:<12} "
              f"member {r.member_id}  due {data_time(r.sla_due_at, ctx)}{flags}")
    return 0


def _resolve(ctx: CliContext, args) -> int:
    result = tickets.resolve(ctx.db, _actor(ctx, args.agent), ctx.clock, args.ticket_id, note=args.note)
    revisit = f"; re-visit task {result.revisit_task_id}" if result.revisit_task_id else ""
    print(f"ticket {result.ticket_id} resolved{revisit}")
    return 0


def _escalate(ctx: CliContext, args) -> int:
    ids = tickets.escalate_overdue(ctx.db, cli_actor(ctx.db), ctx.clock)
    print(f"{len(ids)} ticket(s) escalated" + (f": {', '.join(map(str, ids))}" if ids else ""))
    return 0
