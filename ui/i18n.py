"""Translations: codes -> translated labels, and the translators installed at start.

Codes are stored and spoken as English strings (app.domain.codes); the screen shows a label
in the agent's language. Sources are English; resources/translations/caredesk_<lang>.ts
holds the Chinese, compiled to .qm with pyside6-lrelease (both are committed).
"""

from enum import StrEnum
from typing import TYPE_CHECKING
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator, QT_TRANSLATE_NOOP

from app.domain import codes

if TYPE_CHECKING:
    from app.services.calls.agent_day import AgentDay

TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "resources" / "translations"
SUPPORTED_LANGUAGES = ("zh_CN", "en")
_CTX = "Codes"

_LABELS: dict[type[StrEnum], dict[str, str]] = {
    codes.Role: {
        "agent": QT_TRANSLATE_NOOP("Codes", "Agent"),
        "supervisor": QT_TRANSLATE_NOOP("Codes", "Supervisor"),
        "admin": QT_TRANSLATE_NOOP("Codes", "Administrator"),
    },
    codes.Gender: {"F": QT_TRANSLATE_NOOP("Codes", "Female"), "M": QT_TRANSLATE_NOOP("Codes", "Male")},
    codes.Tier: {
        "standard": QT_TRANSLATE_NOOP("Codes", "Standard"),
        "silver": QT_TRANSLATE_NOOP("Codes", "Silver"),
        "gold": QT_TRANSLATE_NOOP("Codes", "Gold"),
        "diamond": QT_TRANSLATE_NOOP("Codes", "Diamond"),
    },
    codes.Channel: {
        "phone": QT_TRANSLATE_NOOP("Codes", "Phone"),
        "sms": QT_TRANSLATE_NOOP("Codes", "SMS"),
        "email": QT_TRANSLATE_NOOP("Codes", "Email"),
        "wechat": QT_TRANSLATE_NOOP("Codes", "WeChat"),
    },
    codes.SalesChannel: {
        "store": QT_TRANSLATE_NOOP("Codes", "Store"),
        "app": QT_TRANSLATE_NOOP("Codes", "App"),
        "tmall": QT_TRANSLATE_NOOP("Codes", "Tmall"),
        "jd": QT_TRANSLATE_NOOP("Codes", "JD"),
        "wechat": QT_TRANSLATE_NOOP("Codes", "WeChat"),
        "phone": QT_TRANSLATE_NOOP("Codes", "Phone"),
    },
    codes.ProductCategory: {
        "fish_oil": QT_TRANSLATE_NOOP("Codes", "Fish oil"),
        "vitamins": QT_TRANSLATE_NOOP("Codes", "Vitamins"),
        "protein_powder": QT_TRANSLATE_NOOP("Codes", "Protein powder"),
        "probiotics": QT_TRANSLATE_NOOP("Codes", "Probiotics"),
        "infant_formula": QT_TRANSLATE_NOOP("Codes", "Infant formula"),
        "baby_food": QT_TRANSLATE_NOOP("Codes", "Baby food"),
        "other": QT_TRANSLATE_NOOP("Codes", "Other"),
    },
    codes.LifecycleStage: {
        "new": QT_TRANSLATE_NOOP("Codes", "New customer"),
        "stable": QT_TRANSLATE_NOOP("Codes", "Stable"),
        "churn_warning": QT_TRANSLATE_NOOP("Codes", "Churn warning"),
        "lost": QT_TRANSLATE_NOOP("Codes", "Lost"),
    },
    codes.BabyStage: {
        "trying_to_conceive": QT_TRANSLATE_NOOP("Codes", "Trying to conceive"),
        "pregnancy": QT_TRANSLATE_NOOP("Codes", "Pregnancy"),
        "0_6_months": QT_TRANSLATE_NOOP("Codes", "0-6 months"),
        "6_12_months": QT_TRANSLATE_NOOP("Codes", "6-12 months"),
        "complementary_food": QT_TRANSLATE_NOOP("Codes", "Complementary food"),
    },
    codes.TaskReason: {
        "refill": QT_TRANSLATE_NOOP("Codes", "Refill"),
        "effect_check": QT_TRANSLATE_NOOP("Codes", "Effect check"),
        "delivery_survey": QT_TRANSLATE_NOOP("Codes", "Delivery survey"),
        "churn_risk": QT_TRANSLATE_NOOP("Codes", "Churn risk"),
        "revisit": QT_TRANSLATE_NOOP("Codes", "Re-visit"),
        "cadence": QT_TRANSLATE_NOOP("Codes", "Cadence"),
        "care_moment": QT_TRANSLATE_NOOP("Codes", "Care moment"),
        "callback": QT_TRANSLATE_NOOP("Codes", "Callback"),
        "new_customer": QT_TRANSLATE_NOOP("Codes", "New customer"),
    },
    codes.TaskStatus: {
        "open": QT_TRANSLATE_NOOP("Codes", "Open"),
        "claimed": QT_TRANSLATE_NOOP("Codes", "Claimed"),
        "done": QT_TRANSLATE_NOOP("Codes", "Done"),
        "unreached": QT_TRANSLATE_NOOP("Codes", "Unreached"),
        "cancelled": QT_TRANSLATE_NOOP("Codes", "Cancelled"),
    },
    codes.Disposition: {
        "reached": QT_TRANSLATE_NOOP("Codes", "Reached"),
        "no_answer": QT_TRANSLATE_NOOP("Codes", "No answer"),
        "busy": QT_TRANSLATE_NOOP("Codes", "Busy"),
        "wrong_number": QT_TRANSLATE_NOOP("Codes", "Wrong number"),
        "refused": QT_TRANSLATE_NOOP("Codes", "Refused"),
        "callback": QT_TRANSLATE_NOOP("Codes", "Callback requested"),
        "do_not_call": QT_TRANSLATE_NOOP("Codes", "Do not call"),
    },
    codes.Adherence: {
        "as_directed": QT_TRANSLATE_NOOP("Codes", "As directed"),
        "irregular": QT_TRANSLATE_NOOP("Codes", "Irregular"),
        "stopped": QT_TRANSLATE_NOOP("Codes", "Stopped"),
    },
    codes.AdverseReaction: {
        "none": QT_TRANSLATE_NOOP("Codes", "None"),
        "mild": QT_TRANSLATE_NOOP("Codes", "Mild"),
        "severe": QT_TRANSLATE_NOOP("Codes", "Severe"),
    },
    codes.ComplaintCategory: {
        "quality": QT_TRANSLATE_NOOP("Codes", "Product quality"),
        "usage": QT_TRANSLATE_NOOP("Codes", "Usage method"),
        "logistics": QT_TRANSLATE_NOOP("Codes", "Logistics"),
        "service": QT_TRANSLATE_NOOP("Codes", "Service attitude"),
        "stock_out": QT_TRANSLATE_NOOP("Codes", "Stock-out"),
        "counterfeit": QT_TRANSLATE_NOOP("Codes", "Suspected counterfeit"),
        # Not a complaint the agent picks, but a ticket category the call service opens.
        "adverse_reaction": QT_TRANSLATE_NOOP("Codes", "Adverse reaction"),
    },
    codes.Severity: {
        "urgent": QT_TRANSLATE_NOOP("Codes", "Urgent"),
        "normal": QT_TRANSLATE_NOOP("Codes", "Normal"),
    },
    codes.Department: {
        "quality": QT_TRANSLATE_NOOP("Codes", "Quality"),
        "logistics": QT_TRANSLATE_NOOP("Codes", "Logistics"),
        "service": QT_TRANSLATE_NOOP("Codes", "Customer service"),
        "supply_chain": QT_TRANSLATE_NOOP("Codes", "Supply chain"),
        "technology": QT_TRANSLATE_NOOP("Codes", "Technology"),
        "medical": QT_TRANSLATE_NOOP("Codes", "Medical"),
        "special_team": QT_TRANSLATE_NOOP("Codes", "Special team (48 h)"),
    },
    codes.Remedy: {
        "reship": QT_TRANSLATE_NOOP("Codes", "Reship the product"),
        "points": QT_TRANSLATE_NOOP("Codes", "Compensation points"),
        "ticket": QT_TRANSLATE_NOOP("Codes", "New ticket to the special team (48 h)"),
    },
    codes.TicketStatus: {
        "open": QT_TRANSLATE_NOOP("Codes", "Open"),
        "assigned": QT_TRANSLATE_NOOP("Codes", "Assigned"),
        "escalated": QT_TRANSLATE_NOOP("Codes", "Escalated"),
        "resolved": QT_TRANSLATE_NOOP("Codes", "Resolved"),
    },
    codes.EffectDimension: {
        "energy": QT_TRANSLATE_NOOP("Codes", "Energy"),
        "sleep": QT_TRANSLATE_NOOP("Codes", "Sleep"),
        "mood": QT_TRANSLATE_NOOP("Codes", "Mood"),
        "digestion": QT_TRANSLATE_NOOP("Codes", "Digestion"),
        "exercise": QT_TRANSLATE_NOOP("Codes", "Exercise performance"),
        "immunity": QT_TRANSLATE_NOOP("Codes", "Immunity"),
        "skin": QT_TRANSLATE_NOOP("Codes", "Skin"),
        "baby_growth": QT_TRANSLATE_NOOP("Codes", "Baby growth"),
    },
}


