"""The role matrix of docs/security.md as data: each use case, who may, and how to run it.

`CASES[case]` is (the roles allowed, a callable over a `World`: database, actor, clock and
the seeded ids) so the same table runs on SQLite through the services and on PostgreSQL
through the services with each role's own login. "nurse" is an agent with the health grant.
The cases that write a member or its points check what was written with the owner's
database: on PostgreSQL they run under the narrow grants of 0016_agent_writes.
"""

import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from app.data.tables import FollowUpTask, Member, PointsEntry, Ticket
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.loyalty.ledger import Kind, Source
from app.domain.loyalty.settings import DEFAULT_LOYALTY
from app.services import calls, dashboard, exports, loyalty, members, privacy, queue, settings, tickets, users
from app.services.errors import PermissionDenied
from app.services.members import edit as member_edit
from app.services.queue import reassign
from app.services.imports import COLUMNS, import_file
from app.services.loyalty import ledger
from app.services.reports import premium_members
from app.services.reports import member_report_data, parse_period
from app.services.reports import summary_report_data
from app.services.users import Actor
from tests.support.call_world import outcome
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
    new_pool_task: Callable[..., int]  # a new member in the pool with an open task (made as the owner; phone=)
    owner: Database  # the database owner's: seeds data and reads back what the case wrote


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


def _pool_member(w: World, **member) -> tuple[int, int]:
    """(member id, task id) of a new member in the pool."""
    task_id = w.new_pool_task(**member)
    with w.owner.session() as s:
        return s.get(FollowUpTask, task_id).member_id, task_id


def _member_row(w: World, member_id: int) -> Member:
    with w.owner.session() as s:
        return s.get(Member, member_id)


def _entries(w: World, member_id: int) -> list[tuple]:
    with w.owner.session() as s:
        return sorted(s.execute(select(PointsEntry.kind, PointsEntry.reason, PointsEntry.delta, PointsEntry.user_id)
                                .where(PointsEntry.member_id == member_id)).all())


def _save_severe_reaction(w: World) -> None:
    member_id, task_id = _pool_member(w)
    queue.claim_task(w.db, w.actor, w.clock, task_id)
    calls.record_outcome(w.db, w.actor, w.clock, task_id=task_id,
                         payload=outcome(adverse_reaction="severe", notes="服用后皮疹"))
    assert _member_row(w, member_id).medical_flag


def _book_callback(w: World) -> None:
    member_id, task_id = _pool_member(w)
    at = (w.clock.now() + timedelta(hours=1)).astimezone(w.clock.tz)
    saved = calls.record_outcome(w.db, w.actor, w.clock, task_id=task_id, payload=outcome(
        disposition="callback", callback_at=f"{at:%Y-%m-%d %H:%M}"))
    assert len(saved.created_task_ids) == 1


def _save_do_not_call(w: World) -> None:
    member_id, task_id = _pool_member(w)
    calls.record_outcome(w.db, w.actor, w.clock, task_id=task_id, payload=outcome(disposition="do_not_call"))
    member = _member_row(w, member_id)
    assert member.do_not_call and not member.consent


def _edit_contact_preferences(w: World) -> None:
    member_id, _ = _pool_member(w)
    prefs = member_edit.load_contact_preferences(w.db, w.actor, w.clock, member_id)
    member_edit.save_contact_preferences(w.db, w.actor, w.clock, member_id, version=prefs.version,
                                         preferred_channel="sms", best_times="19:00-21:00", language="en",
                                         email="wang@example.cn", wechat_id="wx_wang", consent=False)
    member = _member_row(w, member_id)
    assert (member.preferred_channel, member.language, member.wechat_id, member.consent) == ("sms", "en", "wx_wang",
                                                                                           False)


def _redeem_on_a_call(w: World) -> None:
    member_id, task_id = _pool_member(w)
    now = w.clock.now()
    with w.owner.session(write=True) as s:  # as orders earn: a lot that lapsed yesterday, then a fresh one
        for key, points, earned, expires in (("old", 300, now - timedelta(days=366), now - timedelta(days=1)),
                                             ("new", 1000, now - timedelta(days=10), now + timedelta(days=355))):
            ledger.post(s, w.clock, member_id, delta=points, kind=Kind.EARNED, source=Source.ORDER, reason="order",
                        client_key=key, expires_at=expires, at=earned)
    queue.claim_task(w.db, w.actor, w.clock, task_id)
    done = loyalty.redeem(w.db, w.actor, w.clock, member_id, "gift", client_key=uuid.uuid4().hex)
    queue.release(w.db, w.actor, w.clock, [task_id])
    assert done.balance == 500  # the lapsed 300 expired first, then the gift took 500 of the fresh lot
    assert _member_row(w, member_id).points_balance == 500
    assert [(k, d, u) for k, _, d, u in _entries(w, member_id) if k in ("expired", "redeemed")] == [
        ("expired", -300, None), ("redeemed", -500, w.actor.id)]


def _remedies_on_a_revisit(w: World) -> None:
    member_id, task_id = _pool_member(w)
    now = w.clock.now()
    with w.owner.session(write=True) as s:  # a complaint resolved 49 hours ago: its re-visit is due
        ticket = Ticket(member_id=member_id, category="logistics", severity="normal", department="logistics",
                        status="resolved", description="快递晚了", opened_at=now - timedelta(days=3),
                        sla_due_at=now - timedelta(days=2), resolved_at=now - timedelta(hours=49))
        s.add(ticket)
        s.flush()
        task = s.get(FollowUpTask, task_id)
        task.reason, task.ticket_id = "revisit", ticket.id
    # Not claimed first: the save itself is the call start, and its credits need no claim.
    calls.record_outcome(w.db, w.actor, w.clock, task_id=task_id,
                         payload=outcome(satisfaction=3, remedies=["points", "ticket"]))
    assert _entries(w, member_id) == [("bonus", "revisit_remedy", DEFAULT_LOYALTY.remedy_points, w.actor.id),
                                      ("bonus", "survey", DEFAULT_LOYALTY.survey_points, w.actor.id)]
    assert _member_row(w, member_id).points_balance == DEFAULT_LOYALTY.remedy_points + DEFAULT_LOYALTY.survey_points


def _refer(w: World) -> None:
    referrer, _ = _pool_member(w)
    referee, _ = _pool_member(w, phone="+8613912340001")
    assert loyalty.refer(w.db, w.actor, w.clock, referrer, referee).status == "pending"


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
    "save an outcome: severe reaction (medical flag)": (ALL, _save_severe_reaction),
    "save an outcome: callback booked": (ALL, _book_callback),
    "save an outcome: do not call me": (ALL, _save_do_not_call),
    "save an outcome: re-visit remedies (compensation points)": (ALL, _remedies_on_a_revisit),
    "redeem points on a call": (ALL, _redeem_on_a_call),
    "record a referral": (ALL, _refer),
    "member view": (ALL, lambda w: members.member_view(w.db, w.actor, w.clock, w.member["mine"], include_health=False)),
    "health data in the member view": ({"nurse", "admin"}, _health_shown),
    "consent record": (ALL, lambda w: privacy.record_consent(w.db, w.actor, w.clock, w.member["mine"], granted=True,
                                                             channel="phone")),
    "contact edit: preferences and consent": (ALL, _edit_contact_preferences),
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
