"""caredesk-admin queue build | show | next: the follow-up queue from the command line.

`queue build` runs the daily build as the system; `queue show --agent NAME` prints that
agent's queue as it stands at the clock (--today / --at), as a table or a JSON array;
`queue next --agent NAME` claims that agent's next member with the service behind Ctrl+N
and prints it with the keys of `queue show` (JSON `null` when nothing can be called now).
"""

from app.cli.context import CliContext, print_json
from app.services import queue
from app.services.users import actor_by_name, cli_actor
from app.services.errors import ValidationError


def register(sub, common) -> None:
    q = sub.add_parser("queue", help="the follow-up queue", parents=[common])
    q_sub = q.add_subparsers(dest="queue_command", metavar="ACTION", required=True)
    build = q_sub.add_parser("build", help="(re)generate today's follow-up tasks; idempotent", parents=[common])
    build.set_defaults(handler=_build)
    show = q_sub.add_parser("show", help="an agent's queue, best first", parents=[common])
    show.add_argument("--agent", required=True, metavar="NAME")
    show.add_argument("--limit", type=int, default=50, metavar="N")
    show.add_argument("--json", action="store_true", help="print a JSON array")
    show.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the why text")
    show.set_defaults(handler=_show)
    nxt = q_sub.add_parser("next", help="claim an agent's next member (as Ctrl+N does)", parents=[common])
    nxt.add_argument("--agent", required=True, metavar="NAME")
    nxt.add_argument("--json", action="store_true", help="print a JSON object (null when none)")
    nxt.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the why text")
    nxt.set_defaults(handler=_next)


def _build(ctx: CliContext, args) -> int:
    s = queue.build_queue(ctx.db, cli_actor(ctx.db), ctx.clock)
    print(f"queue built for {s.day}: {s.members} members scanned, {s.created} tasks created, "
          f"{s.updated} updated, {s.withdrawn} withdrawn, {s.expired} expired, "
          f"{s.leases_returned} leases returned ({s.seconds:.1f} s)")
    return 0


def _show(ctx: CliContext, args) -> int:
    if args.limit < 1:
        raise ValidationError({"limit": "must be at least 1"})
    agent = actor_by_name(ctx.db, args.agent)
    items = queue.show_queue(ctx.db, agent, ctx.clock, limit=args.limit, lang=args.lang)
    if args.json:
        print_json([item.as_json() for item in items])
        return 0
    if not items:
        print(f"the queue of {agent.username} is empty")
        return 0
    for n, item in enumerate(items, 1):
        window = "" if item.window_open else "  [outside calling hours]"
        print(f"{n:>3}. {item.score:>4}  {item.member_external_id}  {item.member_name}  {item.phone_masked}  "
              f"{','.join(item.reasons)}  {item.member_local_time:%H:%M}{window}")
        print(f"       {item.why}")
    return 0


def _next(ctx: CliContext, args) -> int:
    agent = actor_by_name(ctx.db, args.agent)
    item = queue.claim_next(ctx.db, agent, ctx.clock, lang=args.lang)
    if args.json:
        print_json(None if item is None else item.as_json())
    elif item is None:
        print(f"nothing in the queue of {agent.username} can be called now")
    else:
        print(f"claimed {item.member_external_id}  {item.member_name}  {item.phone_masked}  "
              f"{','.join(item.reasons)}  (tasks {', '.join(map(str, item.task_ids))})")
        print(f"       {item.why}")
    return 0