def label(kind: type[StrEnum], code: str | None) -> str:
    """The translated label of `code` of enum `kind`; unknown codes show as themselves."""
    if code is None or code == "":
        return ""
    source = _LABELS.get(kind, {}).get(str(code))
    return QCoreApplication.translate(_CTX, source) if source else str(code)


def labels(kind: type[StrEnum]) -> list[tuple[str, str]]:
    """(code, label) pairs in the enum's order, for combo boxes."""
    return [(member.value, label(kind, member.value)) for member in kind]


_HOLIDAY_TEXT = {
    "new_year": QT_TRANSLATE_NOOP("Holidays", "New Year's Day"),
    "spring_festival": QT_TRANSLATE_NOOP("Holidays", "Spring Festival"),
    "tomb_sweeping": QT_TRANSLATE_NOOP("Holidays", "Tomb-Sweeping Day"),
    "labor_day": QT_TRANSLATE_NOOP("Holidays", "Labour Day"),
    "dragon_boat": QT_TRANSLATE_NOOP("Holidays", "Dragon Boat Festival"),
    "mid_autumn": QT_TRANSLATE_NOOP("Holidays", "Mid-Autumn Festival"),
    "national_day": QT_TRANSLATE_NOOP("Holidays", "National Day"),
}


def holiday_label(code: str) -> str:
    source = _HOLIDAY_TEXT.get(code)
    return QCoreApplication.translate("Holidays", source) if source else code


