"""Declared settings round-trip through the generated preferences dialog and QSettings."""

from PySide6.QtWidgets import QComboBox, QSpinBox

from ui.preferences import PreferencesDialog
from ui.settings import AFTER_CALL_MODE, AFTER_CALL_SECONDS, LANGUAGE, Settings


def test_preferences_are_saved_and_read_back(qtbot):
    settings = Settings()
    assert settings.get(AFTER_CALL_MODE) == "optional" and settings.get(AFTER_CALL_SECONDS) == 60
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    mode: QComboBox = dialog.editors[AFTER_CALL_MODE.key]
    mode.setCurrentIndex(mode.findData("timeboxed"))
    seconds: QSpinBox = dialog.editors[AFTER_CALL_SECONDS.key]
    seconds.setValue(90)
    language: QComboBox = dialog.editors[LANGUAGE.key]
    language.setCurrentIndex(language.findData("en"))
    dialog.accept()

    again = Settings()  # a new QSettings on the same file, as at the next start
    assert again.get(AFTER_CALL_MODE) == "timeboxed"
    assert again.get(AFTER_CALL_SECONDS) == 90
    assert again.get(LANGUAGE) == "en"
