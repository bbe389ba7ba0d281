"""Reading import files and checking their fields: each parser returns a value or raises
RowInvalid with the reason the user reads as `row N: reason`."""

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.clock import Clock
from app.services.errors import CareDeskError, ValidationError

COLUMNS: dict[str, tuple[str, ...]] = {
    "products": ("sku", "name", "category", "pack_days", "daily_dose", "dosage"),
    "members": ("external_id", "name", "gender", "birth_date", "phone", "region", "tier", "consent", "best_times",
                "owner"),
    "orders": ("order_id", "member_external_id", "sku", "quantity", "amount", "ordered_at", "delivered_at",
               "channel", "batch"),
}
KINDS = tuple(COLUMNS)
TIME_FORMAT = "%Y-%m-%d %H:%M"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
AMOUNT = re.compile(r"^\d{1,9}(\.\d{1,2})?$")
_SLOT = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")
LOOKUP_CHUNK = 500


class RowInvalid(ValueError):
    """The reason a row is refused, as the user reads it."""


@dataclass(frozen=True)
class RowError:
    row: int
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"


@dataclass
class ImportResult:
    kind: str
    source: str
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    run_id: int | None = None

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        return (f"{self.kind}: {self.rows_read} rows read, {self.created} created, {self.updated} updated, "
                f"{self.unchanged} unchanged, {len(self.errors)} failed")


Row = tuple[int, dict[str, str]]  # line number, values by column


def read_csv(path: str | Path, kind: str) -> list[Row]:
    """The data rows of a UTF-8 CSV file (a BOM is fine), checked against the expected header."""
    if kind not in COLUMNS:
        raise ValidationError({"kind": f"must be one of {', '.join(KINDS)}"})
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return list(_rows(csv.reader(fh), COLUMNS[kind]))
    except OSError as exc:
        raise CareDeskError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ValidationError({"file": f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start})"}) from exc
    except csv.Error as exc:
        raise ValidationError({"file": f"{path} is not a readable CSV file: {exc}"}) from exc


def _rows(reader: Iterator[list[str]], expected: tuple[str, ...]) -> Iterator[Row]:
    header: list[str] | None = None
    for fields in reader:
        if not any(f.strip() for f in fields):
            continue  # blank lines carry nothing
        if header is None:
            header = [f.strip().lower() for f in fields]
            missing = [c for c in expected if c not in header]
            if missing:
                raise ValidationError({"header": f"missing column(s): {', '.join(missing)} "
                                                 f"(expected {','.join(expected)})"})
            continue
        if len(fields) != len(header):
            yield reader.line_num, {"__error__": f"expected {len(header)} fields, found {len(fields)}"}
            continue
        yield reader.line_num, {name: value.strip() for name, value in zip(header, fields)}
    if header is None:
        raise ValidationError({"header": f"the file is empty (expected {','.join(expected)})"})



def text(values: dict[str, str], name: str, *, max_length: int, required: bool = False) -> str:
    value = values[name]
    if required and not value:
        raise RowInvalid(f"{name} is empty")
    if len(value) > max_length:
        raise RowInvalid(f"{name} is longer than {max_length} characters")
    return value


def choice(values: dict[str, str], name: str, allowed: tuple[str, ...], *, default: str | None = None) -> str:
    value = values[name].lower() if name != "gender" else values[name].upper()
    if not value and default is not None:
        return default
    if value not in allowed:
        raise RowInvalid(f"{name} {values[name]!r} is not one of {'|'.join(allowed)}")
    return value


def whole(values: dict[str, str], name: str, *, low: int, high: int) -> int:
    try:
        value = int(values[name])
    except ValueError:
        raise RowInvalid(f"{name} {values[name]!r} is not a whole number") from None
    if not low <= value <= high:
        raise RowInvalid(f"{name} must be between {low} and {high}")
    return value


def day(values: dict[str, str], name: str) -> date | None:
    if not values[name]:
        return None
    try:
        if not DATE.match(values[name]):
            raise ValueError
        return date.fromisoformat(values[name])
    except ValueError:
        raise RowInvalid(f"{name} {values[name]!r} is not a date YYYY-MM-DD") from None


def instant(values: dict[str, str], name: str, clock: Clock) -> datetime | None:
    if not values[name]:
        return None
    try:
        local = datetime.strptime(values[name], TIME_FORMAT)
    except ValueError:
        raise RowInvalid(f"{name} {values[name]!r} is not a time YYYY-MM-DD HH:MM") from None
    return local.replace(tzinfo=clock.tz).astimezone(UTC)


def parse_best_times(text: str) -> str:
    """'12:00-13:30; 19:00-21:00' -> '12:00-13:30;19:00-21:00'; each slot must end after it starts."""
    slots = [s.strip() for s in text.split(";") if s.strip()]
    for slot in slots:
        match = _SLOT.match(slot)
        if match is None:
            raise RowInvalid(f"best_times slot {slot!r} is not HH:MM-HH:MM")
        if slot[:5] >= slot[6:]:
            raise RowInvalid(f"best_times slot {slot!r} ends before it starts")
    return ";".join(slots)


def apply(record: Any, values: dict[str, Any]) -> bool:
    """Set the values that differ; True when something changed."""
    changed = False
    for name, value in values.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed = True
    return changed


def each(rows: list[Row], result: ImportResult, parse: Callable[[int, dict[str, str]], None]) -> None:
    for line, values in rows:
        try:
            parse(line, values)
        except RowInvalid as exc:
            result.errors.append(RowError(line, str(exc)))


def load(session: Session, model: Any, key: Any, wanted: set[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    keys = sorted(wanted)
    for start in range(0, len(keys), LOOKUP_CHUNK):
        for record in session.scalars(select(model).where(key.in_(keys[start:start + LOOKUP_CHUNK]))):
            found[getattr(record, key.key)] = record
    return found