def day_note(day: "AgentDay") -> str:
    """' · National Day (no calls today)' and the like for the agent's status bar; '' on plain days."""
    info = day.day
    if info is None:
        return ""
    if info.holiday:
        text = holiday_label(info.holiday)
        if day.no_call_today:
            text = QCoreApplication.translate("Holidays", "%1 (no calls today)").replace("%1", text)
        return " · " + text
    if info.makeup_workday:
        return " · " + QCoreApplication.translate("Holidays", "Make-up working day")
    return ""


def resolve_language(preferred: str = "") -> str:
    """The language to use: the setting or --lang if given, else the system's, else Chinese."""
    if preferred:
        normalized = preferred.replace("-", "_")
        if normalized in SUPPORTED_LANGUAGES:
            return normalized
        if normalized.lower().startswith("zh"):
            return "zh_CN"
        if normalized.lower().startswith("en"):
            return "en"
    system = QLocale.system().name()
    if system.startswith("en"):
        return "en"
    return "zh_CN"


class Translations:
    """The installed translators of the running app, switchable at run time.

    Installing a translator makes Qt send LanguageChange to every widget; windows that build
    their texts once are rebuilt by ui.main.Session instead (scripts and the knowledge base
    follow the language too).
    """

    def __init__(self, app: QCoreApplication, language: str) -> None:
        self._app = app
        self.language = language
        self._installed = install_translators(app, language)

    def switch(self, language: str) -> bool:
        """Use `language` from now on; False when it is already the one in use."""
        language = resolve_language(language)
        if language == self.language:
            return False
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed = install_translators(self._app, language)
        self.language = language
        return True


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load CareDesk's and Qt's own translations (standard buttons) for `language`.

    The translators are returned so the caller keeps them alive (Qt does not own them).
    """
    installed: list[QTranslator] = []
    QLocale.setDefault(QLocale(language))
    own = QTranslator(app)  # English needs it too, for plural forms ("1 member", "2 members")
    if own.load(str(TRANSLATIONS_DIR / f"caredesk_{language}.qm")):
        app.installTranslator(own)
        installed.append(own)
    if language == "en":
        return installed
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_base = QTranslator(app)
    if qt_base.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt_base)
        installed.append(qt_base)
    return installed
