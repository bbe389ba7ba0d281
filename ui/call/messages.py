"""The outcome rules' field messages in the screen's language.

app.domain.outcome writes one English message per field (the CLI prints them as they are);
the form shows the same message translated. A message this table does not know is shown
as written, so a new rule is never silent.
"""

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QLocale, QT_TRANSLATE_NOOP

from app.domain.codes import Disposition
from ui.i18n import label

_CTX = "OutcomeMessages"


_RULES: list[tuple[re.Pattern[str], str, Callable[[re.Match[str]], list[str]]]] = [
    (re.compile(r"must be a whole number from 1 to 10, got (.+)$"),
     QT_TRANSLATE_NOOP("OutcomeMessages", "Enter a whole number from 1 to 10 (%1 is not accepted)"),
     lambda m: [m.group(1).strip("'")]),
    (re.compile(r"must be a whole number of days from 0 to (\d+), got (.+)$"),
     QT_TRANSLATE_NOOP("OutcomeMessages", "Enter a whole number of days from 0 to %1 (%2 is not accepted)"),
     lambda m: [m.group(1), m.group(2).strip("'")]),
    (re.compile(r"^required when the member asked for a callback"),
     QT_TRANSLATE_NOOP("OutcomeMessages", "A callback needs the time to call back"), lambda m: []),
    (re.compile(r"^only with disposition 'callback'"),
     QT_TRANSLATE_NOOP("OutcomeMessages", "Only for a callback"), lambda m: []),
    (re.compile(r"^cannot be recorded when the disposition is '(\w+)'"),
     QT_TRANSLATE_NOOP("OutcomeMessages", "Cannot be recorded for \"%1\": the member was not spoken to"),
     lambda m: [label(Disposition, m.group(1))]),
    (re.compile(r"^too long \((\d+) characters, at most (\d+)\)"),
     QT_TRANSLATE_NOOP("OutcomeMessages", "Too long: %1 characters, at most %2"),
     lambda m: [m.group(1), m.group(2)]),
    (re.compile(r"^required; one of"),
     QT_TRANSLATE_NOOP("OutcomeMessages", "Required: choose one"), lambda m: []),
    (re.compile(r"^must be true or false"),
     QT_TRANSLATE_NOOP("OutcomeMessages", "Choose yes or no"), lambda m: []),
    (re.compile(r"is not one of"),
     QT_TRANSLATE_NOOP("OutcomeMessages", "Choose one of the listed options"), lambda m: []),
    (re.compile(r"^must be text"),
     QT_TRANSLATE_NOOP("OutcomeMessages", "Enter text"), lambda m: []),
    (re.compile(r"^only on the re-visit after a resolved ticket"),
     QT_TRANSLATE_NOOP("OutcomeMessages", "Remedies are only for the re-visit after a resolved ticket"),
     lambda m: []),
    # app.domain.limits, the input rule of every door.
    (re.compile(r"^control characters \(such as NUL\) are not allowed"),
     QT_TRANSLATE_NOOP("OutcomeMessages", "Control characters (such as NUL) are not allowed"), lambda m: []),
    (re.compile(r"^text direction override characters are not allowed"),
     QT_TRANSLATE_NOOP("OutcomeMessages", "Text direction override characters are not allowed"), lambda m: []),
    (re.compile(r"^not valid text"),
     QT_TRANSLATE_NOOP("OutcomeMessages", "Not valid text (broken encoding)"), lambda m: []),
    (re.compile(r"^at most (\d+) characters"),
     QT_TRANSLATE_NOOP("OutcomeMessages", "At most %1 characters"), lambda m: [m.group(1)]),
    (re.compile(r"^must be a list of"),
     QT_TRANSLATE_NOOP("OutcomeMessages", "Choose one of the listed options"), lambda m: []),
    (re.compile(r"^callback time must be in the future"),
     QT_TRANSLATE_NOOP("OutcomeMessages", "The callback time must be in the future"), lambda m: []),
    (re.compile(r"^not a local time|^must be a local time"),
     QT_TRANSLATE_NOOP("OutcomeMessages", "Enter a time as YYYY-MM-DD HH:MM"), lambda m: []),
    (re.compile(r"^not a question of the script followed"),
     QT_TRANSLATE_NOOP("OutcomeMessages", "Not a question of this script"), lambda m: []),
    (re.compile(r"^must be whole seconds from 0 to (\d+)"),
     QT_TRANSLATE_NOOP("OutcomeMessages", "Enter whole seconds from 0 to %1"), lambda m: [m.group(1)]),
]
# A door's refusal comes in both languages, "中文 / English" (app.domain.compliance.Refusal).
_BILINGUAL = re.compile(r"^(.*[\u3400-\u9fff].*?) / ([^\u3400-\u9fff]+)$")


def by_rules(rules, context: str, message: str) -> str | None:
    """The first rule's template matching `message`, translated in `context` with the
    rule's values for %1, %2...; None when no rule matches. Every message table uses it."""
    for pattern, template, args in rules:
        found = pattern.search(message)
        if found:
            text = QCoreApplication.translate(context, template)
            for number, value in enumerate(args(found), start=1):
                text = text.replace(f"%{number}", value)
            return text
    return None


def translated(message: str) -> str:
    """`message` from the outcome rules, in the language of the installed translators."""
    text = by_rules(_RULES, _CTX, message)
    if text is not None:
        return text
    both = _BILINGUAL.match(message)
    if both:
        return both.group(2) if QLocale().language() == QLocale.Language.English else both.group(1)
    return message


def translated_all(errors: dict[str, str]) -> dict[str, str]:
    return {key: translated(message) for key, message in errors.items()}
