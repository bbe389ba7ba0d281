"""The centre's security settings: sign-in lockout and how long call notes are kept.

The "security" section of the centre-wide settings (app.services.settings); admins change
it with `caredesk-admin settings set security KEY=VALUE`.
"""

from dataclasses import dataclass
from datetime import timedelta

from app.domain.settings_values import SettingError


@dataclass(frozen=True)
class SecuritySettings:
    max_failures: int = 5  # failed sign-ins in a row that lock the typed name
    lock_for: timedelta = timedelta(minutes=15)
    call_notes_retention_days: int = 0  # 0: notes are kept; else cleared after this many days (PIPL)


DEFAULT_SECURITY = SecuritySettings()


def check_security(s: SecuritySettings) -> None:
    if not 1 <= s.max_failures <= 100:
        raise SettingError("max_failures must be 1 to 100")
    if not timedelta(minutes=1) <= s.lock_for <= timedelta(days=1):
        raise SettingError("lock_for must be 1m to 1d")
    if not 0 <= s.call_notes_retention_days <= 36500:
        raise SettingError("call_notes_retention_days must be 0 (keep) to 36500")
