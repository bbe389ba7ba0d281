"""The programme services' refusals in the screen's language.

app.services.loyalty refuses in English (the CLI prints it as it is); the bar shows the
same refusal translated. A message this table does not know is shown as written.
"""

import re
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP

from ui.call.messages import by_rules

_CTX = "ProgrammeMessages"

_RULES: list[tuple[re.Pattern[str], str, Callable[[re.Match[str]], list[str]]]] = [
    (re.compile(r"needs (\d+) points, the balance is (\d+)"),
     QT_TRANSLATE_NOOP("ProgrammeMessages", "Not enough points: this needs %1, the balance is %2"),
     lambda m: [m.group(1), m.group(2)]),
    (re.compile(r"cannot refer themselves"),
     QT_TRANSLATE_NOOP("ProgrammeMessages", "A member cannot refer themselves (the same member or the same phone)"),
     lambda m: []),
    (re.compile(r"was referred already"),
     QT_TRANSLATE_NOOP("ProgrammeMessages", "This customer was referred already"), lambda m: []),
    (re.compile(r"a loop"),
     QT_TRANSLATE_NOOP("ProgrammeMessages", "Refused: the new customer is among this member's own referrers"),
     lambda m: []),
    (re.compile(r"has ordered before"),
     QT_TRANSLATE_NOOP("ProgrammeMessages", "Only new customers can be referred: this one has ordered before"),
     lambda m: []),
]


def translated(message: str) -> str:
    """`message` from the programme services, in the language of the installed translators."""
    text = by_rules(_RULES, _CTX, message)
    return text if text is not None else message
