"""What an import run says back: counts, the rejected rows (row, column, value, reason) and
the members whose data changed, so the caller can refresh their queue tasks."""

import csv
from array import array
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from app.data.member_rows import MemberRows
from app.services.exports import neutralize
from app.services.errors import CareDeskError
from app.services.imports.reasons import reason_text

KEEP_ERRORS = 1000  # shown to the user; the report file has them all
REPORT_COLUMNS = ("row", "column", "value", "reason")


@dataclass(frozen=True)
class RowError:
    row: int
    reason: str  # in English, as the report file and the CLI say it
    column: str = ""
    value: str = ""
    code: str = ""  # reasons.py; "" for a reason given only in English
    params: tuple[tuple[str, object], ...] = ()

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"

    def text(self, lang: str) -> str:
        """The reason in `lang` ("zh" or "en")."""
        return reason_text(self.code, dict(self.params), lang=lang) if self.code else self.reason


@dataclass
class ImportResult:
    kind: str
    source: str
    format: str = "csv"
    encoding: str | None = None
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0  # members found by their phone number instead of their id
    referrals: int = 0  # referrals recorded from the members file's referred_by column
    failed: int = 0
    errors: list[RowError] = field(default_factory=list)
    member_ids: set[int] = field(default_factory=set)
    new_order_ids: array = field(default_factory=lambda: array("q"))  # orders this run created
    refunds: dict[int, int] = field(default_factory=dict)  # order id -> refunded fen in all, where it grew
    # The touched members' new values (order facts, points, tier, lifecycle), gathered by the
    # steps of the run and written once (after.py, or the run itself without after_rows).
    member_rows: MemberRows = field(default_factory=MemberRows, repr=False, compare=False)
    run_id: int | None = None
    started_at: datetime | None = None  # the run's start: also the instant of the consent records it writes
    rolled_back: bool = False
    cancelled: bool = False

    @property
    def imported(self) -> int:
        return 0 if self.rolled_back else self.created + self.updated + self.unchanged

    def summary(self) -> str:
        text = (f"{self.kind}: {self.rows_read} rows read, {self.created} created, {self.updated} updated, "
                f"{self.unchanged} unchanged, {self.failed} failed")
        if self.merged:
            text += f", {self.merged} merged by phone"
        if self.referrals:
            text += f", {self.referrals} referrals recorded"
        if self.rolled_back:
            text += "; nothing imported (--all-or-nothing)"
        return text


class ErrorSink:
    """Collects rejected rows: counted, the first KEEP_ERRORS kept, all written to the report."""

    def __init__(self, result: ImportResult, report: str | Path | None) -> None:
        self.result = result
        self._fh: TextIO | None = None
        self._writer = None
        if report is not None:
            # UTF-8 with a BOM so Excel shows the Chinese values; values are formula-neutralized.
            try:
                self._fh = open(report, "w", encoding="utf-8-sig", newline="")
            except OSError as exc:
                raise CareDeskError(f"cannot write the report {report}: {exc.strerror or exc}") from exc
            self._writer = csv.writer(self._fh)
            self._writer.writerow(REPORT_COLUMNS)

    def add(self, error: RowError) -> None:
        self.result.failed += 1
        if len(self.result.errors) < KEEP_ERRORS:
            self.result.errors.append(error)
        if self._writer is not None:
            self._writer.writerow([error.row, error.column, neutralize(error.value.replace("\x00", "\\0")),
                                   neutralize(error.reason.replace("\x00", "\\0"))])

    def close(self) -> None:
        self.result.errors.sort(key=lambda e: e.row)
        if self._fh is not None:
            self._fh.close()
