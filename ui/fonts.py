"""The fonts CareDesk ships (resources/fonts) registered with Qt at start, so Chinese and
emoji render on a machine that has neither (Windows without the Chinese language pack,
slim Linux images). Registering both takes a few milliseconds."""

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)
FONTS_DIR = Path(__file__).resolve().parents[1] / "resources" / "fonts"
CJK_FILE = "wqy-microhei.ttc"
EMOJI_FILE = "NotoColorEmoji.ttf"


def install_app_fonts(app: QApplication) -> list[str]:
    """Register the shipped fonts and put them behind the system font as fallbacks.

    The system's own UI font stays first (it looks native); Chinese and emoji it lacks are
    drawn from the shipped files. Returns the families added.
    """
    added: list[str] = []
    for name in (CJK_FILE, EMOJI_FILE):
        font_id = QFontDatabase.addApplicationFont(str(FONTS_DIR / name))
        if font_id < 0:
            log.warning("could not load the shipped font %s", FONTS_DIR / name)
            continue
        families = QFontDatabase.applicationFontFamilies(font_id)
        added.append(families[0])
    emoji = [f for f in added if "Emoji" in f]
    if emoji:
        QFontDatabase.setApplicationEmojiFontFamilies(emoji + QFontDatabase.applicationEmojiFontFamilies())
    font = QFont(app.font())
    font.setFamilies([font.family(), *(f for f in added if f != font.family())])
    app.setFont(font)
    return added
