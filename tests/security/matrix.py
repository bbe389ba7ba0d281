"""The role matrix of docs/security.md as data: each use case, who may, and how to run it.

`CASES[case]` is (the roles allowed, a callable over a `World`: database, actor, clock and
the seeded ids) so the same table runs on SQLite through the services and on PostgreSQL
through the services with each role's own login. "nurse" is an agent with the health grant.
"""

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from app.data.uow import Database
from app.domain.clock import Clock
from app.services import calls, dashboard, exports, members, privacy, queue, settings, tickets, users
from app.services.errors import PermissionDenied
from app.services.members import edit as member_edit
from app.services.queue import reassign
from app.services.imports import COLUMNS, import_file
from app.services.reports import premium_members
from app.services.reports import member_report_data, parse_period
from app.services.reports import summary_report_data
from app.services.users import Actor
from tests.sync.support import reached_payload

ROLES = ("agent", "nurse", "supervisor", "admin")


@dataclass
class World:
    db: Database
    actor: Actor
    clock: Clock
    member: dict[str, int]  # "mine", "theirs", "pool"
    other: Actor  # another agent
    victim: str  # a user name the user-management case locks
    new_pool_task: Callable[[], int]  # a new member in the pool with an open task (made as the owner)


def _header_only(kind: str) -> str:
    """A members file with the contract's header and no rows (what the door is about)."""
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as fh:
        fh.write(",".join(COLUMNS[kind]) + "\n")
        return fh.name


def _set_dnc(w: World, value: bool) -> None:
    prefs = member_edit.load_contact_preferences(w.db, w.actor, w.clock, w.member["mine"])
    member_edit.save_contact_preferences(w.db, w.actor, w.clock, w.member["mine"], version=prefs.version,
                                         do_not_call=value)


def _lift_dnc(w: World) -> None:
    _set_dnc(w, True)
    _set_dnc(w, False)


def _period(w: World):
    return parse_period(w.clock.today().strftime("%Y-%m"))


def _save_outcome(w: World) -> None:
    # A member of its own: the contact cap and the gap between calls never refuse the next role.
    task_id = w.new_pool_task()
    queue.claim_task(w.db, w.actor, w.clock, task_id)
    calls.record_outcome(w.db, w.actor, w.clock, task_id=task_id, payload=reached_payload(notes="按时服用"))


def _resolve_ticket(w: World) -> None:
    ticket = tickets.open_ticket(w.db, w.actor, w.clock, member_id=w.member["mine"], category="logistics",
                                 severity="normal", description="箱子破了")
    tickets.resolve(w.db, w.actor, w.clock, ticket.id, note="已补发")


def _health_shown(w: World) -> None:
    view = members.member_view(w.db, w.actor, w.clock, w.member["mine"])
    if view.health is None:  # the view leaves it out (health_hidden) rather than refusing the member
        assert view.health_hidden
        raise PermissionDenied("health data needs the grant")


def _export(w: World, kind: str) -> None:
    today = w.clock.today()
    with tempfile.TemporaryDirectory() as folder:
        exports.export(w.db, w.actor, w.clock, kind=kind, start=today - timedelta(days=7), end=today,
                       path=f"{folder}/{kind}.csv")


ALL, SUPERVISORS, ADMINS = set(ROLES), {"supervisor", "admin"}, {"admin"}
CASES: dict[str, tuple[set[str], Callable[[World], object]]] = {
    "queue build (centre-wide)": (SUPERVISORS, lambda w: queue.build_queue(w.db, w.actor, w.clock)),
    "queue show (own)": (ALL, lambda w: queue.show_queue(w.db, w.actor, w.clock)),
    "queue show (another agent's)": (SUPERVISORS, lambda w: queue.show_queue(w.db, w.actor, w.clock, agent=w.other)),
    "claim next and release": (ALL, lambda w: (queue.claim_next(w.db, w.actor, w.clock),
                                               queue.release_all(w.db, w.actor, w.clock))),
    "save an outcome": (ALL, _save_outcome),
    "member view": (ALL, lambda w: members.member_view(w.db, w.actor, w.clock, w.member["mine"], include_health=False)),
    "health data in the member view": ({"nurse", "admin"}, _health_shown),
    "consent record": (ALL, lambda w: privacy.record_consent(w.db, w.actor, w.clock, w.member["mine"], granted=True,
                                                             channel="phone")),
    "contact edit: set do-not-call": (ALL, lambda w: _set_dnc(w, True)),
    "contact edit: lift do-not-call": (SUPERVISORS, _lift_dnc),
    "tickets list": (ALL, lambda w: tickets.list_tickets(w.db, w.actor, w.clock)),
    "tickets open and resolve": (ALL, _resolve_ticket),
    "tickets escalate overdue": (ALL, lambda w: tickets.escalate_overdue(w.db, w.actor, w.clock)),
    "reassignment": (SUPERVISORS, lambda w: reassign.assignable_agents(w.db, w.actor, w.clock)),
    "dashboard KPIs": (SUPERVISORS, lambda w: dashboard.kpi_tiles(w.db, w.actor, w.clock, dashboard.today_period(w.clock))),
    "dashboard agents table": (SUPERVISORS, lambda w: dashboard.agents_table(w.db, w.actor, w.clock)),
    "care report (one member)": (ALL, lambda w: member_report_data(w.db, w.actor, w.clock, w.member["mine"])),
    "care reports (premium batch)": (SUPERVISORS, lambda w: premium_members(w.db, w.actor, w.clock, _period(w))),
    "supervisor summary report": (SUPERVISORS, lambda w: summary_report_data(w.db, w.actor, w.clock, _period(w))),
    "exports (calls)": (SUPERVISORS, lambda w: _export(w, "calls")),
    "exports (tickets)": (SUPERVISORS, lambda w: _export(w, "tickets")),
    "access export (personal information)": (ADMINS, lambda w: privacy.export_member_data(w.db, w.actor, w.clock,
                                                                                         w.member["mine"])),
    "imports": (ADMINS, lambda w: import_file(w.db, w.actor, w.clock, kind="members", path=_header_only("members"))),
    "user management (lock, unlock)": (ADMINS, lambda w: (users.lock_user(w.db, w.actor, w.clock, w.victim),
                                                          users.unlock_user(w.db, w.actor, w.clock, w.victim))),
    "settings show": (ALL, lambda w: settings.show_settings(w.db, w.actor, "security")),
    "settings change": (ADMINS, lambda w: settings.update_settings(w.db, w.actor, w.clock, "security",
                                                                   {"max_failures": "5"})),
}
