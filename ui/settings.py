"""Declared settings over QSettings: each option once, with its type, default and title.

Only ui/ touches QSettings (STYLE.md pattern 7). The file lives in the user data folder
(an INI file), so CAREDESK_DATA_DIR moves it with the database and tests stay isolated.
Window layout (geometry, splitters, header states) is stored beside the options.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QSplitter

from app.config import data_dir
from app.domain.telephony import DEFAULT_NO_ANSWER_SECONDS

T = TypeVar("T", bool, int, str)


@dataclass(frozen=True)
class Option(Generic[T]):
    key: str
    type: type
    default: T
    title: str  # marked for translation; shown through `Option.label()`
    choices: tuple[str, ...] = ()  # the allowed values of a text option, if it is a choice

    def label(self) -> str:
        return QCoreApplication.translate("Settings", self.title)


LANGUAGE = Option[str]("general/language", str, "", QT_TRANSLATE_NOOP("Settings", "Language (empty: system)"),
                       ("", "zh_CN", "en"))
AFTER_CALL_MODE = Option[str](
    "calls/after_call_mode", str, "optional",
    QT_TRANSLATE_NOOP("Settings", "After-call work: optional or time-boxed"), ("optional", "timeboxed"),
)
AFTER_CALL_SECONDS = Option[int](
    "calls/after_call_seconds", int, 60, QT_TRANSLATE_NOOP("Settings", "After-call work time box (seconds)"),
)
QUEUE_REFRESH_SECONDS = Option[int](
    "queue/refresh_seconds", int, 15, QT_TRANSLATE_NOOP("Settings", "Queue refresh interval (seconds)"),
)
ALL_OPTIONS: tuple[Option[Any], ...] = (LANGUAGE, AFTER_CALL_MODE, AFTER_CALL_SECONDS, QUEUE_REFRESH_SECONDS)

# The telephony account of this workstation (the password is in the system keyring, see
# ui.telephony.setup); CAREDESK_SIP_TRUNK overrides the trunk.
SIP_USER = Option[str]("phone/sip_user", str, "",
                       QT_TRANSLATE_NOOP("Settings", "SIP user (empty: hand calls to the system's phone app)"))
SIP_DOMAIN = Option[str]("phone/sip_domain", str, "", QT_TRANSLATE_NOOP("Settings", "SIP registrar or trunk host"))
SIP_TRUNK = Option[str]("phone/sip_trunk", str, "",
                        QT_TRANSLATE_NOOP("Settings", "SIP trunk HOST:PORT calls go to (empty: the registrar)"))
SIP_REGISTER = Option[bool]("phone/sip_register", bool, True, QT_TRANSLATE_NOOP("Settings", "Register with the SIP server"))
NO_ANSWER_SECONDS = Option[int]("phone/no_answer_seconds", int, int(DEFAULT_NO_ANSWER_SECONDS),
                                QT_TRANSLATE_NOOP("Settings", "Hang up a call still ringing after (seconds)"))
PHONE_OPTIONS: tuple[Option[Any], ...] = (SIP_USER, SIP_DOMAIN, SIP_TRUNK, SIP_REGISTER, NO_ANSWER_SECONDS)
# The report brand is centre-wide, not a workstation option: the "brand" settings section
# in the database (app.services.settings.show_brand / update_brand).


def settings_path() -> Path:
    return data_dir() / "caredesk.ini"


class Settings:
    """Typed access to the declared options and to saved window layout."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._q = qsettings or QSettings(str(settings_path()), QSettings.Format.IniFormat)

    def get(self, option: Option[T]) -> T:
        raw = self._q.value(option.key, option.default)
        if raw is None:
            return option.default
        if option.type is bool:
            if isinstance(raw, str):
                return raw.lower() in ("1", "true", "yes")  # type: ignore[return-value]
            return bool(raw)  # type: ignore[return-value]
        try:
            return option.type(raw)  # type: ignore[no-any-return]
        except (TypeError, ValueError):
            return option.default

    def set(self, option: Option[T], value: T) -> None:
        self._q.setValue(option.key, value)

    # --- layout -----------------------------------------------------------------------

    def layout(self, name: str) -> QByteArray | None:
        value = self._q.value(f"layout/{name}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_layout(self, name: str, state: QByteArray) -> None:
        self._q.setValue(f"layout/{name}", state)

    def restore_splitter(self, name: str, splitter: QSplitter, default_sizes: list[int]) -> None:
        state = self.layout(name)
        if state is None or not splitter.restoreState(state):
            splitter.setSizes(default_sizes)

    def save_splitter(self, name: str, splitter: QSplitter) -> None:
        self.set_layout(name, splitter.saveState())

    def sync(self) -> None:
        self._q.sync()


# How a choice reads in the Settings dialog (the stored value stays the code).
CHOICE_TEXT = {
    "": QT_TRANSLATE_NOOP("Preferences", "System default"),
    "zh_CN": QT_TRANSLATE_NOOP("Preferences", "Chinese (Simplified)"),
    "en": QT_TRANSLATE_NOOP("Preferences", "English"),
    "optional": QT_TRANSLATE_NOOP("Preferences", "Optional (counts up)"),
    "timeboxed": QT_TRANSLATE_NOOP("Preferences", "Time-boxed (form must be done in time)"),
}
