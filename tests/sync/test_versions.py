"""Two users edit the same member or ticket: the second save is refused, never overwritten."""

import threading
import time

import pytest
from sqlalchemy import select, text

from app.data.tables import AuditEntry, Member, Ticket
from app.data.uow import Database
from app.services.errors import Conflict, ValidationError
from app.services.members.edit import load_contact_preferences, save_contact_preferences
from app.services.tickets.edit import load_ticket_form, save_ticket_form
from app.services.tickets import open_ticket
from app.services.versioned import StaleVersion
from tests.support.factories import make_member, make_user


@pytest.fixture
def two_users(db: Database, clock):
    with db.session(write=True) as s:
        a = make_user(s, "agent_li", at=clock.now())
        b = make_user(s, "agent_zhou", at=clock.now())
        member = make_member(s, at=clock.now(), best_times="12:00-13:00")
    return a, b, member.id


def test_second_member_save_on_a_stale_version_is_refused(db, clock, two_users):
    a, b, member_id = two_users
    form_a = load_contact_preferences(db, a, clock, member_id)
    form_b = load_contact_preferences(db, b, clock, member_id)
    saved = save_contact_preferences(db, a, clock, member_id, version=form_a.version,
                                     best_times="19:00-21:00", preferred_channel="wechat")
    assert saved.version == form_a.version + 1 and saved.best_times == "19:00-21:00"
    with pytest.raises(Conflict) as refused:
        save_contact_preferences(db, b, clock, member_id, version=form_b.version, best_times="08:00-09:00")
    message = str(refused.value)
    assert "agent_li" in message and "not saved" in message and "reload" in message
    assert isinstance(refused.value, StaleVersion) and refused.value.current_version == saved.version
    # Nothing of B's landed; A's change stands.
    with db.session() as s:
        member = s.get(Member, member_id)
        assert (member.best_times, member.preferred_channel, member.version) == ("19:00-21:00", "wechat", saved.version)
    # After the reload B's save goes through.
    again = load_contact_preferences(db, b, clock, member_id)
    assert save_contact_preferences(db, b, clock, member_id, version=again.version,
                                    best_times="08:00-09:00").best_times == "08:00-09:00"


def _wait_for_a_lock_waiter(db: Database) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with db.engine.connect() as conn:
            if conn.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")):
                return
        time.sleep(0.02)
    raise AssertionError("the second save never reached the row lock")


def test_member_save_racing_another_between_check_and_write_is_refused(pg_db, clock):
    """The mapper's version check catches a save that lands after ours read the row."""
    with pg_db.session(write=True) as s:
        a = make_user(s, "agent_a", at=clock.now())
        member_id = make_member(s, at=clock.now()).id
    version = load_contact_preferences(pg_db, a, clock, member_id).version
    other = Database.from_url(pg_db.engine.url.render_as_string(hide_password=False))
    try:
        holder = other._sessions()
        row = holder.get(Member, member_id)
        row.preferred_channel = "sms"
        holder.flush()  # holds the row lock, not committed yet
        errors: list[BaseException] = []

        def ours():
            try:
                save_contact_preferences(pg_db, a, clock, member_id, version=version, preferred_channel="email")
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)

        thread = threading.Thread(target=ours)
        thread.start()
        _wait_for_a_lock_waiter(pg_db)  # our save passed its version check, waits on the row lock
        holder.commit()
        holder.close()
        thread.join(30)
    finally:
        other.dispose()
    assert len(errors) == 1 and isinstance(errors[0], Conflict)
    with pg_db.session() as s:
        assert s.get(Member, member_id).preferred_channel == "sms"


def test_member_edit_validates_and_audits(db, clock, two_users):
    a, _, member_id = two_users
    form = load_contact_preferences(db, a, clock, member_id)
    with pytest.raises(ValidationError) as bad:
        save_contact_preferences(db, a, clock, member_id, version=form.version, best_times="late", language="fr")
    assert set(bad.value.errors) == {"best_times", "language"}
    save_contact_preferences(db, a, clock, member_id, version=form.version, do_not_call=True)
    with db.session() as s:
        member = s.get(Member, member_id)
        assert member.do_not_call and not member.consent
        assert s.scalar(select(AuditEntry.action).where(AuditEntry.entity == "member")) == "member.edit_contact"


def test_second_ticket_save_on_a_stale_version_is_refused(db, clock, two_users):
    a, b, member_id = two_users
    ticket = open_ticket(db, a, clock, member_id=member_id, category="quality", severity="normal",
                         description="胶囊有异味")
    form_a = load_ticket_form(db, a, clock, ticket.id)
    form_b = load_ticket_form(db, b, clock, ticket.id)
    save_ticket_form(db, a, clock, ticket.id, version=form_a.version, severity="urgent")
    with pytest.raises(Conflict) as refused:
        save_ticket_form(db, b, clock, ticket.id, version=form_b.version, description="overwritten?")
    assert "agent_li" in str(refused.value)
    with db.session() as s:
        row = s.get(Ticket, ticket.id)
        assert (row.description, row.severity) == ("胶囊有异味", "urgent")
        assert row.sla_due_at == row.opened_at + (ticket.sla_due_at - ticket.opened_at) / 12  # 24 h -> 2 h
