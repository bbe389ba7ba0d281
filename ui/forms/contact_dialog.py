"""A member's contact preferences and consent, edited by agents and supervisors through
app.services.members (versioned: a newer change by someone else is never overwritten)."""

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from app.domain.codes import Channel
from app.services.members import ContactPreferences, load_contact_preferences, save_contact_preferences
from ui.context import AppContext
from ui.forms.versioned_dialog import VersionedFormDialog
from ui.i18n import label


class ContactPreferencesDialog(VersionedFormDialog):
    def __init__(self, ctx: AppContext, member_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.member_id = member_id
        self.setObjectName("contact_preferences_dialog")
        self.setWindowTitle(self.tr("Contact preferences and consent"))
        self.channel = QComboBox(self)
        for channel in Channel:
            self.channel.addItem(label(Channel, channel), channel.value)
        self.best_times = QLineEdit(self)
        self.best_times.setPlaceholderText(self.tr("e.g. 12:00-13:30;19:00-21:00"))
        self.language = QComboBox(self)
        self.language.addItem(self.tr("Chinese"), "zh")
        self.language.addItem(self.tr("English"), "en")
        self.consent = QCheckBox(self.tr("Agrees to care calls"), self)
        self.do_not_call = QCheckBox(self.tr("Do not call"), self)
        self.phone_alt = QLineEdit(self)
        self.email = QLineEdit(self)
        self.wechat = QLineEdit(self)
        for name, title, widget in (
            ("preferred_channel", self.tr("Preferred channel"), self.channel),
            ("best_times", self.tr("Best times"), self.best_times),
            ("language", self.tr("Language"), self.language),
            ("consent", self.tr("Consent"), self.consent),
            ("do_not_call", self.tr("Do-not-call"), self.do_not_call),
            ("phone_alt_e164", self.tr("Second phone"), self.phone_alt),
            ("email", self.tr("E-mail"), self.email),
            ("wechat_id", self.tr("WeChat"), self.wechat),
        ):
            self.add_field(name, title, widget)

    def load(self) -> ContactPreferences:
        return load_contact_preferences(self._ctx.db, self._ctx.actor, self._ctx.clock, self.member_id)

    def save(self, version: int, **values: Any) -> ContactPreferences:
        return save_contact_preferences(self._ctx.db, self._ctx.actor, self._ctx.clock, self.member_id,
                                        version=version, **values)

    def fill(self, prefs: ContactPreferences) -> None:
        self.channel.setCurrentIndex(max(0, self.channel.findData(prefs.preferred_channel)))
        self.best_times.setText(prefs.best_times or "")
        self.language.setCurrentIndex(max(0, self.language.findData(prefs.language)))
        self.consent.setChecked(bool(prefs.consent))
        self.do_not_call.setChecked(bool(prefs.do_not_call))
        # The second number is shown masked; an empty field keeps it, a new number replaces it.
        self.phone_alt.clear()
        self.phone_alt.setPlaceholderText(self.tr("unchanged") if prefs.phone_alt_e164 else "")
        self.email.setText(prefs.email or "")
        self.wechat.setText(prefs.wechat_id or "")

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "preferred_channel": self.channel.currentData(), "best_times": self.best_times.text().strip(),
            "language": self.language.currentData(), "consent": self.consent.isChecked(),
            "do_not_call": self.do_not_call.isChecked(), "email": self.email.text().strip() or None,
            "wechat_id": self.wechat.text().strip() or None,
        }
        if self.phone_alt.text().strip():
            values["phone_alt_e164"] = self.phone_alt.text().strip()
        return values
