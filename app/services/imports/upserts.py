"""The upserts behind each import kind: products by sku, members by external_id, order lines
by (order_id, sku). A record is written only when a value differs (re-imports change nothing)."""

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.data.tables import Member, Order, OrderLine, Product, User
from app.domain.clock import Clock
from app.domain.codes import ProductCategory, Role, SalesChannel, Tier
from app.domain.phone import InvalidPhone, parse_phone
from app.domain.pinyin import name_initials
from app.services.imports.rows import (
    AMOUNT, ImportResult, Row, RowInvalid, apply, choice, day, each, instant, load, parse_best_times, text, whole,
)

# --- products -------------------------------------------------------------------------------

def import_products(session: Session, clock: Clock, rows: list[Row], result: ImportResult) -> None:
    existing = load(session, Product, Product.sku, {v["sku"] for _, v in rows})
    seen: dict[str, int] = {}
    categories = tuple(c.value for c in ProductCategory)

    def parse(line: int, v: dict[str, str]) -> None:
        sku = text(v, "sku", max_length=40, required=True)
        if sku in seen:
            raise RowInvalid(f"sku {sku} is already on row {seen[sku]}")
        values = {
            "name": text(v, "name", max_length=120, required=True),
            "category": choice(v, "category", categories),
            "pack_days": whole(v, "pack_days", low=1, high=3650),
            "daily_dose": text(v, "daily_dose", max_length=40),
            "dosage": text(v, "dosage", max_length=120),
        }
        seen[sku] = line
        product = existing.get(sku)
        if product is None:
            session.add(Product(sku=sku, price_fen=0, **values))
            result.created += 1
        elif apply(product, values):
            result.updated += 1
        else:
            result.unchanged += 1

    each(rows, result, parse)


# --- members --------------------------------------------------------------------------------

def import_members(session: Session, clock: Clock, rows: list[Row], result: ImportResult) -> None:
    existing = load(session, Member, Member.external_id, {v["external_id"] for _, v in rows})
    owners: dict[str, int] = {name: id_ for name, id_ in session.execute(
        select(User.username, User.id).where(User.active.is_(True), User.role.in_([Role.AGENT, Role.SUPERVISOR]))
    )}
    seen: dict[str, int] = {}
    tiers = tuple(t.value for t in Tier)
    workstation_zone = getattr(clock.tz, "key", None)
    today = clock.today()

    def parse(line: int, v: dict[str, str]) -> None:
        external_id = text(v, "external_id", max_length=64, required=True)
        if external_id in seen:
            raise RowInvalid(f"external_id {external_id} is already on row {seen[external_id]}")
        name = text(v, "name", max_length=100, required=True)
        birth = day(v, "birth_date")
        if birth is not None and not date(1900, 1, 1) <= birth <= today:
            raise RowInvalid(f"birth_date {birth.isoformat()} is not a past date")
        try:
            phone = parse_phone(v["phone"])
        except InvalidPhone as exc:
            raise RowInvalid(f"phone: {exc}") from None
        owner = v["owner"]
        if owner and owner not in owners:
            raise RowInvalid(f"owner {owner!r} is not an active agent's user name")
        consent = choice(v, "consent", ("yes", "no"))
        values = {
            "name": name, "name_initials": name_initials(name),
            "gender": choice(v, "gender", ("F", "M"), default="") or None, "birth_date": birth,
            "phone_e164": phone.e164, "timezone": phone.timezone or workstation_zone,
            "region": text(v, "region", max_length=64) or None, "tier": choice(v, "tier", tiers, default="standard"),
            "consent": consent == "yes", "do_not_call": consent == "no",
            "best_times": parse_best_times(text(v, "best_times", max_length=120)),
            "owner_id": owners[owner] if owner else None,
        }
        seen[external_id] = line
        member = existing.get(external_id)
        now = clock.now()
        if member is None:
            session.add(Member(external_id=external_id, created_at=now, updated_at=now, language="zh",
                               points_balance=0, lifecycle_stage="new", total_spent_fen=0, **values))
            result.created += 1
        elif apply(member, values):
            member.updated_at = now
            result.updated += 1
        else:
            result.unchanged += 1

    each(rows, result, parse)


