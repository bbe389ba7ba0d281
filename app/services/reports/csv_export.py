"""Tables to CSV files that Excel opens correctly and cannot be tricked into running formulas.

UTF-8 with a byte-order mark, so Excel on a Chinese Windows reads the names right; any text
cell that a spreadsheet would take as a formula (starting with =, +, -, @, a tab or a
carriage return) gets a leading single quote (OWASP's CSV injection advice). Numbers are
written as numbers: they cannot carry a formula.
"""

import csv
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: object) -> object:
    """The cell as it should be written: formula-looking text is quoted, the rest is kept."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(path: str | Path, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write headers and rows to `path`; returns the number of data rows written."""
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL)
        writer.writerow([neutralize(h) for h in headers])
        for row in rows:
            writer.writerow([neutralize(cell) for cell in row])
            count += 1
    return count
