"""Settings in one dialog: language (applied at once), the database (the connection dialog,
reused), the telephony account, and the report brand (centre-wide, in the database: admins
edit it, others see it; ui/reports/brand_page.py). Administrators get pages added by
`add_admin_page` (calling hours, contact cap and gap, no-call holidays: queue settings that
move into the database; the lead wires that page there)."""

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton,
    QSpinBox, QTabWidget, QVBoxLayout, QWidget,
)

from app.services.users import Permission
from ui.context import AppContext
from ui.reports.brand_page import BrandPage
from ui.settings import (
    AFTER_CALL_MODE, AFTER_CALL_SECONDS, LANGUAGE, QUEUE_REFRESH_SECONDS, SIP_USER, CHOICE_TEXT, PHONE_OPTIONS,
    Option,
)
from ui.telephony.setup import store_sip_password

_LANGUAGES = (("zh_CN", "中文（简体）"), ("en", "English"))  # each in its own language


class SettingsDialog(QDialog):
    """One place for a workstation's settings; OK saves them, the language applies at once."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._settings = ctx.settings
        self.editors: dict[str, QWidget] = {}
        self._options: dict[str, Option[Any]] = {}
        self.setWindowTitle(self.tr("Settings"))
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settings_tabs")
        self.tabs.addTab(self._general(), self.tr("General"))
        self.tabs.addTab(self._database(), self.tr("Database"))
        self.tabs.addTab(self._form(PHONE_OPTIONS, extra=self._sip_password()), self.tr("Telephony"))
        self.brand = BrandPage(ctx, self)
        self.tabs.addTab(self.brand, self.tr("Reports"))
        self.brand.start()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

    # --- pages ------------------------------------------------------------------------

    def add_admin_page(self, title: str, page: QWidget) -> bool:
        """Hook for administrator pages (queue rules); shown to administrators only."""
        if not self._ctx.actor.may(Permission.ADMINISTER):
            return False
        self.tabs.addTab(page, title)
        return True

    def _general(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        combo = QComboBox(page)
        combo.setObjectName("settings_language")
        for code, text in _LANGUAGES:
            combo.addItem(text, code)
        combo.setCurrentIndex(max(0, combo.findData(self._ctx.language)))
        self.language = combo
        form.addRow(self.tr("Language"), combo)
        for option in (AFTER_CALL_MODE, AFTER_CALL_SECONDS, QUEUE_REFRESH_SECONDS):
            form.addRow(option.label(), self._editor(option, page))
        return page

    def _database(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        db = self._ctx.db
        where = (self.tr("Embedded database on this computer") if db.is_embedded
                 else self.tr("Server: %1").replace("%1", db.engine.url.render_as_string(hide_password=True)))
        layout.addWidget(QLabel(where, page))
        button = QPushButton(self.tr("Server connection and test..."), page)
        button.setObjectName("settings_connection")
        button.clicked.connect(self._connection)
        layout.addWidget(button)
        layout.addStretch(1)
        return page

    def _connection(self) -> None:
        from ui.connection.settings_dialog import ConnectionDialog

        ConnectionDialog(self._settings, self._ctx.runner, parent=self).exec()

    def _sip_password(self) -> tuple[str, QWidget]:
        edit = QLineEdit(self)
        edit.setObjectName("settings_sip_password")
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setPlaceholderText(self.tr("kept in the system keyring"))
        self.sip_password = edit
        return self.tr("SIP password"), edit

    def _form(self, options: tuple[Option[Any], ...], *, extra: tuple[str, QWidget] | None = None) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        for option in options:
            form.addRow(option.label(), self._editor(option, page))
            if extra is not None and option is SIP_USER:
                form.addRow(*extra)
        return page

    def _editor(self, option: Option[Any], parent: QWidget) -> QWidget:
        value = self._settings.get(option)
        if option.choices:
            combo = QComboBox(parent)
            for code in option.choices:
                combo.addItem(QCoreApplication.translate("Preferences", CHOICE_TEXT.get(code, code)), code)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            editor: QWidget = combo
        elif option.type is bool:
            check = QCheckBox(parent)
            check.setChecked(bool(value))
            editor = check
        elif option.type is int:
            spin = QSpinBox(parent)
            spin.setRange(1, 3600)
            spin.setValue(int(value))
            editor = spin
        else:
            editor = QLineEdit(str(value), parent)
        editor.setObjectName("settings_" + option.key.replace("/", "_"))
        self.editors[option.key] = editor
        self._options[option.key] = option
        return editor

    # --- saving -----------------------------------------------------------------------

    def accept(self) -> None:
        """Saves this workstation's options; with a changed brand, closes once the server took it
        (a refusal keeps the dialog open on the Reports tab, saying why)."""
        self._save_local()
        if self.brand.has_changes():
            self.tabs.setCurrentWidget(self.brand)
            self.brand.save(on_done=self._close_and_apply)
        else:
            self._close_and_apply()

    def _save_local(self) -> None:
        for key, editor in self.editors.items():
            option = self._options[key]
            if isinstance(editor, QComboBox):
                self._settings.set(option, editor.currentData())
            elif isinstance(editor, QCheckBox):
                self._settings.set(option, editor.isChecked())
            elif isinstance(editor, QSpinBox):
                self._settings.set(option, editor.value())
            elif isinstance(editor, QLineEdit):
                self._settings.set(option, editor.text().strip())
        # Under user@host, where the phone reads it; without a keyring it is not stored at all.
        store_sip_password(self._settings, self.sip_password.text())
        self._settings.set(LANGUAGE, self.language.currentData())
        self._settings.sync()

    def _close_and_apply(self) -> None:
        language = self.language.currentData()
        super().accept()
        if language != self._ctx.language and self._ctx.switch_language is not None:
            self._ctx.switch_language(language)

