"""The outcome contract: a valid payload parses into OutcomeInput; each invalid field gets
its own precise message; the disposition's meaning decides which fields may be given."""

import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from app.domain.codes import Adherence, AdverseReaction, ComplaintCategory, Disposition, Severity
from app.domain.dispositions import MEANINGS, meaning_of
from app.domain.outcome import InvalidOutcome, parse_outcome
from app.services.calls import validate_outcome
from app.services.errors import ValidationError
from app.services.calls.scripts import load_library

SHANGHAI = ZoneInfo("Asia/Shanghai")


def payload(**changes):
    data = {
        "client_id": str(uuid.uuid4()), "disposition": "reached", "satisfaction": 8,
        "effects": {"sleep": 7, "energy": 6}, "adherence": "as_directed", "remaining_days": 5,
        "refill_intent": True, "complaint": None, "adverse_reaction": "none", "callback_at": None,
        "answers": {"changes": "睡得更好"}, "notes": "  顺利  ",
    }
    data.update(changes)
    return data


def errors_of(data, **kw) -> dict[str, str]:
    with pytest.raises(InvalidOutcome) as exc:
        parse_outcome(data, tz=SHANGHAI, **kw)
    return exc.value.errors


def test_a_full_outcome_parses_into_typed_values():
    data = payload(complaint={"category": "logistics", "severity": "normal", "text": "包装破损"},
                   adverse_reaction="mild", extra_key_from_a_newer_client=1)
    outcome = parse_outcome(data, tz=SHANGHAI)
    assert outcome.disposition is Disposition.REACHED
    assert outcome.adherence is Adherence.AS_DIRECTED
    assert outcome.effects == {"sleep": 7, "energy": 6}
    assert outcome.complaint.category is ComplaintCategory.LOGISTICS
    assert outcome.complaint.severity is Severity.NORMAL
    assert outcome.adverse_reaction is AdverseReaction.MILD
    assert outcome.notes == "顺利"
    assert outcome.survey_completed


def test_callback_time_is_read_in_the_workstation_zone_and_stored_in_utc():
    outcome = parse_outcome({"client_id": str(uuid.uuid4()), "disposition": "callback",
                             "callback_at": "2026-06-16 19:30"}, tz=SHANGHAI)
    assert outcome.callback_at == datetime(2026, 6, 16, 11, 30, tzinfo=UTC)
    assert not outcome.survey_completed


@pytest.mark.parametrize("field, value, message", [
    ("client_id", "abc", "not a UUID: 'abc'"),
    ("client_id", None, "required: a UUID string identifying this outcome"),
    ("disposition", "maybe", "'maybe' is not one of reached|no_answer|busy|wrong_number|refused|callback|do_not_call"),
    ("satisfaction", 11, "must be a whole number from 1 to 10, got 11"),
    ("satisfaction", True, "must be a whole number from 1 to 10, got True"),
    ("adherence", "sometimes", "'sometimes' is not one of as_directed|irregular|stopped"),
    ("remaining_days", -1, "must be a whole number of days from 0 to 3650, got -1"),
    ("refill_intent", "yes", "must be true, false or null, got 'yes'"),
    ("adverse_reaction", "deadly", "'deadly' is not one of none|mild|severe"),
    ("callback_at", "tomorrow", "not a local time 'YYYY-MM-DD HH:MM': 'tomorrow'"),
    ("notes", 5, "must be text"),
    ("effects", [1], "must be an object: dimension -> score 1-10"),
    ("answers", "x", "must be an object: question id -> answer"),
])
def test_each_invalid_field_gets_its_own_message(field, value, message):
    errors = errors_of(payload(**{field: value}))
    assert errors[field] == message


def test_nested_fields_are_named_precisely_and_all_errors_come_at_once():
    errors = errors_of(payload(effects={"sleep": 0, "luck": 5},
                               complaint={"category": "rude", "severity": "soon"}, satisfaction=0))
    assert errors == {
        "satisfaction": "must be a whole number from 1 to 10, got 0",
        "effects.sleep": "must be a whole number from 1 to 10, got 0",
        "effects.luck": "unknown dimension; one of baby_growth|digestion|energy|exercise|immunity|mood|skin|sleep",
        "complaint.category": "'rude' is not one of quality|usage|logistics|service|stock_out|counterfeit",
        "complaint.severity": "'soon' is not one of urgent|normal",
    }


def test_answers_about_the_call_are_refused_when_nobody_was_spoken_to():
    errors = errors_of(payload(disposition="no_answer", adverse_reaction="mild"))
    assert errors["satisfaction"] == ("cannot be recorded when the disposition is 'no_answer' "
                                      "(the member was not spoken to)")
    assert set(errors) == {"satisfaction", "effects", "adherence", "remaining_days", "refill_intent",
                           "adverse_reaction"}


def test_callback_needs_a_time_and_a_time_needs_callback():
    assert errors_of({"client_id": str(uuid.uuid4()), "disposition": "callback"}) == {
        "callback_at": "required when the member asked for a callback"}
    assert errors_of(payload(callback_at="2026-06-16 19:30"))["callback_at"] == "only with disposition 'callback'"


def test_answers_are_checked_against_the_script_followed():
    questions = load_library().scripts["refill"].questions
    errors = errors_of(payload(answers={"satisfaction": 12, "nonsense": "x", "discomfort": False}),
                       questions=questions)
    assert errors == {"answers.satisfaction": "must be a whole number from 1 to 10, got 12",
                      "answers.nonsense": "not a question of the script followed"}


def test_the_service_turns_field_errors_into_validation_error(clock):
    with pytest.raises(ValidationError) as exc:
        validate_outcome(payload(satisfaction=0), clock)
    assert exc.value.errors == {"satisfaction": "must be a whole number from 1 to 10, got 0"}
    with pytest.raises(ValidationError) as unknown:
        validate_outcome(payload(), clock, script_id="no_such_script")
    assert unknown.value.errors == {"script_id": "no call script 'no_such_script'"}


def test_not_an_object_at_all():
    assert errors_of([1, 2]) == {"outcome": "must be a JSON object"}


def test_every_disposition_has_a_meaning_and_the_meaning_decides():
    assert set(MEANINGS) == set(Disposition)
    assert meaning_of("reached").right_party and meaning_of("reached").closes_tasks
    assert meaning_of("busy").failed_attempt and not meaning_of("busy").right_party
    assert meaning_of("no_answer").failed_attempt
    assert meaning_of("wrong_number").number_wrong and not meaning_of("wrong_number").right_party
    assert meaning_of("callback").callback and meaning_of("callback").right_party
    assert meaning_of("do_not_call").do_not_call
    refused = meaning_of("refused")
    assert refused.right_party and not refused.do_not_call and not refused.failed_attempt
