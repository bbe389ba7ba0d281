"""The shipped fonts reach Qt: Chinese and emoji glyphs come from resources/fonts."""

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QFontMetrics
from PySide6.QtWidgets import QApplication

from ui.fonts import FONTS_DIR, install_app_fonts


def test_shipped_fonts_are_registered_and_follow_the_ui_font(qapp):
    added = install_app_fonts(qapp)
    assert added == ["WenQuanYi Micro Hei", "Noto Color Emoji"]
    assert (FONTS_DIR / "LICENSE-NotoColorEmoji.txt").is_file()
    families = QApplication.font().families()
    assert families[0] != "" and "WenQuanYi Micro Hei" in families and "Noto Color Emoji" in families
    assert "Noto Color Emoji" in QFontDatabase.applicationEmojiFontFamilies()


def test_shipped_fonts_have_the_glyphs(qapp):
    install_app_fonts(qapp)
    cjk = QFont("WenQuanYi Micro Hei")
    assert QFontInfo(cjk).family() == "WenQuanYi Micro Hei"
    assert all(QFontMetrics(cjk).inFontUcs4(ord(ch)) for ch in "会员关怀回访")
    assert QFontMetrics(QFont("Noto Color Emoji")).inFontUcs4(0x1F600)
