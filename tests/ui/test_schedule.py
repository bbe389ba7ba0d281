"""Escalation is its own scheduled job on a supervisor's workstation, never part of a read."""

from datetime import timedelta

from sqlalchemy import update

from app.data.tables import Ticket
from app.services import tickets
from tests.support.call_world import build_world
from ui.schedule import ScheduledJobs


def test_a_supervisors_session_escalates_tickets_past_their_sla(qtbot, db, clock, make_ctx):
    w = build_world(db, clock)
    late = tickets.open_ticket(db, w.agent, clock, member_id=w.member_id, category="logistics", severity="normal")
    fresh = tickets.open_ticket(db, w.agent, clock, member_id=w.member_id, category="quality", severity="normal")
    with db.session(write=True) as s:
        s.execute(update(Ticket).where(Ticket.id == late.id).values(sla_due_at=clock.now() - timedelta(hours=1)))
    jobs = ScheduledJobs(make_ctx(w.supervisor), every_ms=50)
    assert jobs.active
    with qtbot.waitSignal(jobs.escalated, timeout=10_000) as signal:
        pass
    assert signal.args == [[late.id]]
    jobs.timer.stop()
    with db.session() as s:
        assert s.get(Ticket, late.id).status == "escalated"
        assert s.get(Ticket, fresh.id).status != "escalated"


def test_an_agents_session_schedules_no_escalation(qtbot, db, clock, make_ctx):
    w = build_world(db, clock)
    assert not ScheduledJobs(make_ctx(w.agent), every_ms=50).active


def test_the_daily_build_is_a_job_after_opening_not_part_of_it(qtbot, db, clock, make_ctx):
    from sqlalchemy import func, select

    from app.data.tables import AuditEntry

    def builds() -> int:
        with db.session() as s:
            return s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "queue.build"))

    w = build_world(db, clock)
    jobs = ScheduledJobs(make_ctx(w.agent), build_first_ms=50, build_every_ms=50)
    assert builds() == 0  # opening the session built nothing
    if not db.is_embedded:
        assert not jobs.build_timer.isActive()  # a server's build is its administrator's (cron)
        return
    with qtbot.waitSignal(jobs.built, timeout=10_000) as signal:
        pass
    assert signal.args[0].day == clock.today()
    qtbot.wait(200)  # further checks the same day find it done
    jobs.build_timer.stop()
    assert builds() == 1
