"""Every door that changes a member's consent or do-not-call leaves a consent record (when,
how, by whom, what for; granted or withdrawn), and only when the value changes: the contact
form, a "do not call me" on a call, an import. On both engines."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.data.security import ConsentRecord
from app.data.tables import ImportRun, Member
from app.domain.clock import Clock
from app.domain.compliance import consent_change
from app.services import calls, imports, privacy
from app.services.errors import Conflict
from app.services.members import edit
from app.services.queue import upsert_task
from app.services.users import SYSTEM
from tests.support.call_world import build_world, outcome
from tests.support.factories import make_user


def _records(db) -> list[tuple]:
    with db.session() as s:
        return [(r.granted, r.channel, r.purpose, r.recorded_by_id, r.at)
                for r in s.scalars(select(ConsentRecord).order_by(ConsentRecord.id))]


def _flags(db, member_id: int) -> tuple[bool, bool]:
    with db.session() as s:
        member = s.get(Member, member_id)
        return member.consent, member.do_not_call


def _save(db, actor, clock, member_id: int, **changes):
    prefs = edit.load_contact_preferences(db, actor, clock, member_id)
    return edit.save_contact_preferences(db, actor, clock, member_id, version=prefs.version, **changes)


def test_a_change_is_granted_or_withdrawn_and_withdrawal_wins_a_mixed_one():
    assert consent_change((True, False), (True, False)) is None
    assert consent_change((False, False), (True, False)) is True  # consent given
    assert consent_change((False, True), (False, False)) is True  # do-not-call lifted
    assert consent_change((True, False), (False, False)) is False
    assert consent_change((False, False), (False, True)) is False
    assert consent_change((False, True), (True, True)) is True  # consent given, do-not-call still stands
    assert consent_change((True, True), (False, False)) is False  # mixed: never claim a permission


def test_the_contact_form_records_each_change_of_consent_or_do_not_call(db, clock):
    w = build_world(db, clock)
    now = clock.now()
    _save(db, w.agent, clock, w.member_id, do_not_call=True)
    _save(db, w.agent, clock, w.member_id, do_not_call=True, best_times="19:00-21:00")  # no change of either
    assert _records(db) == [(False, "contact_form", "care_calls", w.agent.id, now)]
    assert _flags(db, w.member_id) == (False, True)
    _save(db, w.supervisor, clock, w.member_id, do_not_call=False, consent=True)
    _save(db, w.agent, clock, w.member_id, consent=False)
    assert [r[:4] for r in _records(db)] == [
        (False, "contact_form", "care_calls", w.agent.id), (True, "contact_form", "care_calls", w.supervisor.id),
        (False, "contact_form", "care_calls", w.agent.id)]
    assert _flags(db, w.member_id) == (False, False)


def test_a_refused_contact_save_leaves_no_record(db, clock):
    w = build_world(db, clock)
    prefs = edit.load_contact_preferences(db, w.agent, clock, w.member_id)
    _save(db, w.other, clock, w.member_id, best_times="19:00-21:00")
    with pytest.raises(Conflict):  # a stale version: the flag and its record go back together
        edit.save_contact_preferences(db, w.agent, clock, w.member_id, version=prefs.version, consent=False)
    assert _records(db) == [] and _flags(db, w.member_id) == (True, False)


def test_a_do_not_call_outcome_records_the_withdrawal_on_the_calls_channel(db, clock):
    w = build_world(db, clock)
    calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(disposition="do_not_call"))
    assert _records(db) == [(False, "phone", "care_calls", w.agent.id, clock.now())]
    # Said again on a later call (a task booked meanwhile): nothing changes, nothing is recorded.
    later = Clock(tz=clock.tz, fixed_at=clock.now() + timedelta(days=3))
    with db.session(write=True) as s:
        task = upsert_task(s, later, member_id=w.member_id, reason="callback", due_at=later.now())
    calls.record_outcome(db, w.other, later, task_id=task.id, payload=outcome(disposition="do_not_call"),
                         channel="wechat")
    assert len(_records(db)) == 1


def test_an_outcome_without_do_not_call_records_nothing(db, clock):
    w = build_world(db, clock)
    calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome())
    assert _records(db) == []


HEAD = "external_id,name,phone,consent\n"
FIRST = HEAD + "C001,王秀英,13812345678,yes\nC002,曾志伟,13912345679,no\nC003,李娜,13912345670,\n"


def _import(db, clock, tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return imports.import_file(db, SYSTEM, clock, kind="members", path=str(path))


def _records_with_member(db) -> list[tuple]:
    with db.session() as s:
        return [(r.member_id, r.granted, r.channel, r.recorded_by_id, r.at)
                for r in s.scalars(select(ConsentRecord).order_by(ConsentRecord.id))]


def _by_external_id(db) -> dict[str, list[tuple]]:
    with db.session() as s:
        ids = dict(s.execute(select(Member.id, Member.external_id)).all())
    found: dict[str, list[tuple]] = {}
    for row in _records_with_member(db):
        found.setdefault(ids[row[0]], []).append(row[1:])
    return found


def test_an_import_records_what_the_files_consent_column_changes_and_a_reimport_nothing(db, clock, tmp_path):
    first = _import(db, clock, tmp_path, "m.csv", FIRST)
    assert first.created == 3
    with db.session() as s:
        started = s.scalar(select(ImportRun.started_at).where(ImportRun.id == first.run_id))
    # Created: yes is granted, no withdrawn; an empty cell says nothing.
    assert _by_external_id(db) == {"C001": [(True, "import", None, started)],
                                   "C002": [(False, "import", None, started)]}
    again = _import(db, clock, tmp_path, "m.csv", FIRST)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert len(_records_with_member(db)) == 2  # a re-import changes nothing

    later = Clock(tz=clock.tz, fixed_at=clock.now() + timedelta(days=1))
    changed = HEAD + "C001,王秀英,13812345678,no\nC002,曾志伟,13912345679,yes\nC003,李娜娜,13912345670,\n"
    result = _import(db, later, tmp_path, "m2.csv", changed)
    assert result.updated == 3  # C003's name changed, not its consent
    records = _by_external_id(db)
    assert records["C001"][1:] == [(False, "import", None, later.now())]
    assert records["C002"][1:] == [(True, "import", None, later.now())]
    assert "C003" not in records
    # A file without the consent column leaves consent, and its records, alone.
    _import(db, later, tmp_path, "m3.csv", "external_id,name,phone\nC001,王秀英,13812345678\n")
    assert len(_records_with_member(db)) == 4


def test_the_access_export_lists_the_consent_records_and_names_the_import_run(db, clock, tmp_path):
    with db.session(write=True) as s:
        agent = make_user(s, "li", at=clock.now())
    run = _import(db, clock, tmp_path, "m.csv", FIRST)
    with db.session() as s:
        member_id = s.scalar(select(Member.id).where(Member.external_id == "C001"))
    later = Clock(tz=clock.tz, fixed_at=clock.now() + timedelta(hours=1))
    _save(db, agent, later, member_id, do_not_call=True)
    privacy.record_consent(db, agent, later, member_id, granted=True, channel="paper", purpose="health_data")
    data = privacy.export_member_data(db, SYSTEM, later, member_id)
    assert [(r["granted"], r["channel"], r["purpose"], r["recorded_by_id"], r.get("import_run_id"))
            for r in data["consent_records"]] == [
        (True, "import", "care_calls", None, run.run_id), (False, "contact_form", "care_calls", agent.id, None),
        (True, "paper", "health_data", agent.id, None)]
