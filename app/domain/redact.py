"""What must never reach a log file or a crash report: phone numbers, health data and
passwords. One scrubber for the log handler, the crash dialog and the CLI alike."""

import re

REDACTED = "[redacted]"
PHONE = "[phone]"

# Credentials inside URLs (postgresql://user:secret@host) keep the user, lose the secret.
_URL_SECRET = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]+:)[^@\s]+@", re.IGNORECASE)
# key=value / key: value / "key": "value" for secrets and health fields, in English and Chinese.
_KEYS = (r"pass(?:word|wd)?|pwd|secret|token|api[_-]?key|口令|密码"
         r"|allerg\w*|conditions?|constitution|health\w*|indicators?|hemoglobin|diagnos\w*|pregnan\w*"
         r"|baby_stage|medical\w*|symptoms?|过敏\w*|病史|体质|健康\w*|指标|诊断|孕\w*")
_KEYED = re.compile(
    rf"(?P<key>['\"]?(?:{_KEYS})['\"]?\s*[=:：]\s*)"
    r"(?P<value>'[^']*'|\"[^\"]*\"|\[[^\]]*\]|\{{[^}}]*\}}|[^,;\s)}}\]]+)",
    re.IGNORECASE,
)
# SQLAlchemy puts the statement's bound values into its error text; they may be anything.
_SQL_PARAMS = re.compile(r"\[parameters: .*?\](?=\s*(?:\n|\(Background|$))", re.DOTALL)
# Any bare run of 7 or more digits could be a phone number or a part of one (the matcher
# below finds the written forms with spaces, dashes and brackets, and skips dates).
_DIGITS = re.compile(r"(?<!\d)\+?\d{7,}(?!\d)")


def scrub(text: str) -> str:
    """`text` with secrets, health values and phone numbers replaced by placeholders."""
    if not text:
        return text
    text = _URL_SECRET.sub(lambda m: m.group("head") + "***@", text)
    text = _SQL_PARAMS.sub(f"[parameters: {REDACTED}]", text)
    text = _KEYED.sub(lambda m: m.group("key") + REDACTED, text)
    import phonenumbers  # 60 ms to import: only when something is written

    found = list(phonenumbers.PhoneNumberMatcher(text, "CN", leniency=phonenumbers.Leniency.POSSIBLE))
    for match in reversed(found):
        if sum(ch.isdigit() for ch in match.raw_string) < 7:
            continue  # ports, ids and line numbers, too short to reach anyone
        text = text[:match.start] + PHONE + text[match.end:]
    return _DIGITS.sub(PHONE, text)
