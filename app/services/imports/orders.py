"""Order lines, a batch at a time: orders by their external id, lines by (order, product).
Per batch: one lookup each of members, orders and lines, keys taken beforehand (no read-back),
new rows in one bulk statement, changed ones in one more; a value is only written when it
differs, so a re-import changes nothing. `_write` is the one place new orders go in."""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select, update

from app.data.tables import Member, Order, OrderLine, Product
from app.domain.loyalty.benefits import tier_discount_fen
from app.services.dashboard.refills import attribute_refills
from app.services.imports.base import Batch, Importer, RowsById
from app.data.bulk import CHUNK, Ids, among, fetch_in, insert_rows, update_rows, utc
from app.services.imports.result import RowError
from app.services.imports.source import UNDECODABLE
from app.services.imports.values import (
    CHANNELS, EARLIEST, ISO_TIME, LATEST_AHEAD, PLAIN_AMOUNT, RowInvalid, amount_fen, channel, instant, text, whole,
)

_LINE_COLUMNS = ("id", "order_id", "product_id", "quantity", "amount_fen", "batch_no")
# The tier and its discount are the member's at import (app.domain.loyalty.benefits); the
# points that follow correct the few orders placed after an upgrade in the same file.
_ORDER_COLUMNS = ("id", "external_id", "member_id", "ordered_at", "delivered_at", "channel", "amount_fen",
                  "member_tier", "tier_discount_fen")
_KNOWN = ("id", "external_id", "member_id", "ordered_at", "delivered_at", "channel", "refunded_fen")
_LINES = ("id", "order_id", "product_id", "quantity", "amount_fen", "batch_no")
TIMES_KEPT = 20_000  # parsed times remembered (the lines of an order share theirs); then forgotten


@dataclass(slots=True)
class _Line:
    line: int
    order: str
    member: str
    product_id: int
    sku: str
    quantity: int
    fen: int
    ordered_at: datetime
    delivered_at: datetime | None
    channel: str
    batch: str | None
    refunded: int  # the order's refunded amount in all, as the shop's export says it


