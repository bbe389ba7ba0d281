"""CSV imports of products, members and orders (issue 2), for the CLI and later the UI.

Each row is validated on its own: a bad row is reported as `row N: reason` (N is the line in
the file, the header is line 1) and the good rows are still imported. Imports are upserts
keyed by sku, external_id and (order_id, sku), and a record is only written when a value
really differs, so importing the same file again changes nothing. Every run is logged in
import_runs. Times in the files are local to the workstation (clock.tz) and stored in UTC.
"""

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.data.tables import ImportRun, Member, Order, OrderLine, Product, User
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.codes import ProductCategory, Role, SalesChannel, Tier
from app.domain.phone import InvalidPhone, parse_phone
from app.domain.pinyin import name_initials
from app.services.audit import audit
from app.services.auth import Actor, Permission, require
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
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_AMOUNT = re.compile(r"^\d{1,9}(\.\d{1,2})?$")
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


def import_csv(db: Database, actor: Actor, clock: Clock, *, kind: str, path: str | Path) -> ImportResult:
    return import_rows(db, actor, clock, kind=kind, rows=read_csv(path, kind), source=str(path))


def import_rows(db: Database, actor: Actor, clock: Clock, *, kind: str, rows: list[Row], source: str) -> ImportResult:
    require(actor, Permission.ADMINISTER)
    if kind not in COLUMNS:
        raise ValidationError({"kind": f"must be one of {', '.join(KINDS)}"})
    result = ImportResult(kind=kind, source=source, rows_read=len(rows))
    started = clock.now()
    good: list[Row] = []
    for line, values in rows:
        if "__error__" in values:
            result.errors.append(RowError(line, values["__error__"]))
        else:
            good.append((line, values))
    with db.session(write=True) as session:
        _IMPORTERS[kind](session, clock, good, result)
        result.errors.sort(key=lambda e: e.row)
        run = ImportRun(kind=kind, source=source[-255:], started_at=started, rows_read=result.rows_read,
                        rows_imported=result.imported, rows_failed=len(result.errors))
        session.add(run)
        session.flush()
        result.run_id = run.id
        audit(session, actor, clock, action=f"import.{kind}", entity="import_run", entity_id=run.id,
              detail={"source": source[-255:], "created": result.created, "updated": result.updated,
                      "unchanged": result.unchanged, "failed": len(result.errors)})
    return result


# --- field parsers: return the value or raise RowInvalid --------------------------------------

def _text(values: dict[str, str], name: str, *, max_length: int, required: bool = False) -> str:
    value = values[name]
    if required and not value:
        raise RowInvalid(f"{name} is empty")
    if len(value) > max_length:
        raise RowInvalid(f"{name} is longer than {max_length} characters")
    return value


def _choice(values: dict[str, str], name: str, allowed: tuple[str, ...], *, default: str | None = None) -> str:
    value = values[name].lower() if name != "gender" else values[name].upper()
    if not value and default is not None:
        return default
    if value not in allowed:
        raise RowInvalid(f"{name} {values[name]!r} is not one of {'|'.join(allowed)}")
    return value


def _int(values: dict[str, str], name: str, *, low: int, high: int) -> int:
    try:
        value = int(values[name])
    except ValueError:
        raise RowInvalid(f"{name} {values[name]!r} is not a whole number") from None
    if not low <= value <= high:
        raise RowInvalid(f"{name} must be between {low} and {high}")
    return value


def _date(values: dict[str, str], name: str) -> date | None:
    if not values[name]:
        return None
    try:
        if not _DATE.match(values[name]):
            raise ValueError
        return date.fromisoformat(values[name])
    except ValueError:
        raise RowInvalid(f"{name} {values[name]!r} is not a date YYYY-MM-DD") from None


def _instant(values: dict[str, str], name: str, clock: Clock) -> datetime | None:
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


def _apply(record: Any, values: dict[str, Any]) -> bool:
    """Set the values that differ; True when something changed."""
    changed = False
    for name, value in values.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed = True
    return changed


def _each(rows: list[Row], result: ImportResult, parse: Callable[[int, dict[str, str]], None]) -> None:
    for line, values in rows:
        try:
            parse(line, values)
        except RowInvalid as exc:
            result.errors.append(RowError(line, str(exc)))


