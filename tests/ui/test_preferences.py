"""Declared settings round-trip through the Settings dialog and QSettings."""

from PySide6.QtWidgets import QComboBox, QSpinBox

from ui.settings import AFTER_CALL_MODE, AFTER_CALL_SECONDS, LANGUAGE, Settings
from ui.settings_dialog import SettingsDialog


def test_preferences_are_saved_and_read_back(qtbot, seeded, make_ctx):
    ctx = make_ctx(seeded.agent)
    settings = ctx.settings
    assert settings.get(AFTER_CALL_MODE) == "optional" and settings.get(AFTER_CALL_SECONDS) == 60
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    mode: QComboBox = dialog.editors[AFTER_CALL_MODE.key]
    mode.setCurrentIndex(mode.findData("timeboxed"))
    seconds: QSpinBox = dialog.editors[AFTER_CALL_SECONDS.key]
    seconds.setValue(90)
    language: QComboBox = dialog.language  # the language has its own editor: it applies at once
    language.setCurrentIndex(language.findData("en"))
    dialog.accept()

    again = Settings()  # a new QSettings on the same file, as at the next start
    assert again.get(AFTER_CALL_MODE) == "timeboxed"
    assert again.get(AFTER_CALL_SECONDS) == 90
    assert again.get(LANGUAGE) == "en"
