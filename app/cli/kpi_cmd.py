"""caredesk-admin kpi --from YYYY-MM-DD --to YYYY-MM-DD [--json]: the period's KPIs.

The same figures as the supervisor console's tiles and the period summary PDF, from the one
definition in app.services.dashboard.kpi. Rates are fractions 0-1 (null: nothing to rate).
"""

import argparse

from app.cli.context import CliContext, print_json
from app.cli.types import day
from app.services import dashboard
from app.services.users import cli_actor


def register(sub, common) -> None:
    kpi = sub.add_parser("kpi", parents=[common], help="the KPIs of a date range (console and summary figures)")
    kpi.add_argument("--from", dest="start", required=True, type=day, metavar="YYYY-MM-DD")
    kpi.add_argument("--to", dest="end", required=True, type=day, metavar="YYYY-MM-DD")
    kpi.add_argument("--json", action="store_true", help="print the figures as JSON")
    kpi.set_defaults(handler=run)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def run(ctx: CliContext, args: argparse.Namespace) -> int:
    period = dashboard.range_period(args.start, args.end)
    kpis = dashboard.period_kpis(ctx.db, cli_actor(ctx.db), ctx.clock, period)
    programme = dashboard.period_programme(ctx.db, cli_actor(ctx.db), ctx.clock, period)
    data = dashboard.as_json(kpis, start=period.start.isoformat(), end=period.end.isoformat(), programme=programme)
    if args.json:
        print_json(data)
        return 0
    avg = "-" if kpis.satisfaction_avg is None else f"{kpis.satisfaction_avg:.2f}"
    print(f"{period.start} .. {period.end}")
    print(f"calls {kpis.calls}, reached {kpis.reached} (connect rate {_pct(kpis.connect_rate)})")
    print(f"satisfaction {avg} over {kpis.satisfaction_count} scores")
    print(f"tickets opened {kpis.tickets_opened}, complaints {kpis.complaints}")
    print(f"SLA met {kpis.sla_met}, breached {kpis.sla_breached}, pending {kpis.sla_pending} "
          f"(met rate {_pct(kpis.sla_met_rate)})")
    print(f"refills within {kpis.refill_window_days} days of a reached call {kpis.refills}; "
          f"churn members reached {kpis.churn_reached}")
    rate = _pct(programme.repurchase_rate)
    interval = "-" if programme.median_interval_days is None else f"{programme.median_interval_days:g} days"
    print(f"repurchase rate {rate} of {programme.buyers} buyers, median interval {interval}")
    print(f"members in churn warning {programme.members_churn_warning}, lost {programme.members_lost}, "
          f"won back after a call {programme.won_back_after_call}")
    print(f"points issued {programme.points_issued}, redeemed {programme.points_redeemed}, "
          f"expired {programme.points_expired}")
    return 0
