"""Hostile input is refused by the domain's limits with a message, the same on both engines:
through member search, the service edits behind every form, the outcome form's notes and
answers, import rows and CLI arguments. Nothing of it is stored."""

import csv
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from app.cli.main import main
from app.data.tables import Call, Member, Ticket
from app.domain.limits import MAX_ID, date_problem, id_problem, text_problem
from app.services import calls, imports, tickets
from app.services.errors import ValidationError
from app.services.members import save_contact_preferences, search_members
from app.services.users import SYSTEM
from tests.security.hostile import HOSTILE, HOSTILE_DATES, HOSTILE_IDS
from tests.support.call_world import build_world, outcome

BEYOND_64_BITS = str(2**64 + 5)


def test_the_limits_rule():
    assert id_problem(MAX_ID) is None and id_problem(MAX_ID + 1) and id_problem(0) and id_problem(True)
    assert text_problem("王芳", max_length=2) is None
    assert text_problem("王芳x", max_length=2) == "at most 2 characters"
    assert text_problem("a\nb", max_length=10) and text_problem("a\nb", max_length=10, multiline=True) is None
    for value in HOSTILE.values():
        assert text_problem(value, max_length=100, multiline=True)
    assert text_problem("Emily Chen 王芳 😀 ¥1,298", max_length=100) is None
    from datetime import date
    assert date_problem(date(1, 1, 1)) and date_problem(date(9999, 12, 31)) and date_problem(date(1990, 5, 1)) is None


@pytest.mark.parametrize("kind", HOSTILE)
def test_member_search_refuses_hostile_text(db, clock, kind):
    w = build_world(db, clock)
    with pytest.raises(ValidationError) as refused:
        search_members(db, w.agent, clock, HOSTILE[kind])
    assert set(refused.value.errors) == {"query"}


@pytest.mark.parametrize("kind", HOSTILE)
@pytest.mark.parametrize("field", ["best_times", "email", "wechat_id"])
def test_contact_edits_refuse_hostile_text_and_store_nothing(db, clock, kind, field):
    w = build_world(db, clock)
    with db.session() as s:
        before = s.get(Member, w.member_id)
        version, stored = before.version, getattr(before, field)
    with pytest.raises(ValidationError) as refused:
        save_contact_preferences(db, w.agent, clock, w.member_id, version=version, **{field: HOSTILE[kind]})
    assert field in refused.value.errors
    with db.session() as s:
        after = s.get(Member, w.member_id)
        assert (after.version, getattr(after, field)) == (version, stored)


@pytest.mark.parametrize("kind", HOSTILE)
def test_ticket_texts_refuse_hostile_text_and_store_nothing(db, clock, kind):
    w = build_world(db, clock)
    ticket = tickets.open_ticket(db, w.agent, clock, member_id=w.member_id, category="logistics",
                                 severity="normal", description="箱子破了")
    form = tickets.load_ticket_form(db, w.agent, clock, ticket.id)
    for attempt in (
        lambda: tickets.save_ticket_form(db, w.agent, clock, ticket.id, version=form.version, description=HOSTILE[kind]),
        lambda: tickets.comment(db, w.agent, clock, ticket.id, body=HOSTILE[kind]),
        lambda: tickets.open_ticket(db, w.agent, clock, member_id=w.member_id, category="logistics",
                                    severity="normal", description=HOSTILE[kind]),
    ):
        with pytest.raises(ValidationError):
            attempt()
    with db.session() as s:
        assert s.scalars(select(Ticket.description)).all() == ["箱子破了"]


@pytest.mark.parametrize("kind", HOSTILE)
@pytest.mark.parametrize("where", ["notes", "complaint", "answer"])
def test_outcome_form_texts_refuse_hostile_text_and_save_no_call(db, clock, kind, where):
    w = build_world(db, clock)
    value = HOSTILE[kind] * 2  # past the notes' 4000 characters too
    payload = {"notes": outcome(notes=value),
               "complaint": outcome(complaint={"category": "logistics", "severity": "normal", "text": value}),
               "answer": outcome(answers={"free_text": value})}[where]
    with pytest.raises(ValidationError):
        calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=payload)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Call)) == 0


@pytest.mark.parametrize("when", HOSTILE_DATES)
def test_a_callback_in_year_1_or_9999_is_refused(db, clock, when):
    w = build_world(db, clock)
    with pytest.raises(ValidationError) as refused:
        calls.record_outcome(db, w.agent, clock, task_id=w.task_id,
                             payload=outcome(disposition="callback", callback_at=f"{when} 10:00"))
    assert "callback_at" in refused.value.errors


