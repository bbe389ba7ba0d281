"""Import files as they come: CSV in any of the encodings Chinese shops export (UTF-8 with or
without a BOM, GBK/GB18030, Big5: told apart by charset-normalizer) with a sniffed
delimiter, or XLSX read with python-calamine. Rows are streamed as lists of text; numbers
in a spreadsheet become text without a float's ".0" so phones and ids stay what they were."""

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

from app.services.errors import CareDeskError, ValidationError

SAMPLE_BYTES = 256 * 1024
DELIMITERS = ",;\t|"
UNDECODABLE = "\ufffd"
# charset-normalizer names the smallest set that fits the sample; read with its superset so a
# rarer character later in the file still decodes.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "ascii": "utf-8", "cp950": "big5hkscs"}


@dataclass(frozen=True)
class SourceInfo:
    path: str
    format: str  # csv | xlsx
    encoding: str | None
    delimiter: str | None
    header: list[str]
    size: int


class Source:
    """One open import file: `info`, then `rows()` once (line number, fields); `fraction()`
    says how far the reading has come, for progress bars."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.size = self.path.stat().st_size
            with open(self.path, "rb") as fh:
                head = fh.read(SAMPLE_BYTES)
        except OSError as exc:
            raise CareDeskError(f"cannot read {path}: {exc.strerror or exc}") from exc
        self._raw: BinaryIO | None = None
        self._done = 0
        self._height = 0
        if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # XLSX, or the older binary XLS
            self.format, self.encoding, self.delimiter = "xlsx", None, None
            self._rows = self._xlsx_rows()
        else:
            self.format = "csv"
            self.encoding = detect_encoding(head, complete=len(head) < SAMPLE_BYTES)
            sample = head.decode(self.encoding, errors="replace")
            self.delimiter = sniff_delimiter(sample)
            self._rows = self._csv_rows()
        self.header = self._read_header()

    @property
    def info(self) -> SourceInfo:
        return SourceInfo(str(self.path), self.format, self.encoding, self.delimiter, list(self.header), self.size)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        return self._rows

    def fraction(self) -> float:
        if self.format == "csv":
            if self._raw is None or self._raw.closed or not self.size:
                return 1.0 if self._raw is not None else 0.0
            return min(1.0, self._raw.tell() / self.size)
        return min(1.0, self._done / self._height) if self._height else 1.0

    def close(self) -> None:
        self._rows.close()
        if self._raw is not None:
            self._raw.close()

    def __enter__(self) -> "Source":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _read_header(self) -> list[str]:
        for _, fields in self._rows:
            if any(f.strip() for f in fields):
                return [f.replace("\ufeff", "").strip() for f in fields]
        raise ValidationError({"header": f"{self.path.name} is empty"})

    def _csv_rows(self) -> Iterator[tuple[int, list[str]]]:
        self._raw = open(self.path, "rb")
        # Undecodable bytes become U+FFFD and make that row an error, not the whole file.
        text = io.TextIOWrapper(self._raw, encoding=self.encoding, errors="replace", newline="")
        reader = csv.reader(text, delimiter=self.delimiter or ",")
        last = 0
        try:
            for fields in reader:
                start, last = last + 1, reader.line_num
                yield start, fields
        except csv.Error as exc:
            raise ValidationError({"file": f"{self.path.name} is not a readable CSV file "
                                           f"(line {reader.line_num}): {exc}"}) from exc
        finally:
            text.detach()

    def _xlsx_rows(self) -> Iterator[tuple[int, list[str]]]:
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_path(str(self.path))
            sheet = book.get_sheet_by_index(0)
        except Exception as exc:  # calamine raises its own error types for broken files
            raise ValidationError({"file": f"{self.path.name} is not a readable spreadsheet: {exc}"}) from exc
        self._height = sheet.height or 0
        first = sheet.start[0] + 1 if sheet.start else 1
        for offset, cells in enumerate(sheet.iter_rows()):
            self._done = offset + 1
            yield first + offset, [cell_text(c) for c in cells]


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))  # 13812345678.0 is a phone number, not a float
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def detect_encoding(head: bytes, *, complete: bool) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # UTF-8 Chinese text with a few broken bytes is still UTF-8: the broken rows are refused.
    text = codecs.getincrementaldecoder("utf-8")(errors="replace").decode(head, final=complete)
    broken, wide = text.count(UNDECODABLE), sum(1 for ch in text if ord(ch) > 0x2E7F)
    if wide >= 5 * broken and broken <= 16:
        return "utf-8"
    best = from_bytes(head).best()
    if best is None:
        raise ValidationError({"file": "the file is not text in a known encoding (UTF-8, GB18030, Big5)"})
    name = best.encoding.lower().replace("-", "").replace("_", "")
    name = {"gb18030": "gb18030", "big5hkscs": "big5hkscs"}.get(name, best.encoding.lower())
    return _SUPERSETS.get(name, name)


def sniff_delimiter(sample: str) -> str:
    lines = [ln for ln in sample.splitlines()[:20] if ln.strip()]
    if not lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {d: lines[0].count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","
