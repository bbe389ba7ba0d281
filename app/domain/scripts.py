"""Call scripts as data: the model, its validation, the placeholder renderer and the branch flow.

Scripts live in resources/scripts/ as readable text (see scripts_format.py). Here they are
plain frozen values, so the desktop's call panel, the CLI and the tests all read the same
thing. A missing member value is filled with a polite fallback: the agent never reads a raw
`{placeholder}` aloud.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

LANGUAGES = ("zh", "en")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class QuestionType(StrEnum):
    OPEN = "open"
    SCALE = "scale"  # 1..10
    YES_NO = "yes_no"
    CHOICE = "choice"


class SectionKind(StrEnum):
    OPENING = "opening"  # greeting and data references
    OPEN = "open"  # open questions
    LAYERED = "layered"  # overall first, then specifics
    SCENARIO = "scenario"  # weekday/weekend, before/after
    THIRD_PARTY = "third_party"  # has anyone around you noticed?
    CLOSING = "closing"
    BRANCH = "branch"  # reached only by a branch (complaint 3F, adverse reaction grading...)


# Follow-up tasks the call save books with a purpose of their own (task detail "follow_up"),
# which a script may be written for ("follows:" in its header).
MILD_REACTION = "mild_reaction"
FOLLOW_UPS = (MILD_REACTION,)

# Every placeholder a script may use, with the words said when the value is unknown.
FALLBACKS: Mapping[str, Mapping[str, str]] = {
    "member_name": {"zh": "会员朋友", "en": "valued member"},
    "member_title": {"zh": "会员朋友", "en": "valued member"},
    "agent_name": {"zh": "您的专属顾问", "en": "your care adviser"},
    "brand": {"zh": "我们", "en": "our care team"},
    "hotline": {"zh": "我们的服务热线", "en": "our service hotline"},
    "product": {"zh": "您购买的产品", "en": "the product you bought"},
    "dosage": {"zh": "说明书上的用量", "en": "the dose on the label"},
    "daily_dose": {"zh": "推荐的量", "en": "the recommended amount"},
    "pack": {"zh": "这一装", "en": "this pack"},
    "order_when": {"zh": "最近", "en": "recently"},
    "days_used": {"zh": "一段时间", "en": "a while"},
    "days_left": {"zh": "几天", "en": "a few days"},
    "days_since": {"zh": "一段时间", "en": "a while"},
    "tier": {"zh": "会员", "en": "member"},
    "points": {"zh": "您的积分", "en": "your points"},
    "survey_points": {"zh": "20", "en": "20"},
    "moment": {"zh": "这个特别的日子", "en": "this special day"},
    "ticket_summary": {"zh": "您上次反映的问题", "en": "the issue you raised"},
}


@dataclass(frozen=True)
class Origin:
    """Where an element was written: file and 1-based line, for error messages."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Text:
    zh: str
    en: str = ""

    def pick(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.zh


@dataclass(frozen=True)
class Option:
    code: str
    label: Text
    origin: Origin


@dataclass(frozen=True)
class Branch:
    """`if <when> -> <target>`: yes/no, a score or range (1-6), or option codes (a,b)."""

    when: str
    target: str
    origin: Origin


@dataclass(frozen=True)
class Say:
    text: Text
    origin: Origin


@dataclass(frozen=True)
class Question:
    id: str
    type: QuestionType
    text: Text
    origin: Origin
    options: tuple[Option, ...] = ()
    branches: tuple[Branch, ...] = ()

    def check_answer(self, answer: Any) -> str | None:
        """None when `answer` fits this question's type, else the message to show."""
        if answer is None:
            return None
        match self.type:
            case QuestionType.OPEN:
                return None if isinstance(answer, str) else "must be text"
            case QuestionType.SCALE:
                ok = isinstance(answer, int) and not isinstance(answer, bool) and 1 <= answer <= 10
                return None if ok else f"must be a whole number from 1 to 10, got {answer!r}"
            case QuestionType.YES_NO:
                return None if isinstance(answer, bool) else f"must be true or false, got {answer!r}"
            case QuestionType.CHOICE:
                codes = [o.code for o in self.options]
                return None if answer in codes else f"{answer!r} is not one of {'|'.join(codes)}"
        return None

    def target_for(self, answer: Any) -> str | None:
        """The section this answer branches to, if any (the first matching `if` wins)."""
        if answer is None or self.check_answer(answer):
            return None
        for branch in self.branches:
            if condition_matches(self.type, branch.when, answer):
                return branch.target
        return None


Item = Say | Question


@dataclass(frozen=True)
class Section:
    id: str
    kind: SectionKind
    title: Text
    origin: Origin
    items: tuple[Item, ...] = ()
    then: str | None = None  # where a branch section goes next (default: back to the flow)
    then_origin: Origin | None = None

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(i for i in self.items if isinstance(i, Question))


@dataclass(frozen=True)
class Script:
    id: str
    version: str
    title: Text
    reasons: tuple[str, ...]
    categories: tuple[str, ...]  # empty: any category
    sections: tuple[Section, ...]
    origin: Origin
    follows: tuple[str, ...] = ()  # only for follow-up tasks booked for one of these (mild_reaction)

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    @property
    def questions(self) -> dict[str, Question]:
        return {q.id: q for s in self.sections for q in s.questions}

    def fits(self, reason: str, category: str | None) -> bool:
        return reason in self.reasons and (not self.categories or category in self.categories)


@dataclass(frozen=True)
class ScriptError:
    origin: Origin
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


class ScriptInvalid(ValueError):
    """A script file that failed to load; str() lists every problem as file:line: message."""

    def __init__(self, errors: Iterable[ScriptError]):
        self.errors = tuple(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def _range(when: str) -> tuple[int, int] | None:
    m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+))?\s*", when)
    if not m:
        return None
    low = int(m.group(1))
    return low, int(m.group(2) or low)


