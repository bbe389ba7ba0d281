"""CSV export: Excel-friendly UTF-8 with BOM, and formula-looking cells neutralized."""

import csv
from datetime import date

from app.services.reports import neutralize, write_csv


def test_formula_cells_get_a_leading_quote(tmp_path):
    path = tmp_path / "out.csv"
    rows = [
        ["=HYPERLINK(\"http://evil\",\"x\")", "+86 138", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"],
        ["王秀英", 42, -5, 3.5, None, date(2026, 6, 15)],
    ]
    assert write_csv(path, ["姓名", "=header", "b", "c", "d", "e"], rows) == 2
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    with open(path, encoding="utf-8-sig", newline="") as fh:
        header, first, second = list(csv.reader(fh))
    assert header == ["姓名", "'=header", "b", "c", "d", "e"]
    assert first == ["'=HYPERLINK(\"http://evil\",\"x\")", "'+86 138", "'-2+3", "'@SUM(A1)", "'\tcmd", "'\rcmd"]
    assert second == ["王秀英", "42", "-5", "3.5", "", "2026-06-15"]


def test_plain_text_and_numbers_are_left_alone():
    assert neutralize("normal text") == "normal text"
    assert neutralize("a=b") == "a=b"
    assert neutralize(-12) == -12
    assert neutralize(True) == "true"
