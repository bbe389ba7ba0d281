"""The edit forms' field messages in the screen's language.

The member and ticket services refuse in English (the CLI prints it as it is); the forms
show the same refusal translated. The text rules every door shares (length, control
characters) and the doors' bilingual refusals are ui.call.messages'; a message neither
table knows is shown as written, so a new rule is never silent.
"""

import re
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP

from ui.call import messages as call_messages
from ui.call.messages import by_rules

_CTX = "FormMessages"

_RULES: list[tuple[re.Pattern[str], str, Callable[[re.Match[str]], list[str]]]] = [
    # app.domain.windows.parse_slots
    (re.compile(r"^not a time slot HH:MM-HH:MM: '?(.*?)'?$"),
     QT_TRANSLATE_NOOP("FormMessages", "Enter times as HH:MM-HH:MM, several separated by ; (%1 is not one)"),
     lambda m: [m.group(1)]),
    # app.domain.phone.normalize_phone
    (re.compile(r"^phone number is empty"),
     QT_TRANSLATE_NOOP("FormMessages", "Enter a phone number"), lambda m: []),
    (re.compile(r"^not a (?:valid )?phone number: '?(.*?)'?$"),
     QT_TRANSLATE_NOOP("FormMessages", "%1 is not a phone number"), lambda m: [m.group(1)]),
    # app.services.members.edit, app.services.tickets.edit
    (re.compile(r"^one of "),
     QT_TRANSLATE_NOOP("FormMessages", "Choose one of the listed options"), lambda m: []),
    (re.compile(r"^true or false"),
     QT_TRANSLATE_NOOP("FormMessages", "Choose yes or no"), lambda m: []),
    (re.compile(r"^the ticket is resolved"),
     QT_TRANSLATE_NOOP("FormMessages", "The ticket is resolved: its severity stays as it was"), lambda m: []),
]


def translated(message: str) -> str:
    """`message` from an edit service, in the language of the installed translators."""
    text = by_rules(_RULES, _CTX, message)
    return text if text is not None else call_messages.translated(message)
