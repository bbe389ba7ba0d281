"""caredesk-admin points show|redeem|adjust|flags: a member's points and ledger, a
redemption from the catalogue, an admin's adjustment, the fraud review list; and
caredesk-admin daily: the night's jobs in one idempotent run, a progress line each."""

import sys
import uuid

from app.cli.context import CliContext, print_json
from app.cli.member_cmd import plain
from app.services import loyalty
from app.services.users import actor_by_name, cli_actor


def _actor(ctx: CliContext, args):
    return actor_by_name(ctx.db, args.as_user) if getattr(args, "as_user", None) else cli_actor(ctx.db)


def register(sub, common) -> None:
    cmd = sub.add_parser("points", help="member points: ledger, redeem, adjust", parents=[common])
    psub = cmd.add_subparsers(dest="points_command", metavar="ACTION", required=True)
    show = psub.add_parser("show", help="balance, expiring points, tier distance and the ledger", parents=[common])
    show.add_argument("member_id", type=int)
    show.add_argument("--json", action="store_true", help="print JSON")
    show.add_argument("--as", dest="as_user", metavar="USER")
    show.set_defaults(handler=_show)
    red = psub.add_parser("redeem", help="redeem a reward: gift (500), coupon (1000), consultant (3000)",
                          parents=[common])
    red.add_argument("member_id", type=int)
    red.add_argument("reward")
    red.add_argument("--key", help="client key: the same key redeems once (default: a new one)")
    red.add_argument("--call", dest="call_id", type=int, help="the call it was redeemed on")
    red.add_argument("--as", dest="as_user", metavar="USER")
    red.add_argument("--json", action="store_true")
    red.set_defaults(handler=_redeem)
    adj = psub.add_parser("adjust", help="an admin's correction (+N or -N) with its reason", parents=[common])
    adj.add_argument("member_id", type=int)
    adj.add_argument("delta", type=int)
    adj.add_argument("--reason", required=True)
    adj.add_argument("--key", help="client key: the same key adjusts once")
    adj.add_argument("--as", dest="as_user", metavar="USER")
    adj.add_argument("--json", action="store_true")
    adj.set_defaults(handler=_adjust)
    flags = psub.add_parser("flags", help="the fraud review list", parents=[common])
    flags.add_argument("--all", action="store_true", help="reviewed ones too")
    flags.add_argument("--json", action="store_true")
    flags.set_defaults(handler=_flags)

    daily = sub.add_parser("daily", help="the daily jobs: escalation, expiry, tiers, lifecycle, queue, fraud, "
                                         "call-note retention",
                           parents=[common])
    daily.add_argument("--only", action="append", choices=["queue", "escalation", "expiry", "tiers", "lifecycle",
                                                           "fraud", "retention"], help="run only this step (repeatable)")
    daily.add_argument("--json", action="store_true", help="print the results as JSON at the end")
    daily.set_defaults(handler=_daily)


def _show(ctx: CliContext, args) -> int:
    view = loyalty.show_points(ctx.db, _actor(ctx, args), ctx.clock, args.member_id)
    if args.json:
        print_json(plain(view, ctx.clock.tz))
        return 0
    p = view.programme
    print(f"member {p.member_id}  {p.tier}  {p.balance} points"
          + (f"  ({p.expiring_points} expire by {p.expiring_on.astimezone(ctx.clock.tz):%Y-%m-%d})"
             if p.expiring_points else "") + ("  frozen" if p.frozen else ""))
    if p.next_tier:
        print(f"next tier {p.next_tier}: {p.next_tier_gap_fen / 100:.2f} yuan more in 12 months")
    for e in view.entries:
        print(f"  {e.created_at.astimezone(ctx.clock.tz):%Y-%m-%d %H:%M}  {e.delta:+6d}  {e.kind:9s} {e.source:8s} "
              f"{e.reason}")
    return 0


def _redeem(ctx: CliContext, args) -> int:
    done = loyalty.redeem(ctx.db, _actor(ctx, args), ctx.clock, args.member_id, args.reward,
                          client_key=args.key or str(uuid.uuid4()), call_id=args.call_id)
    if args.json:
        print_json(plain(done, ctx.clock.tz))
    else:
        print(("already redeemed: " if done.duplicate else "") + done.confirmation)
    return 0


def _adjust(ctx: CliContext, args) -> int:
    done = loyalty.adjust(ctx.db, _actor(ctx, args), ctx.clock, args.member_id, args.delta, reason=args.reason,
                          client_key=args.key)
    if args.json:
        print_json(plain(done, ctx.clock.tz))
    else:
        print(f"{'already adjusted' if done.duplicate else 'adjusted'} {done.delta:+d}: balance {done.balance}")
    return 0


def _flags(ctx: CliContext, args) -> int:
    rows = loyalty.fraud_flags(ctx.db, cli_actor(ctx.db), ctx.clock, status=None if args.all else "open")
    if args.json:
        print_json(plain(rows, ctx.clock.tz))
        return 0
    for f in rows:
        print(f"{f.id}  {f.flagged_at.astimezone(ctx.clock.tz):%Y-%m-%d}  {f.kind:16s} {f.subject}  "
              f"member {f.member_id}  {f.status}")
    return 0


def _daily(ctx: CliContext, args) -> int:
    def progress(line: str) -> None:
        print(line, file=sys.stderr if args.json else sys.stdout, flush=True)

    report = loyalty.run_daily(ctx.db, cli_actor(ctx.db), ctx.clock, progress=progress,
                               only=set(args.only) if args.only else None)
    if args.json:
        print_json({s.name: {**s.result, "seconds": round(s.seconds, 2)} for s in report.steps})
    return 0
