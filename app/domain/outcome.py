"""The structured call outcome: the JSON contract of issue 4 parsed into one frozen value.

Every field is checked on its own and the errors are gathered, so the agent (or the CLI user)
sees one precise message per field at once; nothing is written unless the whole outcome is
valid. The domain raises InvalidOutcome (the domain layer may not import services);
app.services.calls.validate_outcome turns it into ValidationError({field: message}). The
checks that need the database (the callback inside the member's calling window) are the
service's.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any

from app.domain.codes import (
    Adherence, AdverseReaction, ComplaintCategory, Disposition, EffectDimension, Remedy, Severity,
)
from app.domain.dispositions import Meaning, meaning_of
from app.domain.remedies import parse_remedies
from app.domain.scripts import Question
from app.domain.limits import date_problem, text_problem

CALLBACK_FORMAT = "%Y-%m-%d %H:%M"
MAX_NOTES = 4000
MAX_COMPLAINT_TEXT = 2000
MAX_REMAINING_DAYS = 3650
# Fields that only make sense when the member was actually spoken to.
CONVERSATION_FIELDS = ("satisfaction", "effects", "adherence", "remaining_days", "refill_intent", "complaint",
                       "remedies")


class InvalidOutcome(ValueError):
    """The outcome failed validation; `errors` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


@dataclass(frozen=True)
class Complaint:
    category: ComplaintCategory
    severity: Severity
    text: str


@dataclass(frozen=True)
class OutcomeInput:
    """A valid outcome. `callback_at` is UTC-aware; `effects` maps dimension -> 1..10."""

    client_id: str
    disposition: Disposition
    satisfaction: int | None = None
    effects: Mapping[str, int] = field(default_factory=dict)
    adherence: Adherence | None = None
    remaining_days: int | None = None
    refill_intent: bool | None = None
    complaint: Complaint | None = None
    adverse_reaction: AdverseReaction = AdverseReaction.NONE
    callback_at: datetime | None = None
    answers: Mapping[str, Any] = field(default_factory=dict)
    notes: str = ""  # internal: for the care team, never printed for the member
    recommendation: str = ""  # written for the member: their care report prints it
    remedies: tuple[Remedy, ...] = ()  # the re-visit found the member still unhappy
    call_seconds: int | None = None  # talk time, from the workstation's call timer
    wrap_seconds: int | None = None  # after-call work

    @property
    def meaning(self) -> Meaning:
        return meaning_of(self.disposition)

    @property
    def survey_completed(self) -> bool:
        """A survey counts as completed when the member was reached and rated satisfaction."""
        return self.disposition is Disposition.REACHED and self.satisfaction is not None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _choice(value: Any, enum, field_name: str, errors: dict[str, str], *, nullable: bool):
    if value is None:
        if not nullable:
            errors[field_name] = f"required; one of {'|'.join(e.value for e in enum)}"
        return None
    try:
        return enum(value)
    except ValueError:
        errors[field_name] = f"{value!r} is not one of {'|'.join(e.value for e in enum)}"
        return None


def _score(value: Any, field_name: str, errors: dict[str, str]) -> int | None:
    if value is None:
        return None
    if not _is_int(value) or not 1 <= value <= 10:
        errors[field_name] = f"must be a whole number from 1 to 10, got {value!r}"
        return None
    return value


def _client_id(value: Any, errors: dict[str, str]) -> str:
    if not isinstance(value, str) or not value.strip():
        errors["client_id"] = "required: a UUID string identifying this outcome"
        return ""
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        errors["client_id"] = f"not a UUID: {value!r}"
        return ""


def _effects(value: Any, errors: dict[str, str]) -> dict[str, int]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        errors["effects"] = "must be an object: dimension -> score 1-10"
        return {}
    known = {d.value for d in EffectDimension}
    result: dict[str, int] = {}
    for key, score in value.items():
        if key not in known:
            errors[f"effects.{key}"] = f"unknown dimension; one of {'|'.join(sorted(known))}"
            continue
        parsed = _score(score, f"effects.{key}", errors)
        if parsed is not None:
            result[key] = parsed
    return result


def _complaint(value: Any, errors: dict[str, str]) -> Complaint | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        errors["complaint"] = "must be null or an object with category, severity and text"
        return None
    category = _choice(value.get("category"), ComplaintCategory, "complaint.category", errors, nullable=False)
    severity = _choice(value.get("severity"), Severity, "complaint.severity", errors, nullable=False)
    text = value.get("text", "")
    if text is None:
        text = ""
    if not isinstance(text, str):
        errors["complaint.text"] = "must be text"
        text = ""
    elif len(text) > MAX_COMPLAINT_TEXT:
        errors["complaint.text"] = f"too long ({len(text)} characters, at most {MAX_COMPLAINT_TEXT})"
    elif (problem := text_problem(text, max_length=MAX_COMPLAINT_TEXT, multiline=True)) is not None:
        errors["complaint.text"] = problem
    if category is None or severity is None or "complaint.text" in errors:
        return None
    return Complaint(category, severity, text.strip())


def _callback_at(value: Any, tz: tzinfo, errors: dict[str, str]) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        errors["callback_at"] = "must be a local time 'YYYY-MM-DD HH:MM'"
        return None
    try:
        local = datetime.strptime(value.strip(), CALLBACK_FORMAT)
    except ValueError:
        errors["callback_at"] = f"not a local time 'YYYY-MM-DD HH:MM': {value!r}"
        return None
    if (problem := date_problem(local)) is not None:
        errors["callback_at"] = problem
        return None
    return local.replace(tzinfo=tz).astimezone(UTC)