def condition_matches(qtype: QuestionType, when: str, answer: Any) -> bool:
    match qtype:
        case QuestionType.YES_NO:
            return (when == "yes") is answer
        case QuestionType.SCALE:
            bounds = _range(when)
            return bounds is not None and bounds[0] <= answer <= bounds[1]
        case QuestionType.CHOICE:
            return answer in {c.strip() for c in when.split(",")}
    return False


def _condition_problem(question: Question, when: str) -> str | None:
    match question.type:
        case QuestionType.YES_NO:
            return None if when in ("yes", "no") else f"a yes/no question branches on 'yes' or 'no', not {when!r}"
        case QuestionType.SCALE:
            bounds = _range(when)
            if bounds is None or not 1 <= bounds[0] <= bounds[1] <= 10:
                return f"a scale question branches on a score or range within 1-10, not {when!r}"
            return None
        case QuestionType.CHOICE:
            codes = {o.code for o in question.options}
            unknown = [c.strip() for c in when.split(",") if c.strip() not in codes]
            return f"unknown option {', '.join(unknown)!s} (options: {', '.join(sorted(codes))})" if unknown else None
    return "an open question cannot branch"


def _texts(script: Script) -> Iterable[tuple[Text, Origin]]:
    yield script.title, script.origin
    for section in script.sections:
        yield section.title, section.origin
        for item in section.items:
            yield item.text, item.origin
            if isinstance(item, Question):
                for option in item.options:
                    yield option.label, option.origin


def validate(script: Script, *, known_reasons: Iterable[str], known_categories: Iterable[str]) -> list[ScriptError]:
    """Every problem in a parsed script, each naming its file and line."""
    errors: list[ScriptError] = []
    reasons, categories = set(known_reasons), set(known_categories)
    for follow_up in script.follows:
        if follow_up not in FOLLOW_UPS:
            errors.append(ScriptError(script.origin, f"unknown follow-up {follow_up!r}; one of {', '.join(FOLLOW_UPS)}"))
    for reason in script.reasons:
        if reason not in reasons:
            errors.append(ScriptError(script.origin, f"unknown reason {reason!r}"))
    if not script.reasons:
        errors.append(ScriptError(script.origin, "a script needs at least one reason"))
    for category in script.categories:
        if category not in categories:
            errors.append(ScriptError(script.origin, f"unknown product category {category!r}"))
    for text, origin in _texts(script):
        for lang in LANGUAGES:
            words = getattr(text, lang)
            if not words.strip():
                errors.append(ScriptError(origin, f"no {'Chinese' if lang == 'zh' else 'English'} text"))
            for name in PLACEHOLDER.findall(words):
                if name not in FALLBACKS:
                    errors.append(ScriptError(origin, f"unknown placeholder {{{name}}}"))
    seen_sections: dict[str, Origin] = {}
    seen_questions: dict[str, Origin] = {}
    for section in script.sections:
        if section.id in seen_sections:
            errors.append(ScriptError(section.origin, f"duplicate section id {section.id!r} "
                                                      f"(first at line {seen_sections[section.id].line})"))
        seen_sections.setdefault(section.id, section.origin)
        for question in section.questions:
            if question.id in seen_questions:
                errors.append(ScriptError(question.origin, f"duplicate question id {question.id!r} "
                                                           f"(first at {seen_questions[question.id]})"))
            seen_questions.setdefault(question.id, question.origin)
            codes = [o.code for o in question.options]
            if question.type is QuestionType.CHOICE and len(codes) < 2:
                errors.append(ScriptError(question.origin, "a choice question needs at least two options"))
            if question.type is not QuestionType.CHOICE and codes:
                errors.append(ScriptError(question.origin, "only choice questions have options"))
            for option in question.options:
                if codes.count(option.code) > 1:
                    errors.append(ScriptError(option.origin, f"duplicate option {option.code!r}"))
            for branch in question.branches:
                problem = _condition_problem(question, branch.when)
                if problem:
                    errors.append(ScriptError(branch.origin, problem))
    for section in script.sections:
        for question in section.questions:
            for branch in question.branches:
                if branch.target not in seen_sections:
                    errors.append(ScriptError(branch.origin, f"dangling branch: no section {branch.target!r}"))
                elif branch.target == section.id:
                    errors.append(ScriptError(branch.origin, "a branch cannot return to its own section"))
        if section.then is not None and section.then not in seen_sections:
            errors.append(ScriptError(section.then_origin or section.origin,
                                      f"dangling branch: no section {section.then!r}"))
    kinds = {s.kind for s in script.sections}
    for needed in (SectionKind.OPENING, SectionKind.CLOSING):
        if needed not in kinds:
            errors.append(ScriptError(script.origin, f"no {needed.value} section"))
    return errors


