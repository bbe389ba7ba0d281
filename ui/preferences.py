"""The preferences dialog, generated from the declared options of ui/settings.py."""

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

from ui.settings import ALL_OPTIONS, Option, Settings

# How a choice reads in the dialog (the stored value stays the code).
_CHOICE_TEXT = {
    "": QT_TRANSLATE_NOOP("Preferences", "System default"),
    "zh_CN": QT_TRANSLATE_NOOP("Preferences", "Chinese (Simplified)"),
    "en": QT_TRANSLATE_NOOP("Preferences", "English"),
    "optional": QT_TRANSLATE_NOOP("Preferences", "Optional (counts up)"),
    "timeboxed": QT_TRANSLATE_NOOP("Preferences", "Time-boxed (form must be done in time)"),
}


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self._settings = settings
        self.editors: dict[str, QWidget] = {}
        form = QFormLayout(self)
        for option in ALL_OPTIONS:
            editor = self._editor(option)
            editor.setObjectName(f"pref_{option.key.replace('/', '_')}")
            self.editors[option.key] = editor
            form.addRow(option.label(), editor)
        form.addRow(QLabel(self.tr("Language and layout changes apply from the next start."), self))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _editor(self, option: Option[Any]) -> QWidget:
        value = self._settings.get(option)
        if option.choices:
            combo = QComboBox(self)
            for code in option.choices:
                combo.addItem(QCoreApplication.translate("Preferences", _CHOICE_TEXT.get(code, code)), code)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            return combo
        if option.type is int:
            spin = QSpinBox(self)
            spin.setRange(1, 3600)
            spin.setValue(int(value))
            return spin
        return QLineEdit(str(value), self)

    def accept(self) -> None:
        for option in ALL_OPTIONS:
            editor = self.editors[option.key]
            if isinstance(editor, QComboBox):
                self._settings.set(option, editor.currentData())
            elif isinstance(editor, QSpinBox):
                self._settings.set(option, editor.value())
            elif isinstance(editor, QLineEdit):
                self._settings.set(option, editor.text().strip())
        self._settings.sync()
        super().accept()
