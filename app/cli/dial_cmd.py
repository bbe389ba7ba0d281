"""caredesk-admin dial --task TASK --agent NAME --sip-trunk HOST:PORT [--json]: one call
through the same dialer service and baresip adapter as the desktop, one line per event.

Exit 0 when a call was placed (whatever its result), 1 when the dial was refused (nothing
placed, the rule named on stderr), 2 when the softphone cannot be started or reached.
"""

import argparse
import json
import os
import queue as queues
import sys

from app.cli.context import CliContext, err
from app.domain.telephony import DEFAULT_NO_ANSWER_SECONDS, TelephonyUnavailable
from app.services.users.auth import actor_by_name
from app.services.telephony import Dialer, DialRefused, DialUpdate
from app.telephony import SIP_TRUNK_ENV, BaresipPhone, SipAccount


def _trunk(text: str) -> str:
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"not HOST:PORT: {text!r}")
    return text


def register(sub, common) -> None:
    dial = sub.add_parser("dial", help="dial the member of a task through a SIP trunk", parents=[common])
    dial.add_argument("--task", type=int, required=True, metavar="TASK")
    dial.add_argument("--agent", required=True, metavar="NAME")
    dial.add_argument("--sip-trunk", type=_trunk, metavar="HOST:PORT", default=os.environ.get(SIP_TRUNK_ENV),
                      help=f"where calls go: sip:<number>@HOST:PORT (default: ${SIP_TRUNK_ENV})")
    dial.add_argument("--json", action="store_true", help="one JSON object per line for each event")
    dial.add_argument("--no-answer-timeout", type=float, default=DEFAULT_NO_ANSWER_SECONDS, metavar="SECONDS",
                      help="hang up a call still ringing after this long (default %(default)s)")
    dial.set_defaults(handler=_dial)


def _line(update: DialUpdate) -> dict:
    event = update.event
    if event.kind != "ended" or update.summary is None or update.proposal is None:
        line = {"event": event.kind.value}
        if event.kind == "dialling":
            line["call_ref"] = update.ticket.call_ref
        return line
    disposition = update.proposal.disposition
    return {"event": "ended", "sip_status": update.summary.sip_status,
            "talk_seconds": round(update.summary.talk_seconds, 1),
            "hung_up_by": update.summary.hung_up_by.value if update.summary.hung_up_by else None,
            "proposed_disposition": disposition.value if disposition else None}


def _dial(ctx: CliContext, args) -> int:
    if not args.sip_trunk:
        err(f"dial: --sip-trunk HOST:PORT or ${SIP_TRUNK_ENV} is required")
        return 2
    actor = actor_by_name(ctx.db, args.agent)
    host = args.sip_trunk.rpartition(":")[0]
    loopback = host in ("127.0.0.1", "localhost")
    account = SipAccount.for_trunk(actor.username, args.sip_trunk)
    listen = "127.0.0.1" if loopback else "0.0.0.0"
    phone = BaresipPhone(account, sip_listen=listen)
    updates: queues.Queue[DialUpdate] = queues.Queue()
    dialer = Dialer(ctx.db, actor, ctx.clock, phone, adapter="baresip", on_update=updates.put,
                    no_answer_seconds=args.no_answer_timeout)
    try:
        try:
            dialer.dial(args.task)
        except DialRefused as exc:
            err(f"dial refused ({exc.rule}): {exc}")
            return 1
        except TelephonyUnavailable as exc:
            err(f"softphone: {exc}")
            return 2
        while True:
            try:
                update = updates.get(timeout=0.5)
            except queues.Empty:
                continue
            except KeyboardInterrupt:
                dialer.hang_up()
                continue
            _print(_line(update), as_json=args.json)
            if update.event.kind == "ended":
                return 0
    finally:
        phone.close()


def _print(line: dict, *, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(" ".join(f"{k}={v}" for k, v in line.items()) + "\n")
    sys.stdout.flush()
