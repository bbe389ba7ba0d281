"""One signed-in session: its main window, rebuilt when the language is switched at run time.

The windows build their texts, scripts and knowledge base once in the language of their
context; a switch installs the new translators and replaces the window (claims are given
back by the old one as on close, the new one reloads), keeping its size and place. An open
supervisor console and report previews pass to the new window and are retranslated.
"""

import dataclasses
import logging

from PySide6.QtCore import QCoreApplication

from ui.context import AppContext
from ui.i18n import Translations
from ui.settings import LANGUAGE

log = logging.getLogger(__name__)


class Session:
    def __init__(self, ctx: AppContext, translations: Translations, *, team=None) -> None:  # noqa: ANN001
        self.translations = translations
        self.team = team
        self.ctx = dataclasses.replace(ctx, language=translations.language, switch_language=self.switch_language)
        self.window = None

    def open(self):  # noqa: ANN201 - ui.mainwindow.MainWindow, imported late (fast start)
        from ui.mainwindow import MainWindow

        self.window = MainWindow(self.ctx, team=self.team)
        self.window.show()
        self.window.reload()
        return self.window

    def switch_language(self, language: str) -> bool:
        """Switch now; refused (False) while a call is open, so nothing in flight is lost."""
        old = self.window
        if old is not None and old.busy_with_call():
            old.show_known_error(QCoreApplication.translate(
                "Session", "Finish the current call first; the language changes after it."))
            return False
        if not self.translations.switch(language):
            return False
        self.ctx.settings.set(LANGUAGE, self.translations.language)
        self.ctx.settings.sync()
        self.ctx = dataclasses.replace(self.ctx, language=self.translations.language)
        log.info("interface language switched to %s", self.translations.language)
        if old is not None:
            geometry = old.saveGeometry()
            kept = old.hand_over_windows()  # an open console and report previews stay open
            old.close()
            old.deleteLater()
            self.open().restoreGeometry(geometry)
            self.window.adopt_windows(kept)
        return True
