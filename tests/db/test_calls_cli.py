"""caredesk-admin outcome record on both engines: claims the task for the agent, saves like
the desktop, exits 1 with the field errors, and refuses when another agent holds the task."""

import json

from sqlalchemy import func, select

from app.cli.main import main
from app.data.tables import Call, FollowUpTask, Ticket
from app.services import queue
from tests.support.call_world import build_world, outcome


def run(db_url, tmp_path, task_id, agent, payload, *extra) -> int:
    path = tmp_path / "outcome.json"
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return main(["outcome", "record", "--task", str(task_id), "--agent", agent, "--json", str(path),
                 "--db", db_url, "--today", "2026-06-15", "--at", "10:00", *extra])


def test_records_an_sms_survey_outcome_and_prints_the_result(db_url, db, clock, tmp_path, capsys):
    w = build_world(db, clock)
    payload = outcome(satisfaction=5, complaint={"category": "counterfeit", "severity": "urgent", "text": "防伪码查不到"},
                      answers={"satisfaction": 5, "refill": False})
    assert run(db_url, tmp_path, w.task_id, "li", payload, "--channel", "sms", "--script", "refill") == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["duplicate"] is False and len(printed["ticket_ids"]) == 1
    with db.session() as s:
        call = s.get(Call, printed["call_id"])
        assert (call.channel, call.agent_id, call.script_id, call.script_version) == ("sms", w.agent.id, "refill", "1")
        assert s.get(Ticket, printed["ticket_ids"][0]).department == "technology"
        assert s.get(FollowUpTask, w.task_id).status == "done"
    assert run(db_url, tmp_path, w.task_id, "li", payload) == 0  # replay of the same file
    assert json.loads(capsys.readouterr().out)["duplicate"] is True


def test_invalid_outcome_exits_1_with_each_field_error_and_writes_nothing(db_url, db, clock, tmp_path, capsys):
    w = build_world(db, clock)
    payload = outcome(satisfaction=12, disposition="maybe", client_id="x")
    assert run(db_url, tmp_path, w.task_id, "li", payload) == 1
    err = capsys.readouterr().err
    assert "client_id: not a UUID: 'x'" in err
    assert "disposition: 'maybe' is not one of" in err
    assert "satisfaction: must be a whole number from 1 to 10, got 12" in err
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Call)) == 0
        assert s.get(FollowUpTask, w.task_id).claimed_by_id is None


def test_answers_that_do_not_fit_the_script_are_field_errors(db_url, db, clock, tmp_path, capsys):
    w = build_world(db, clock)
    assert run(db_url, tmp_path, w.task_id, "li", outcome(answers={"satisfaction": "great"}), "--script", "refill") == 1
    assert "answers.satisfaction: must be a whole number from 1 to 10, got 'great'" in capsys.readouterr().err


def test_refuses_when_another_agent_holds_the_task(db_url, db, clock, tmp_path, capsys):
    w = build_world(db, clock)
    queue.claim_task(db, w.other, clock, w.task_id)
    assert run(db_url, tmp_path, w.task_id, "li", outcome()) == 1
    assert "held by another agent" in capsys.readouterr().err
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Call)) == 0


def test_bad_json_unknown_agent_and_unknown_task_are_clear_errors(db_url, db, clock, tmp_path, capsys):
    w = build_world(db, clock)
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    assert main(["outcome", "record", "--task", str(w.task_id), "--agent", "li", "--json", str(path),
                 "--db", db_url]) == 1
    assert "json: not valid JSON" in capsys.readouterr().err
    assert run(db_url, tmp_path, w.task_id, "nobody", outcome()) == 1
    assert "no active user named 'nobody'" in capsys.readouterr().err
    assert run(db_url, tmp_path, 424242, "li", outcome()) == 1
    assert "no task with id 424242" in capsys.readouterr().err