def _load(session: Session, model: Any, key: Any, wanted: set[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    keys = sorted(wanted)
    for start in range(0, len(keys), LOOKUP_CHUNK):
        for record in session.scalars(select(model).where(key.in_(keys[start:start + LOOKUP_CHUNK]))):
            found[getattr(record, key.key)] = record
    return found


# --- products -------------------------------------------------------------------------------

def _import_products(session: Session, clock: Clock, rows: list[Row], result: ImportResult) -> None:
    existing = _load(session, Product, Product.sku, {v["sku"] for _, v in rows})
    seen: dict[str, int] = {}
    categories = tuple(c.value for c in ProductCategory)

    def parse(line: int, v: dict[str, str]) -> None:
        sku = _text(v, "sku", max_length=40, required=True)
        if sku in seen:
            raise RowInvalid(f"sku {sku} is already on row {seen[sku]}")
        values = {
            "name": _text(v, "name", max_length=120, required=True),
            "category": _choice(v, "category", categories),
            "pack_days": _int(v, "pack_days", low=1, high=3650),
            "daily_dose": _text(v, "daily_dose", max_length=40),
            "dosage": _text(v, "dosage", max_length=120),
        }
        seen[sku] = line
        product = existing.get(sku)
        if product is None:
            session.add(Product(sku=sku, price_fen=0, **values))
            result.created += 1
        elif _apply(product, values):
            result.updated += 1
        else:
            result.unchanged += 1

    _each(rows, result, parse)


# --- members --------------------------------------------------------------------------------

def _import_members(session: Session, clock: Clock, rows: list[Row], result: ImportResult) -> None:
    existing = _load(session, Member, Member.external_id, {v["external_id"] for _, v in rows})
    owners: dict[str, int] = {name: id_ for name, id_ in session.execute(
        select(User.username, User.id).where(User.active.is_(True), User.role.in_([Role.AGENT, Role.SUPERVISOR]))
    )}
    seen: dict[str, int] = {}
    tiers = tuple(t.value for t in Tier)
    workstation_zone = getattr(clock.tz, "key", None)
    today = clock.today()

    def parse(line: int, v: dict[str, str]) -> None:
        external_id = _text(v, "external_id", max_length=64, required=True)
        if external_id in seen:
            raise RowInvalid(f"external_id {external_id} is already on row {seen[external_id]}")
        name = _text(v, "name", max_length=100, required=True)
        birth = _date(v, "birth_date")
        if birth is not None and not date(1900, 1, 1) <= birth <= today:
            raise RowInvalid(f"birth_date {birth.isoformat()} is not a past date")
        try:
            phone = parse_phone(v["phone"])
        except InvalidPhone as exc:
            raise RowInvalid(f"phone: {exc}") from None
        owner = v["owner"]
        if owner and owner not in owners:
            raise RowInvalid(f"owner {owner!r} is not an active agent's user name")
        consent = _choice(v, "consent", ("yes", "no"))
        values = {
            "name": name, "name_initials": name_initials(name),
            "gender": _choice(v, "gender", ("F", "M"), default="") or None, "birth_date": birth,
            "phone_e164": phone.e164, "timezone": phone.timezone or workstation_zone,
            "region": _text(v, "region", max_length=64) or None, "tier": _choice(v, "tier", tiers, default="standard"),
            "consent": consent == "yes", "do_not_call": consent == "no",
            "best_times": parse_best_times(_text(v, "best_times", max_length=120)),
            "owner_id": owners[owner] if owner else None,
        }
        seen[external_id] = line
        member = existing.get(external_id)
        now = clock.now()
        if member is None:
            session.add(Member(external_id=external_id, created_at=now, updated_at=now, language="zh",
                               points_balance=0, lifecycle_stage="new", total_spent_fen=0, **values))
            result.created += 1
        elif _apply(member, values):
            member.updated_at = now
            result.updated += 1
        else:
            result.unchanged += 1

    _each(rows, result, parse)


# --- orders ---------------------------------------------------------------------------------

def _import_orders(session: Session, clock: Clock, rows: list[Row], result: ImportResult) -> None:
    members = _load(session, Member, Member.external_id, {v["member_external_id"] for _, v in rows})
    products = _load(session, Product, Product.sku, {v["sku"] for _, v in rows})
    orders = _load(session, Order, Order.external_id, {v["order_id"] for _, v in rows})
    first_row: dict[str, tuple[int, str, datetime]] = {}  # order_id -> (row, member, ordered_at)
    seen_lines: dict[tuple[str, str], int] = {}
    touched: dict[int, Order] = {}
    channels = tuple(c.value for c in SalesChannel)

    def parse(line: int, v: dict[str, str]) -> None:
        order_id = _text(v, "order_id", max_length=64, required=True)
        member = members.get(v["member_external_id"])
        if member is None:
            raise RowInvalid(f"no member with external_id {v['member_external_id']!r}")
        product = products.get(v["sku"])
        if product is None:
            raise RowInvalid(f"no product with sku {v['sku']!r}")
        if (order_id, product.sku) in seen_lines:
            raise RowInvalid(f"order {order_id} already has sku {product.sku} on row {seen_lines[order_id, product.sku]}")
        quantity = _int(v, "quantity", low=1, high=9999)
        if not _AMOUNT.match(v["amount"]):
            raise RowInvalid(f"amount {v['amount']!r} is not yuan with at most two decimals (e.g. 198.00)")
        amount_fen = int(Decimal(v["amount"]) * 100)
        ordered_at = _instant(v, "ordered_at", clock)
        if ordered_at is None:
            raise RowInvalid("ordered_at is empty")
        delivered_at = _instant(v, "delivered_at", clock)
        if delivered_at is not None and delivered_at < ordered_at:
            raise RowInvalid("delivered_at is before ordered_at")
        channel = _choice(v, "channel", channels)
        batch = _text(v, "batch", max_length=40) or None
        if order_id in first_row:
            row, member_id, at = first_row[order_id]
            if member_id != member.external_id or at != ordered_at:
                raise RowInvalid(f"order {order_id} has another member or ordered_at on row {row}")
        order = orders.get(order_id)
        if order is not None and order.member_id != member.id:
            raise RowInvalid(f"order {order_id} already belongs to another member")
        first_row.setdefault(order_id, (line, member.external_id, ordered_at))
        seen_lines[order_id, product.sku] = line
        header = {"ordered_at": ordered_at, "delivered_at": delivered_at, "channel": channel}
        header_changed = False
        if order is None:
            order = orders[order_id] = Order(external_id=order_id, member_id=member.id, amount_fen=0, **header)
            session.add(order)
            session.flush()
        elif order.id not in touched:
            header_changed = _apply(order, header)
        touched[order.id] = order
        existing = session.scalar(select(OrderLine).where(OrderLine.order_id == order.id,
                                                          OrderLine.product_id == product.id))
        values = {"quantity": quantity, "amount_fen": amount_fen, "batch_no": batch}
        if existing is None:
            session.add(OrderLine(order_id=order.id, product_id=product.id, **values))
            result.created += 1
        elif _apply(existing, values) or header_changed:
            result.updated += 1
        else:
            result.unchanged += 1

    _each(rows, result, parse)
    session.flush()
    _refresh_totals(session, clock, touched)


def _refresh_totals(session: Session, clock: Clock, touched: dict[int, Order]) -> None:
    """Order amounts from their lines, then each member's first/last order and total spent."""
    member_ids: set[int] = set()
    for order in touched.values():
        total = session.scalar(select(func.coalesce(func.sum(OrderLine.amount_fen), 0))
                               .where(OrderLine.order_id == order.id))
        _apply(order, {"amount_fen": int(total or 0)})
        member_ids.add(order.member_id)
    session.flush()
    for member_id in sorted(member_ids):
        first, last, spent = session.execute(
            select(func.min(Order.ordered_at), func.max(Order.ordered_at), func.coalesce(func.sum(Order.amount_fen), 0))
            .where(Order.member_id == member_id)
        ).one()
        member = session.get(Member, member_id)
        assert member is not None
        if _apply(member, {"first_order_at": _utc(first), "last_order_at": _utc(last), "total_spent_fen": int(spent)}):
            member.updated_at = clock.now()


def _utc(value: datetime | None) -> datetime | None:
    """Aggregates bypass the column type on SQLite (text, naive): make them UTC-aware."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


_IMPORTERS: dict[str, Callable[[Session, Clock, list[Row], ImportResult], None]] = {
    "products": _import_products, "members": _import_members, "orders": _import_orders,
}