@pytest.mark.parametrize("bad_id", HOSTILE_IDS)
def test_service_ids_beyond_64_bits_or_below_1_are_refused_with_a_message(db, clock, bad_id):
    w = build_world(db, clock)
    for attempt in (
        lambda: save_contact_preferences(db, w.agent, clock, bad_id, version=1, email="a@example.com"),
        lambda: tickets.load_ticket_form(db, w.agent, clock, bad_id),
        lambda: tickets.comment(db, w.agent, clock, bad_id, body="ok"),
        lambda: calls.record_outcome(db, w.agent, clock, task_id=bad_id, payload=outcome()),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert "a whole number from 1 to" in str(refused.value)


# A file holds bytes: a lone surrogate cannot be written as UTF-8 (undecodable bytes are the
# importer's own refusal, tests/db/test_imports_files.py).
@pytest.mark.parametrize("kind", [k for k in HOSTILE if k != "lone_surrogate"])
def test_import_rows_with_hostile_text_are_refused_and_nothing_is_stored(db, clock, tmp_path, kind):
    path = tmp_path / "members.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["external_id", "name", "phone"])
        writer.writerow(["M1", HOSTILE[kind], "13812345678"])
    result = imports.import_file(db, SYSTEM, clock, kind="members", path=path)
    assert result.imported == 0 and result.failed == 1
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Member)) == 0


@pytest.mark.parametrize("kind", HOSTILE)
def test_cli_text_arguments_are_refused_with_a_message_before_anything_runs(db_url, kind, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--db", db_url, "member", "search", HOSTILE[kind]])
    assert stopped.value.code == 2
    assert "argument query:" in capsys.readouterr().err


def test_cli_bytes_that_are_not_utf8_are_refused_not_a_traceback(db_url):
    run = subprocess.run([sys.executable.encode(), b"-m", b"app", b"--db", db_url.encode(), b"member", b"search",
                          "王".encode() + b"\xff\xfe"], capture_output=True, timeout=120)
    stderr = run.stderr.decode("utf-8", "replace")
    assert run.returncode == 2 and "lone surrogate" in stderr and "Traceback" not in stderr


@pytest.mark.parametrize("args", [
    ["outcome", "record", "--task", BEYOND_64_BITS, "--agent", "li", "--json", "-"],
    ["member", "show", BEYOND_64_BITS],
    ["report", "member", BEYOND_64_BITS],
    ["tickets", "resolve", BEYOND_64_BITS],
    ["member", "show", "-3"],
])
def test_cli_ids_beyond_64_bits_are_refused_with_a_message_on_both_engines(db_url, args):
    run = subprocess.run([sys.executable, "-m", "app", "--db", db_url, *args], capture_output=True, text=True,
                         timeout=120)
    assert (run.returncode, "an id is a whole number" in run.stderr, "Traceback" in run.stderr) == (2, True, False), \
        run.stderr


@pytest.mark.parametrize("when", HOSTILE_DATES)
def test_cli_dates_in_year_1_or_9999_are_refused_with_a_message(db_url, when, capsys):
    for args in (["--today", when, "queue", "show", "--agent", "li"], ["kpi", "--from", when, "--to", "2026-06-15"]):
        with pytest.raises(SystemExit) as stopped:
            main(["--db", db_url, *args])
        assert stopped.value.code == 2 and "a date from 1900-01-01" in capsys.readouterr().err


@pytest.mark.parametrize("kind", HOSTILE)
def test_sign_in_and_settings_refuse_hostile_text(db, clock, kind):
    from app.services import settings
    from app.services.users import SignInRefused, sign_in

    with pytest.raises(SignInRefused):
        sign_in(db, clock, HOSTILE[kind][:60], "whatever-password")
    with pytest.raises(ValidationError) as refused:
        settings.update_settings(db, SYSTEM, clock, "queue", {"window_start": HOSTILE[kind]})
    assert "window_start" in refused.value.errors


@pytest.mark.parametrize("when", HOSTILE_DATES)
def test_import_rows_with_dates_in_year_1_or_9999_are_refused(db, clock, tmp_path, when):
    path = tmp_path / "members.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["external_id", "name", "phone", "birth_date"])
        writer.writerow(["M1", "王芳", "13812345678", when])
    result = imports.import_file(db, SYSTEM, clock, kind="members", path=path)
    assert result.imported == 0 and result.failed == 1
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Member)) == 0


@pytest.mark.parametrize("bad_id", HOSTILE_IDS)
def test_reassignment_ids_beyond_64_bits_or_below_1_are_refused_with_a_message(db, clock, bad_id):
    from app.services.queue import reassign

    w = build_world(db, clock)
    for attempt in (
        lambda: reassign.move_members(db, w.supervisor, clock, [w.member_id, bad_id], to_agent_id=w.agent.id),
        lambda: reassign.move_tasks(db, w.supervisor, clock, [w.task_id, bad_id], to_agent_id=w.agent.id),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert "a whole number from 1 to" in str(refused.value)
