"""The 48-hour re-visit where the member is still unhappy: each remedy really happens in the
call's save (a reship order, a ledger entry, a special-team ticket due in 48 hours), on both
engines, from the service and from `caredesk-admin outcome record --remedy`."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.cli.main import main
from app.data.base import Base
from app.data.remedies import RemedyAction
from app.data.tables import Call, FollowUpTask, Member, PointsEntry, Ticket
from app.domain.clock import Clock
from app.domain.loyalty.settings import DEFAULT_LOYALTY
from app.services import calls, tickets
from app.services.calls import remedies as remedies_module
from app.services.errors import ValidationError
from tests.support.call_world import build_world, outcome


def later(clock: Clock, **delta) -> Clock:
    return Clock(tz=clock.tz, fixed_at=clock.now() + timedelta(**delta))


def revisit_world(db, clock):
    """A logistics complaint made on the fish oil refill call, resolved; the re-visit due."""
    w = build_world(db, clock)
    saved = calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(
        satisfaction=3, complaint={"category": "logistics", "severity": "normal", "text": "快递晚了三天"}))
    ticket_id = saved.ticket_ids[0]
    revisit = tickets.resolve(db, w.other, later(clock, hours=2), ticket_id, note="已催物流").revisit_task_id
    return w, ticket_id, revisit, later(clock, hours=51)  # 49 h after resolution


def counts(db) -> dict:
    with db.session() as s:
        return {t.name: s.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


def test_still_unhappy_revisit_reships_awards_points_and_opens_a_special_team_ticket(db, clock):
    w, ticket_id, revisit, at = revisit_world(db, clock)
    result = calls.record_outcome(db, w.agent, at, task_id=revisit, payload=outcome(
        satisfaction=3, remedies=["reship", "points", "ticket"], answers={"resolved": False}))
    assert len(result.remedy_ids) == 3 and result.changes.tickets
    with db.session() as s:
        rows = {r.kind: r for r in s.scalars(select(RemedyAction))}
        assert set(rows) == {"reship", "points", "ticket"}
        assert all(r.call_id == result.call_id and r.revisited_ticket_id == ticket_id for r in rows.values())
        reship = rows["reship"]
        assert (reship.product_id, reship.quantity, reship.status) == (w.product_id, 1, "requested")
        entry = s.get(PointsEntry, rows["points"].points_entry_id)
        assert (entry.delta, entry.kind, entry.source, entry.call_id) == (
            DEFAULT_LOYALTY.remedy_points, "bonus", "call", result.call_id)
        # the survey (satisfaction given) earns its 20 points too; the balance is the ledger's
        assert s.get(Member, w.member_id).points_balance == s.scalar(select(func.sum(PointsEntry.delta)))
        new = s.get(Ticket, rows["ticket"].ticket_id)
        assert new.id in result.ticket_ids
        assert (new.department, new.category, new.status, new.call_id) == (
            "special_team", "logistics", "open", result.call_id)
        assert new.sla_due_at == at.now() + timedelta(hours=48)
        assert new.repeat_complaint  # the same member complained within 30 days
        assert s.get(FollowUpTask, revisit).status == "done"


def test_remedies_are_refused_on_a_call_that_is_not_a_revisit_and_nothing_is_written(db, clock):
    w = build_world(db, clock)
    before = counts(db)
    with pytest.raises(ValidationError) as refused:
        calls.record_outcome(db, w.agent, clock, task_id=w.task_id,
                             payload=outcome(satisfaction=4, remedies=["points"]))
    assert "re-visit" in refused.value.errors["remedies"]
    assert counts(db) == before


def test_remedies_need_a_conversation_and_known_codes(db, clock):
    w, _, revisit, at = revisit_world(db, clock)
    for payload, message in ((outcome(disposition="no_answer", remedies=["reship"]), "not spoken to"),
                             (outcome(remedies=["voucher"]), "is not one of"),
                             (outcome(remedies="points"), "must be a list")):
        with pytest.raises(ValidationError) as refused:
            calls.record_outcome(db, w.agent, at, task_id=revisit, payload=payload)
        assert message in refused.value.errors["remedies"]


def test_when_a_remedy_fails_the_whole_save_is_undone(db, clock, monkeypatch):
    w, _, revisit, at = revisit_world(db, clock)
    before = counts(db)

    def broken(*_args, **_kwargs):
        raise RuntimeError("ledger down")

    monkeypatch.setattr(remedies_module, "post", broken)
    with pytest.raises(RuntimeError):
        calls.record_outcome(db, w.agent, at, task_id=revisit,
                             payload=outcome(satisfaction=2, remedies=["reship", "points"]))
    assert counts(db) == before
    with db.session() as s:
        assert s.get(FollowUpTask, revisit).status == "open"


def test_a_replayed_save_does_not_repeat_the_remedies(db, clock):
    w, _, revisit, at = revisit_world(db, clock)
    payload = outcome(satisfaction=2, remedies=["points", "ticket"])
    first = calls.record_outcome(db, w.agent, at, task_id=revisit, payload=payload)
    again = calls.record_outcome(db, w.agent, at, task_id=revisit, payload=payload)
    assert again.duplicate and again.call_id == first.call_id
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(RemedyAction)) == 2
        assert s.scalar(select(func.count()).select_from(Ticket).where(Ticket.department == "special_team")) == 1


def test_cli_remedy_option_is_repeatable_and_adds_to_the_json(db_url, db, clock, tmp_path, capsys):
    w, _, revisit, _ = revisit_world(db, clock)
    path = tmp_path / "outcome.json"
    path.write_text(json.dumps(outcome(satisfaction=4, remedies=["points"])), encoding="utf-8")
    code = main(["outcome", "record", "--task", str(revisit), "--agent", "li", "--json", str(path),
                 "--remedy", "reship", "--remedy", "ticket",
                 "--db", db_url, "--today", "2026-06-17", "--at", "13:00"])
    assert code == 0
    printed = json.loads(capsys.readouterr().out)
    assert len(printed["remedy_ids"]) == 3
    with db.session() as s:
        kinds = set(s.scalars(select(RemedyAction.kind).where(RemedyAction.call_id == printed["call_id"])))
        assert kinds == {"points", "reship", "ticket"}
        assert s.get(Call, printed["call_id"]).task_id == revisit


def test_a_callback_booked_on_the_revisit_still_takes_its_remedies(db, clock):
    w, ticket_id, revisit, at = revisit_world(db, clock)
    callback_at = (at.now() + timedelta(days=1)).astimezone(clock.tz).replace(hour=10, minute=0)
    booked = calls.record_outcome(db, w.agent, at, task_id=revisit, payload=outcome(
        disposition="callback", callback_at=callback_at.strftime("%Y-%m-%d %H:%M")))
    callback = booked.created_task_ids[0]
    then = Clock(tz=clock.tz, fixed_at=callback_at + timedelta(minutes=5))
    result = calls.record_outcome(db, w.agent, then, task_id=callback,
                                  payload=outcome(satisfaction=2, remedies=["ticket"]))
    with db.session() as s:
        row = s.scalars(select(RemedyAction)).one()
        assert row.revisited_ticket_id == ticket_id
        assert s.get(Ticket, row.ticket_id).category == "logistics" and row.ticket_id in result.ticket_ids
