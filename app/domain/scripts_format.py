"""The readable text format of call scripts, parsed with line numbers for clear errors.

    # comment
    id: refill_fish_oil
    version: 3
    reasons: refill, effect_check
    categories: fish_oil            (omit for any category)
    follows: mild_reaction          (only for a follow-up task booked for this; omit otherwise)
    title: 鱼油续购回访
    title.en: Fish oil refill call

    == opening opening | 开场 | Opening        (== <section id> <kind> | 中文标题 | English title)
    say: {member_title}您好……
      en: Hello {member_title}, ...
    ask dose_ok yes_no: 每天{daily_dose}还合适吗？
      en: Is {daily_dose} a day still right?
      if no -> dose_help
    ask change choice: 和刚开始相比有什么变化？
      en: What has changed since you started?
      option better: 更好了 | Better
      option same: 差不多 | About the same
      if worse -> complaint
    then: closing                   (a branch section jumps here instead of resuming)
    include: complaint_3f           (splice the sections of _shared/complaint_3f.txt)

Indentation is for the reader only. Every problem is collected (not just the first), each
with its file and line, so `caredesk-admin scripts check` lists them all at once.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from app.domain.scripts import (
    Branch, Option, Origin, Question, QuestionType, Say, Script, ScriptError, Section, SectionKind, Text,
)

# name -> (path shown in errors, text); raises KeyError for an unknown include.
IncludeResolver = Callable[[str], tuple[str, str]]

_HEADER = re.compile(r"^==\s*([A-Za-z0-9_]+)\s+([a-z_]+)\s*\|\s*(.*?)\s*(?:\|\s*(.*?)\s*)?$")
_ASK = re.compile(r"^ask\s+([A-Za-z0-9_]+)\s+([a-z_]+)\s*:\s*(.*)$")
_OPTION = re.compile(r"^option\s+([A-Za-z0-9_]+)\s*:\s*(.*?)\s*(?:\|\s*(.*?)\s*)?$")
_IF = re.compile(r"^if\s+(.+?)\s*->\s*([A-Za-z0-9_]+)\s*$")
_KEY = re.compile(r"^([a-z_.]+)\s*:\s*(.*)$")


@dataclass
class _Draft:
    """Mutable state while reading one file; frozen into the model at the end."""

    path: str
    header: dict[str, tuple[str, Origin]] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    errors: list[ScriptError] = field(default_factory=list)

    def error(self, line: int, message: str) -> None:
        self.errors.append(ScriptError(Origin(self.path, line), message))


def _set_en(item, en: str):
    return replace(item, text=Text(item.text.zh, en))


def _parse_sections(draft: _Draft, lines: list[str], *, allow_header: bool,
                    resolve: IncludeResolver | None, depth: int = 0) -> None:
    section: Section | None = None
    items: list = []

    def close() -> None:
        nonlocal section, items
        if section is not None:
            draft.sections.append(replace(section, items=tuple(items)))
        section, items = None, []

    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        origin = Origin(draft.path, number)
        if line.startswith("=="):
            close()
            m = _HEADER.match(line)
            if not m:
                draft.error(number, "a section starts '== <id> <kind> | 中文标题 | English title'")
                continue
            sid, kind, zh, en = m.groups()
            try:
                kind_value = SectionKind(kind)
            except ValueError:
                draft.error(number, f"unknown section kind {kind!r} (kinds: {', '.join(k.value for k in SectionKind)})")
                kind_value = SectionKind.OPEN
            section = Section(sid, kind_value, Text(zh, en or ""), origin)
            continue
        if line.startswith("include:"):
            close()
            name = line.split(":", 1)[1].strip()
            if resolve is None or depth > 2:
                draft.error(number, "include is not available here")
                continue
            try:
                inc_path, inc_text = resolve(name)
            except KeyError:
                draft.error(number, f"unknown include {name!r}")
                continue
            inner = _Draft(inc_path)
            _parse_sections(inner, inc_text.splitlines(), allow_header=False, resolve=resolve, depth=depth + 1)
            draft.sections.extend(inner.sections)
            draft.errors.extend(inner.errors)
            continue
        if section is None:
            m = _KEY.match(line)
            if allow_header and m and m.group(1) in ("id", "version", "reasons", "categories", "follows", "title",
                                                 "title.en"):
                key = m.group(1)
                if key in draft.header:
                    draft.error(number, f"{key} is given twice")
                draft.header[key] = (m.group(2).strip(), origin)
            else:
                draft.error(number, "expected a header line (id, version, reasons, categories, follows, title, title.en) "
                                    "or a section '== ...'")
            continue
        if line.startswith("say:"):
            items.append(Say(Text(line[4:].strip()), origin))
        elif (m := _ASK.match(line)):
            qid, qtype, zh = m.groups()
            try:
                type_value = QuestionType(qtype)
            except ValueError:
                draft.error(number, f"unknown question type {qtype!r} (types: {', '.join(t.value for t in QuestionType)})")
                type_value = QuestionType.OPEN
            items.append(Question(qid, type_value, Text(zh.strip()), origin))
        elif line.startswith("en:"):
            if items:
                items[-1] = _set_en(items[-1], line[3:].strip())
            else:
                draft.error(number, "'en:' must follow a say or ask line")
        elif (m := _OPTION.match(line)):
            if items and isinstance(items[-1], Question):
                code, zh, en = m.groups()
                q = items[-1]
                items[-1] = replace(q, options=q.options + (Option(code, Text(zh, en or ""), origin),))
            else:
                draft.error(number, "'option' must follow an ask line")
        elif (m := _IF.match(line)):
            if items and isinstance(items[-1], Question):
                q = items[-1]
                items[-1] = replace(q, branches=q.branches + (Branch(m.group(1).strip(), m.group(2), origin),))
            else:
                draft.error(number, "'if' must follow an ask line")
        elif line.startswith("then:"):
            section = replace(section, then=line[5:].strip(), then_origin=origin)
        else:
            draft.error(number, "cannot read this line (expected say:, ask, en:, option, if, then:, include: or ==)")
    close()


def parse_script(text: str, *, path: str, resolve: IncludeResolver | None = None) -> tuple[Script | None, list[ScriptError]]:
    """The script in `text` and the format errors found (a script is returned whenever the
    header is usable, so the validator can report its own problems too)."""
    draft = _Draft(path)
    _parse_sections(draft, text.splitlines(), allow_header=True, resolve=resolve)
    head = draft.header
    for key in ("id", "version", "reasons", "title", "title.en"):
        if key not in head or not head[key][0]:
            draft.error(1, f"missing header line '{key}: ...'")
    if "id" not in head:
        return None, draft.errors
    origin = head["id"][1]

    def split(key: str) -> tuple[str, ...]:
        value = head.get(key, ("", origin))[0]
        return tuple(part.strip() for part in value.split(",") if part.strip())

    script = Script(
        id=head["id"][0], version=head.get("version", ("", origin))[0],
        title=Text(head.get("title", ("", origin))[0], head.get("title.en", ("", origin))[0]),
        reasons=split("reasons"), categories=split("categories"), follows=split("follows"),
        sections=tuple(draft.sections), origin=origin,
    )
    return script, draft.errors