def _answers(value: Any, questions: Mapping[str, Question] | None, errors: dict[str, str]) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        errors["answers"] = "must be an object: question id -> answer"
        return {}
    result: dict[str, Any] = {}
    for qid, answer in value.items():
        if not isinstance(qid, str) or not qid:
            errors["answers"] = "question ids must be non-empty text"
            continue
        if questions is not None:
            question = questions.get(qid)
            if question is None:
                errors[f"answers.{qid}"] = "not a question of the script followed"
                continue
            problem = question.check_answer(answer)
            if problem:
                errors[f"answers.{qid}"] = problem
                continue
        elif not isinstance(answer, str | int | float | bool | None):
            errors[f"answers.{qid}"] = "must be text, a number, true/false or null"
            continue
        if isinstance(answer, str) and (problem := text_problem(answer, max_length=MAX_NOTES, multiline=True)):
            errors[f"answers.{qid}"] = problem
            continue
        result[qid] = answer
    return result


def parse_outcome(payload: Any, *, tz: tzinfo, questions: Mapping[str, Question] | None = None) -> OutcomeInput:
    """The outcome in `payload` (the CLI JSON contract), or InvalidOutcome({field: message}).

    `callback_at` is read as local time in `tz` (the workstation's zone). With `questions`
    (the script followed) each answer must belong to a question and fit its type.
    Unknown extra keys are ignored, so the contract may grow.
    """
    if not isinstance(payload, Mapping):
        raise InvalidOutcome({"outcome": "must be a JSON object"})
    errors: dict[str, str] = {}
    client_id = _client_id(payload.get("client_id"), errors)
    disposition = _choice(payload.get("disposition"), Disposition, "disposition", errors, nullable=False)
    satisfaction = _score(payload.get("satisfaction"), "satisfaction", errors)
    effects = _effects(payload.get("effects"), errors)
    adherence = _choice(payload.get("adherence"), Adherence, "adherence", errors, nullable=True)
    remaining = payload.get("remaining_days")
    if remaining is not None and (not _is_int(remaining) or not 0 <= remaining <= MAX_REMAINING_DAYS):
        errors["remaining_days"] = f"must be a whole number of days from 0 to {MAX_REMAINING_DAYS}, got {remaining!r}"
        remaining = None
    refill = payload.get("refill_intent")
    if refill is not None and not isinstance(refill, bool):
        errors["refill_intent"] = f"must be true, false or null, got {refill!r}"
        refill = None
    complaint = _complaint(payload.get("complaint"), errors)
    reaction = _choice(payload.get("adverse_reaction", "none") or "none", AdverseReaction,
                       "adverse_reaction", errors, nullable=False)
    callback_at = _callback_at(payload.get("callback_at"), tz, errors)
    answers = _answers(payload.get("answers"), questions, errors)
    notes = _text(payload, "notes", errors)
    recommendation = _text(payload, "recommendation", errors)
    remedies = parse_remedies(payload.get("remedies"), errors)
    durations = {name: _seconds(payload.get(name), name, errors) for name in ("call_seconds", "wrap_seconds")}

    if disposition is not None:
        meaning = meaning_of(disposition)
        if disposition is Disposition.CALLBACK and payload.get("callback_at") is None:
            errors.setdefault("callback_at", "required when the member asked for a callback")
        if disposition is not Disposition.CALLBACK and payload.get("callback_at") is not None:
            errors.setdefault("callback_at", "only with disposition 'callback'")
        if not meaning.conversation:
            for name in CONVERSATION_FIELDS:
                if payload.get(name) not in (None, {}, []):
                    errors.setdefault(name, f"cannot be recorded when the disposition is {disposition.value!r}"
                                            " (the member was not spoken to)")
            if reaction not in (None, AdverseReaction.NONE):
                errors.setdefault("adverse_reaction", f"cannot be recorded when the disposition is "
                                                      f"{disposition.value!r} (the member was not spoken to)")
    if errors:
        raise InvalidOutcome(errors)
    return OutcomeInput(
        client_id=client_id, disposition=disposition, satisfaction=satisfaction, effects=effects,
        adherence=adherence, remaining_days=remaining, refill_intent=refill, complaint=complaint,
        adverse_reaction=reaction, callback_at=callback_at, answers=answers, notes=notes.strip(),
        recommendation=recommendation.strip(), remedies=remedies, **durations,
    )


MAX_CALL_SECONDS = 4 * 3600


def _text(payload: Mapping[str, Any], name: str, errors: dict[str, str]) -> str:
    value = payload.get(name) or ""
    if not isinstance(value, str):
        errors[name] = "must be text"
        return ""
    if len(value) > MAX_NOTES:
        errors[name] = f"too long ({len(value)} characters, at most {MAX_NOTES})"
    elif (problem := text_problem(value, max_length=MAX_NOTES, multiline=True)) is not None:
        errors[name] = problem
    return value


def _seconds(value: Any, field_name: str, errors: dict[str, str]) -> int | None:
    """Optional durations measured by the workstation (whole seconds, at most four hours)."""
    if value is None:
        return None
    if not _is_int(value) or not 0 <= value <= MAX_CALL_SECONDS:
        errors[field_name] = f"must be whole seconds from 0 to {MAX_CALL_SECONDS}, got {value!r}"
        return None
    return value
