"""The role matrix of docs/security.md as data: each use case, who may, and how to run it.

`ALLOWED[case]` is the set of roles allowed; every case is a callable over a `World`
(database, actor, clock and the seeded ids) so the same table runs on SQLite through the
services and on PostgreSQL through the services with each role's own login.
"""

from collections.abc import Callable
from dataclasses import dataclass

from app.data.uow import Database
from app.domain.clock import Clock
from app.services import dashboard, members, queue, tickets, users
from app.services.members import edit as member_edit
from app.services.queue import reassign
from app.services.imports import COLUMNS, import_file
from app.services.reports import premium_members
from app.services.reports import member_report_data, parse_period
from app.services.reports import summary_report_data
from app.services.users import Actor

ROLES = ("agent", "supervisor", "admin")


@dataclass
class World:
    db: Database
    actor: Actor
    clock: Clock
    member: dict[str, int]  # "mine", "theirs", "pool"
    other: Actor  # another agent
    victim: str  # a user name the user-management case locks


def _header_only(kind: str) -> str:
    """A members file with the contract's header and no rows (what the door is about)."""
    import tempfile

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


ALL, SUPERVISORS, ADMINS = set(ROLES), {"supervisor", "admin"}, {"admin"}
CASES: dict[str, tuple[set[str], Callable[[World], object]]] = {
    "queue build (centre-wide)": (SUPERVISORS, lambda w: queue.build_queue(w.db, w.actor, w.clock)),
    "queue show (own)": (ALL, lambda w: queue.show_queue(w.db, w.actor, w.clock)),
    "queue show (another agent's)": (SUPERVISORS, lambda w: queue.show_queue(w.db, w.actor, w.clock, agent=w.other)),
    "claim next and release": (ALL, lambda w: (queue.claim_next(w.db, w.actor, w.clock),
                                               queue.release_all(w.db, w.actor, w.clock))),
    "member view": (ALL, lambda w: members.member_view(w.db, w.actor, w.clock, w.member["mine"], include_health=False)),
    "contact edit: set do-not-call": (ALL, lambda w: _set_dnc(w, True)),
    "contact edit: lift do-not-call": (SUPERVISORS, _lift_dnc),
    "tickets list": (ALL, lambda w: tickets.list_tickets(w.db, w.actor, w.clock)),
    "tickets escalate overdue": (ALL, lambda w: tickets.escalate_overdue(w.db, w.actor, w.clock)),
    "reassignment": (SUPERVISORS, lambda w: reassign.assignable_agents(w.db, w.actor, w.clock)),
    "dashboard KPIs": (SUPERVISORS, lambda w: dashboard.kpi_tiles(w.db, w.actor, w.clock, dashboard.today_period(w.clock))),
    "dashboard agents table": (SUPERVISORS, lambda w: dashboard.agents_table(w.db, w.actor, w.clock)),
    "care report (one member)": (ALL, lambda w: member_report_data(w.db, w.actor, w.clock, w.member["mine"])),
    "care reports (premium batch)": (SUPERVISORS, lambda w: premium_members(w.db, w.actor, w.clock, _period(w))),
    "supervisor summary report": (SUPERVISORS, lambda w: summary_report_data(w.db, w.actor, w.clock, _period(w))),
    "imports": (ADMINS, lambda w: import_file(w.db, w.actor, w.clock, kind="members", path=_header_only("members"))),
    "user management (lock, unlock)": (ADMINS, lambda w: (users.lock_user(w.db, w.actor, w.clock, w.victim),
                                                          users.unlock_user(w.db, w.actor, w.clock, w.victim))),
}