# --- orders ---------------------------------------------------------------------------------

def import_orders(session: Session, clock: Clock, rows: list[Row], result: ImportResult) -> None:
    members = load(session, Member, Member.external_id, {v["member_external_id"] for _, v in rows})
    products = load(session, Product, Product.sku, {v["sku"] for _, v in rows})
    orders = load(session, Order, Order.external_id, {v["order_id"] for _, v in rows})
    first_row: dict[str, tuple[int, str, datetime]] = {}  # order_id -> (row, member, ordered_at)
    seen_lines: dict[tuple[str, str], int] = {}
    touched: dict[int, Order] = {}
    channels = tuple(c.value for c in SalesChannel)

    def parse(line: int, v: dict[str, str]) -> None:
        order_id = text(v, "order_id", max_length=64, required=True)
        member = members.get(v["member_external_id"])
        if member is None:
            raise RowInvalid(f"no member with external_id {v['member_external_id']!r}")
        product = products.get(v["sku"])
        if product is None:
            raise RowInvalid(f"no product with sku {v['sku']!r}")
        if (order_id, product.sku) in seen_lines:
            raise RowInvalid(f"order {order_id} already has sku {product.sku} on row {seen_lines[order_id, product.sku]}")
        quantity = whole(v, "quantity", low=1, high=9999)
        if not AMOUNT.match(v["amount"]):
            raise RowInvalid(f"amount {v['amount']!r} is not yuan with at most two decimals (e.g. 198.00)")
        amount_fen = int(Decimal(v["amount"]) * 100)
        ordered_at = instant(v, "ordered_at", clock)
        if ordered_at is None:
            raise RowInvalid("ordered_at is empty")
        delivered_at = instant(v, "delivered_at", clock)
        if delivered_at is not None and delivered_at < ordered_at:
            raise RowInvalid("delivered_at is before ordered_at")
        channel = choice(v, "channel", channels)
        batch = text(v, "batch", max_length=40) or None
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
            header_changed = apply(order, header)
        touched[order.id] = order
        existing = session.scalar(select(OrderLine).where(OrderLine.order_id == order.id,
                                                          OrderLine.product_id == product.id))
        values = {"quantity": quantity, "amount_fen": amount_fen, "batch_no": batch}
        if existing is None:
            session.add(OrderLine(order_id=order.id, product_id=product.id, **values))
            result.created += 1
        elif apply(existing, values) or header_changed:
            result.updated += 1
        else:
            result.unchanged += 1

    each(rows, result, parse)
    session.flush()
    _refresh_totals(session, clock, touched)


def _refresh_totals(session: Session, clock: Clock, touched: dict[int, Order]) -> None:
    """Order amounts from their lines, then each member's first/last order and total spent."""
    member_ids: set[int] = set()
    for order in touched.values():
        total = session.scalar(select(func.coalesce(func.sum(OrderLine.amount_fen), 0))
                               .where(OrderLine.order_id == order.id))
        apply(order, {"amount_fen": int(total or 0)})
        member_ids.add(order.member_id)
    session.flush()
    for member_id in sorted(member_ids):
        first, last, spent = session.execute(
            select(func.min(Order.ordered_at), func.max(Order.ordered_at), func.coalesce(func.sum(Order.amount_fen), 0))
            .where(Order.member_id == member_id)
        ).one()
        member = session.get(Member, member_id)
        assert member is not None
        if apply(member, {"first_order_at": _utc(first), "last_order_at": _utc(last), "total_spent_fen": int(spent)}):
            member.updated_at = clock.now()


def _utc(value: datetime | None) -> datetime | None:
    """Aggregates bypass the column type on SQLite (text, naive): make them UTC-aware."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