class OrderImporter(Importer):
    def start(self) -> None:
        from app.services.loyalty import loyalty_settings

        self.loyalty = loyalty_settings(self.session)
        self.products = dict(self.conn.execute(select(Product.sku, Product.id)).all())
        self.now = self.clock.now()
        self.latest = self.today + LATEST_AHEAD
        self.first_line = RowsById()  # order id -> its first row in this run
        self.seen_lines = RowsById()  # order line id -> the row that set it in this run
        self.order_keys = Ids(self.conn, Order.__table__)
        self.line_keys = Ids(self.conn, OrderLine.__table__)
        self.times: dict[str, datetime] = {}
        # A column the file lacks never overwrites a stored value.
        self.header_fields = {"ordered_at"} | {f for f, c in (("delivered_at", "delivered_at"), ("channel", "channel"))
                                               if c in self.present}
        self.line_fields = {"quantity"} | {f for f, c in (("amount_fen", "amount"), ("batch_no", "batch"))
                                           if c in self.present}

    def _instant(self, raw: str) -> datetime | None:
        """The usual 2026-06-01 09:30 as UTC, when it is plainly valid; None sends the row to _parse."""
        at = self.times.get(raw)
        if at is None and ISO_TIME.match(raw):
            try:
                local = datetime.fromisoformat(raw)
            except ValueError:
                return None
            if not EARLIEST <= local.date() <= self.latest:
                return None
            if len(self.times) >= TIMES_KEPT:
                self.times.clear()
            at = self.times[raw] = local.replace(tzinfo=self.clock.tz).astimezone(UTC)
        return at

    def _quick(self, line: int, v: dict[str, str]) -> _Line | None:
        """A row of plainly valid values, read without the value parsers; None when anything
        is unusual, and then _parse (the rules) decides. It never takes what _parse refuses."""
        get = v.get
        order, member, sku = v["order_id"].strip(), v["member_external_id"].strip(), v["sku"].strip()
        quantity, amount, batch = v["quantity"].strip(), get("amount", "").strip(), get("batch", "").strip()
        refunded = get("refunded", "").strip()
        if refunded and not PLAIN_AMOUNT.match(refunded):
            return None
        if (not order or not member or not sku or len(order) > 64 or len(member) > 64 or len(sku) > 40
                or len(batch) > 40 or len(quantity) > 4 or not quantity.isascii() or not quantity.isdigit()):
            return None
        joined = order + member + sku + amount + batch
        # Control, direction and broken characters (and any unusual space) go to the rules
        # (app.domain.limits via text()): isprintable() is false for all of them.
        if not joined.isprintable() or UNDECODABLE in joined:
            return None
        count = int(quantity)
        product_id = self.products.get(sku)
        code = CHANNELS.get(get("channel") or "app")
        if count < 1 or product_id is None or code is None or amount and not PLAIN_AMOUNT.match(amount):
            return None
        ordered = v["ordered_at"]
        ordered_at = self.times.get(ordered) or self._instant(ordered)
        if ordered_at is None or ordered_at > self.now:
            return None
        delivered_at = None
        if delivered := get("delivered_at"):
            delivered_at = self.times.get(delivered) or self._instant(delivered)
            if delivered_at is None or delivered_at < ordered_at:
                return None
        fen = _fen(amount) if amount else 0
        return _Line(line, order, member, product_id, sku, count, fen, ordered_at, delivered_at, code, batch or None,
                     _fen(refunded) if refunded else 0)

    def _parse(self, line: int, v: dict[str, str]) -> _Line:
        order = text(v, "order_id", max_length=64, required=True)
        member = text(v, "member_external_id", max_length=64, required=True)
        sku = text(v, "sku", max_length=40, required=True)
        quantity = whole(v, "quantity", low=1, high=9999)
        fen = amount_fen(v) if v.get("amount", "").strip() else 0
        ordered_at = instant(v, "ordered_at", self.today, self.clock.tz)
        if ordered_at is None:
            raise RowInvalid("empty", "ordered_at", "")
        if ordered_at > self.now:
            raise RowInvalid("future", "ordered_at", v["ordered_at"], quoted=repr(v["ordered_at"].strip()))
        delivered_at = instant(v, "delivered_at", self.today, self.clock.tz)
        if delivered_at is not None and delivered_at < ordered_at:
            raise RowInvalid("delivered_before", "delivered_at", v["delivered_at"])
        product_id = self.products.get(sku)
        if product_id is None:
            raise RowInvalid("no_product", "sku", sku, quoted=repr(sku))
        return _Line(line, order, member, product_id, sku, quantity, fen, ordered_at, delivered_at,
                     channel(v), text(v, "batch", max_length=40) or None,
                     amount_fen(v, "refunded") if v.get("refunded", "").strip() else 0)

    PARSE_AHEAD = True  # parse() reads only the products and its own time cache

    def parse(self, rows: Batch) -> tuple[list[_Line], list[RowError]]:
        errors: list[RowError] = []
        parsed: list[_Line] = []
        quick, careful = self._quick, self._parse
        for line, values in rows:
            p = quick(line, values)
            if p is None:
                try:
                    p = careful(line, values)
                except RowInvalid as exc:
                    errors.append(exc.error(line))
                    continue
            parsed.append(p)
        return parsed, errors

    def write(self, parsed: list[_Line]) -> list[RowError]:
        errors: list[RowError] = []
        if not parsed:
            return errors
        found = fetch_in(self.conn, Member.__table__, ("external_id", "id", "tier"), "external_id",
                         {p.member for p in parsed})
        members = {external_id: id_ for external_id, id_, _ in found}
        tiers = {id_: tier for _, id_, tier in found}
        known = {r[1]: r for r in fetch_in(self.conn, Order.__table__, _KNOWN, "external_id",
                                           {p.order for p in parsed})}
        accepted, new_orders, header_updates = self._check_orders(parsed, members, known, errors)
        order_ids = {o: r[0] for o, r in known.items()}
        for p, id_ in zip(new_orders.values(), self.order_keys.take(len(new_orders))):
            order_ids[p.order] = id_
            self.first_line.set(id_, p.line)
        self._refunds(accepted, order_ids, known, members)
        existing = {(r[1], r[2]): r for r in fetch_in(self.conn, OrderLine.__table__, _LINES, "order_id",
                                                      [r[0] for r in known.values()])}
        inserts: list[tuple] = []
        line_updates: list[dict] = []
        here: dict[tuple[int, int], int] = {}  # lines new in this batch -> their row
        header_pending = set(header_updates)  # a changed order header counts its first line as updated
        changed_orders: set[int] = set()  # known orders whose lines changed: their amount is summed again
        new_totals: dict[int, int] = {}
        for p in accepted:
            order_id = order_ids[p.order]
            record = existing.get((order_id, p.product_id))
            first = here.get((order_id, p.product_id)) if record is None else self.seen_lines.get(record[0])
            if first:
                errors.append(RowInvalid("line_repeated", "sku", p.sku, order=p.order, sku=p.sku,
                                         row=first).error(p.line))
                continue
            values = (p.quantity, p.fen, p.batch)
            if record is None:
                here[(order_id, p.product_id)] = p.line
                inserts.append((order_id, p.product_id, *values))
                self.result.created += 1
                if p.order in new_orders:
                    new_totals[order_id] = new_totals.get(order_id, 0) + p.fen
                else:
                    changed_orders.add(order_id)
            else:
                self.seen_lines.set(record[0], p.line)
                change = {k: v for k, v, old in zip(("quantity", "amount_fen", "batch_no"), values, record[3:])
                          if k in self.line_fields and old != v}
                if change:
                    line_updates.append({"_id": record[0], **change})
                    self.result.updated += 1
                    changed_orders.add(order_id)
                elif order_id in header_pending:
                    self.result.updated += 1
                else:
                    self.result.unchanged += 1
                    continue
            header_pending.discard(order_id)
            self.result.member_ids.add(members[p.member])  # their data changed: totals and tasks follow
        update_rows(self.conn, Order.__table__, list(header_updates.values()))
        update_rows(self.conn, OrderLine.__table__, line_updates)
        line_ids = self.line_keys.take(len(inserts))
        for id_, row in zip(line_ids, inserts):
            self.seen_lines.set(id_, here[(row[0], row[1])])
        orders = []
        for p in new_orders.values():
            member_id, total = members[p.member], new_totals.get(order_ids[p.order], 0)
            tier = tiers[member_id]
            orders.append((order_ids[p.order], p.order, member_id, p.ordered_at, p.delivered_at, p.channel, total,
                           tier, tier_discount_fen(total, tier, self.loyalty)))
        self._write(orders, [(id_, *row) for id_, row in zip(line_ids, inserts)])
        self._order_totals(changed_orders)
        return errors

    def _check_orders(self, parsed: list[_Line], members: dict[str, int], known: dict[str, tuple],
                      errors: list[RowError]) -> tuple[list[_Line], dict[str, _Line], dict[int, dict]]:
        """Each row against its order: the same member and time as the order's first row in
        this run, or as the stored order. The rows accepted, the new orders, header changes."""
        new_orders: dict[str, _Line] = {}
        first_here: dict[str, _Line] = {}  # known orders whose first row in this run is in this batch
        header_updates: dict[int, dict] = {}
        accepted: list[_Line] = []
        for p in parsed:
            member_id = members.get(p.member)
            try:
                if member_id is None:
                    raise RowInvalid("no_member", "member_external_id", p.member, quoted=repr(p.member))
                first = new_orders.get(p.order) or first_here.get(p.order)
                if first is not None:  # compared with the row that set the order in this batch
                    if (first.member, first.ordered_at) != (p.member, p.ordered_at):
                        raise RowInvalid("order_mismatch", "order_id", p.order, order=p.order, row=first.line)
                elif p.order in known:
                    id_, _, stored_member, ordered_at, delivered_at, channel_, _ = known[p.order]
                    if row := self.first_line.get(id_):
                        if (stored_member, utc(ordered_at)) != (member_id, p.ordered_at):
                            raise RowInvalid("order_mismatch", "order_id", p.order, order=p.order, row=row)
                    elif stored_member != member_id:
                        raise RowInvalid("order_other_member", "order_id", p.order, order=p.order)
                    else:
                        header = {"ordered_at": p.ordered_at, "delivered_at": p.delivered_at, "channel": p.channel}
                        current = {"ordered_at": utc(ordered_at), "delivered_at": utc(delivered_at),
                                   "channel": channel_}
                        change = {k: v for k, v in header.items() if k in self.header_fields and current[k] != v}
                        if change:
                            header_updates[id_] = {"_id": id_, **change}
                        self.first_line.set(id_, p.line)
                        first_here[p.order] = p
                else:
                    new_orders[p.order] = p
            except RowInvalid as exc:
                errors.append(exc.error(p.line))
                continue
            accepted.append(p)
        return accepted, new_orders, header_updates

    def _refunds(self, accepted: list[_Line], order_ids: dict[str, int], known: dict[str, tuple],
                 members: dict[str, int]) -> None:
        """Orders whose refunded amount grew: the points follow after the rows (see after.py)."""
        for p in accepted:
            if p.refunded:
                order_id = order_ids[p.order]
                stored = known[p.order][6] if p.order in known else 0
                if p.refunded > max(stored, self.result.refunds.get(order_id, 0)):
                    self.result.refunds[order_id] = p.refunded
                    self.result.member_ids.add(members[p.member])

    def _write(self, orders: list[tuple], lines: list[tuple]) -> None:
        """The one place new orders and their lines are written (keys already taken)."""
        insert_rows(self.conn, Order.__table__, _ORDER_COLUMNS, orders)
        insert_rows(self.conn, OrderLine.__table__, _LINE_COLUMNS, lines)
        self.result.new_order_ids.extend(o[0] for o in orders)

    def _order_totals(self, ids: set[int]) -> None:
        """Each touched order's amount is the sum of its lines (one UPDATE ... FROM per batch)."""
        if not ids:
            return
        totals = (select(OrderLine.order_id, func.sum(OrderLine.amount_fen).label("total"))
                  .where(among(self.conn, OrderLine.order_id, sorted(ids))).group_by(OrderLine.order_id).subquery())
        orders = Order.__table__
        self.conn.execute(update(orders).where(orders.c.id == totals.c.order_id, orders.c.amount_fen != totals.c.total)
                          .values(amount_fen=totals.c.total))

    def finish(self) -> None:
        """Each touched member's first and last order and total spent, read in one grouping
        per chunk and gathered for the run's one write of each member row (MemberRows: the
        version moves only where they differ)."""
        attribute_refills(self.conn, self.result.member_ids)  # the refills KPI: calls these orders followed
        keys = sorted(self.result.member_ids)
        orders = Order.__table__
        for start in range(0, len(keys), CHUNK):
            for mid, first, last, spent in self.conn.execute(
                    select(orders.c.member_id, func.min(orders.c.ordered_at), func.max(orders.c.ordered_at),
                           func.coalesce(func.sum(orders.c.amount_fen), 0))
                    .where(among(self.conn, orders.c.member_id, keys[start:start + CHUNK]))
                    .group_by(orders.c.member_id)):
                self.result.member_rows.set(mid, first_order_at=utc(first), last_order_at=utc(last),
                                            total_spent_fen=int(spent))


def _fen(plain: str) -> int:
    """'198.5' -> 19850: a plainly written amount (PLAIN_AMOUNT) without Decimal."""
    whole_, _, cents = plain.partition(".")
    return int(whole_) * 100 + int((cents + "00")[:2])
