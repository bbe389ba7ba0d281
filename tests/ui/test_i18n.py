"""Chinese and English labels come from the committed translations, not from the code."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication

from app.domain.codes import Disposition, Tier
from ui.i18n import SUPPORTED_LANGUAGES, install_translators, label, labels, resolve_language


@pytest.fixture
def translated(qapp: QApplication) -> Iterator[callable]:
    installed = []

    def use(language: str) -> None:
        installed.extend(install_translators(qapp, language))

    yield use
    for translator in installed:
        qapp.removeTranslator(translator)
    QLocale.setDefault(QLocale("en"))


def test_codes_show_in_chinese_with_the_chinese_translation(translated):
    translated("zh_CN")
    assert label(Disposition, "no_answer") == "无人接听"
    assert label(Tier, "gold") == "金卡"


def test_codes_show_in_english_by_default(translated):
    translated("en")
    assert label(Disposition, "callback") == "Callback requested"
    assert [code for code, _ in labels(Disposition)] == [d.value for d in Disposition]


def test_english_plural_forms(translated):
    translated("en")
    one = QCoreApplication.translate("MembersPanel", "%n member(s)", "", 1)
    many = QCoreApplication.translate("MembersPanel", "%n member(s)", "", 3)
    assert (one, many) == ("1 member", "3 members")


def test_unknown_code_shows_as_itself():
    assert label(Tier, "platinum") == "platinum"
    assert label(Tier, None) == ""


def test_language_choice():
    assert resolve_language("zh-CN") == "zh_CN"
    assert resolve_language("en_US") == "en"
    assert resolve_language("") in SUPPORTED_LANGUAGES


@pytest.mark.parametrize(("system", "expected"), [("en_US.UTF-8", "en"), ("zh_CN.UTF-8", "zh_CN"),
                                                  ("fr_FR.UTF-8", "zh_CN")])
def test_without_a_setting_the_language_is_the_systems(system, expected):
    """Qt reads the system locale once per process: each case runs in its own."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k not in ("LANG", "LANGUAGE")}
    env.update(LC_ALL=system, LANG=system)
    out = subprocess.run([sys.executable, "-c", "from ui.i18n import resolve_language; print(resolve_language(''))"],
                         env=env, capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == expected