# --- rendering ----------------------------------------------------------------------------

@dataclass(frozen=True)
class RenderedQuestion:
    id: str
    type: QuestionType
    text: str
    options: tuple[tuple[str, str], ...] = ()  # (code, label)
    branches: tuple[tuple[str, str], ...] = ()  # (when, target section id)


@dataclass(frozen=True)
class RenderedLine:
    text: str


@dataclass(frozen=True)
class RenderedSection:
    id: str
    kind: str
    title: str
    items: tuple[RenderedLine | RenderedQuestion, ...]
    then: str | None = None


@dataclass(frozen=True)
class RenderedScript:
    """A script ready to read aloud: plain text, every placeholder filled."""

    script_id: str
    version: str
    language: str
    title: str
    sections: tuple[RenderedSection, ...]
    missing: tuple[str, ...] = field(default=())  # placeholders that fell back (the UI may hint)


def fill(text: str, values: Mapping[str, str | None], lang: str, missing: set[str] | None = None) -> str:
    """Fill `{name}` placeholders; unknown or empty values get the fallback, never the raw name."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        value = values.get(name)
        if value not in (None, ""):
            return str(value)
        if missing is not None:
            missing.add(name)
        return FALLBACKS.get(name, {}).get(lang, "")

    return PLACEHOLDER.sub(one, text)


def render(script: Script, values: Mapping[str, str | None], *, lang: str = "zh") -> RenderedScript:
    """The script in `lang` ("zh" or "en") with `values` filled in (per-language values are
    given by the caller; a value of None or "" takes the fallback)."""
    missing: set[str] = set()

    def text(t: Text) -> str:
        return fill(t.pick(lang), values, lang, missing)

    sections = []
    for section in script.sections:
        items: list[RenderedLine | RenderedQuestion] = []
        for item in section.items:
            if isinstance(item, Say):
                items.append(RenderedLine(text(item.text)))
            else:
                items.append(RenderedQuestion(
                    id=item.id, type=item.type, text=text(item.text),
                    options=tuple((o.code, text(o.label)) for o in item.options),
                    branches=tuple((b.when, b.target) for b in item.branches),
                ))
        sections.append(RenderedSection(section.id, section.kind.value, text(section.title), tuple(items), section.then))
    return RenderedScript(script.id, script.version, lang, text(script.title), tuple(sections), tuple(sorted(missing)))


# --- flow ---------------------------------------------------------------------------------

def path(script: Script, answers: Mapping[str, Any]) -> list[str]:
    """The sections visited, in order, for the answers given so far.

    The main flow is every non-branch section in file order. A branch to a branch section
    (complaint, adverse reaction...) visits it right after the current section and then
    resumes the main flow, unless that section says `then: <section>`. A branch (or `then`)
    to a main-flow section jumps there, skipping what lies between.
    """
    branch_ids = {s.id for s in script.sections if s.kind is SectionKind.BRANCH}
    queue: list[str] = [s.id for s in script.sections if s.kind is not SectionKind.BRANCH]
    visited: list[str] = []

    def jump(queue: list[str], target: str) -> list[str]:
        return queue[queue.index(target):] if target in queue else [target] + queue

    while queue:
        current = queue.pop(0)
        if current in visited:
            continue
        visited.append(current)
        section = script.section(current)
        targets = [t for q in section.questions if (t := q.target_for(answers.get(q.id))) and t not in visited]
        detours = [t for t in targets if t in branch_ids]
        forward = [t for t in targets if t not in branch_ids]
        if section.then and section.then not in visited:
            forward.insert(0, section.then)
        if forward:
            queue = jump(queue, forward[0])
        queue = detours + queue
    return visited
