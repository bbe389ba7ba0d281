"""The report font: found where CI installs it, overridable, and a clear error when missing."""

import pytest

from app.reports import fonts
from app.reports.fonts import FONT_ENV, FontMissing, font_path


def test_installed_font_is_found(monkeypatch):
    monkeypatch.delenv(FONT_ENV, raising=False)
    assert font_path().name.startswith("wqy-microhei")


def test_missing_font_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.delenv(FONT_ENV, raising=False)
    monkeypatch.setattr(fonts, "CANDIDATES", (tmp_path / "none.ttc",))
    with pytest.raises(FontMissing, match="apt-get install fonts-wqy-microhei"):
        font_path()


def test_override_must_be_a_file(monkeypatch, tmp_path):
    monkeypatch.setenv(FONT_ENV, str(tmp_path / "nope.ttf"))
    with pytest.raises(FontMissing, match=FONT_ENV):
        font_path()
