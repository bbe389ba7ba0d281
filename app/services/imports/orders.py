"""Order lines, a batch at a time: orders by their external id, lines by (order, product).
New rows go in with one bulk statement per batch, changed ones with one executemany, and a
value is only written when it differs, so a re-import changes nothing."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from app.data.tables import Member, Order, OrderLine, Product
from app.services.dashboard.refills import attribute_refills
from app.services.imports.bulk import CHUNK, among, insert_rows, lookup, update_rows, utc
from app.services.imports.result import RowError
from app.services.imports.values import RowInvalid, amount_fen, channel, instant, text, whole
from app.services.imports.base import Batch, Importer

_LINE_COLUMNS = ("order_id", "product_id", "quantity", "amount_fen", "batch_no")
_ORDER_COLUMNS = ("external_id", "member_id", "ordered_at", "delivered_at", "channel", "amount_fen")


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


class OrderImporter(Importer):
    def start(self) -> None:
        self.products = dict(self.conn.execute(select(Product.sku, Product.id)).all())
        self.now = self.clock.now()
        self.first_line: dict[int, int] = {}  # order id -> its first row in this run
        self.seen_lines: dict[int, int] = {}  # (order id << 32 | product id) -> row
        # A column the file lacks never overwrites a stored value.
        self.header_fields = {"ordered_at"} | {f for f, c in (("delivered_at", "delivered_at"), ("channel", "channel"))
                                               if c in self.present}
        self.line_fields = {"quantity"} | {f for f, c in (("amount_fen", "amount"), ("batch_no", "batch"))
                                           if c in self.present}

    def _parse(self, line: int, v: dict[str, str]) -> _Line:
        order = text(v, "order_id", max_length=64, required=True)
        member = text(v, "member_external_id", max_length=64, required=True)
        sku = text(v, "sku", max_length=40, required=True)
        quantity = whole(v, "quantity", low=1, high=9999)
        fen = amount_fen(v) if v.get("amount", "").strip() else 0
        ordered_at = instant(v, "ordered_at", self.today, self.clock.tz)
        if ordered_at is None:
            raise RowInvalid("ordered_at is empty", "ordered_at", "")
        if ordered_at > self.now:
            raise RowInvalid(f"ordered_at {v['ordered_at'].strip()!r} is in the future", "ordered_at", v["ordered_at"])
        delivered_at = instant(v, "delivered_at", self.today, self.clock.tz)
        if delivered_at is not None and delivered_at < ordered_at:
            raise RowInvalid("delivered_at is before ordered_at", "delivered_at", v["delivered_at"])
        product_id = self.products.get(sku)
        if product_id is None:
            raise RowInvalid(f"no product with sku {sku!r}", "sku", sku)
        return _Line(line, order, member, product_id, sku, quantity, fen, ordered_at, delivered_at,
                     channel(v), text(v, "batch", max_length=40) or None)

    def batch(self, rows: Batch) -> list[RowError]:
        errors: list[RowError] = []
        parsed: list[_Line] = []
        for line, values in rows:
            try:
                parsed.append(self._parse(line, values))
            except RowInvalid as exc:
                errors.append(RowError(line, exc.reason, exc.column, exc.value))
        if not parsed:
            return errors
        members = dict(lookup(self.conn, (Member.external_id, Member.id), Member.external_id,
                              {p.member for p in parsed}))
        known = {r.external_id: r for r in lookup(
            self.conn, (Order.id, Order.external_id, Order.member_id, Order.ordered_at, Order.delivered_at,
                        Order.channel), Order.external_id, {p.order for p in parsed})}
        new_orders: dict[str, _Line] = {}
        first_here: dict[str, _Line] = {}  # known orders whose first row in this run is in this batch
        header_updates: dict[int, dict] = {}
        accepted: list[_Line] = []
        for p in parsed:
            member_id = members.get(p.member)
            try:
                if member_id is None:
                    raise RowInvalid(f"no member with external_id {p.member!r}", "member_external_id", p.member)
                first = new_orders.get(p.order) or first_here.get(p.order)
                if first is not None:  # compared with the row that set the order in this batch
                    if (first.member, first.ordered_at) != (p.member, p.ordered_at):
                        raise RowInvalid(f"order {p.order} has another member or ordered_at on row {first.line}",
                                         "order_id", p.order)
                elif p.order in known:
                    order = known[p.order]
                    if order.id in self.first_line:
                        if (order.member_id, utc(order.ordered_at)) != (member_id, p.ordered_at):
                            raise RowInvalid(f"order {p.order} has another member or ordered_at on row "
                                             f"{self.first_line[order.id]}", "order_id", p.order)
                    elif order.member_id != member_id:
                        raise RowInvalid(f"order {p.order} already belongs to another member", "order_id", p.order)
                    else:
                        header = {"ordered_at": p.ordered_at, "delivered_at": p.delivered_at, "channel": p.channel}
                        current = {"ordered_at": utc(order.ordered_at), "delivered_at": utc(order.delivered_at),
                                   "channel": order.channel}
                        change = {k: v for k, v in header.items() if k in self.header_fields and current[k] != v}
                        if change:
                            header_updates[order.id] = {"_id": order.id, **change}
                        self.first_line[order.id] = p.line
                        first_here[p.order] = p
                else:
                    new_orders[p.order] = p
            except RowInvalid as exc:
                errors.append(RowError(p.line, exc.reason, exc.column, exc.value))
                continue
            accepted.append(p)
        # An order first seen in this batch has all its lines here so far: its amount is their
        # sum (each sku once, as the loop below keeps it), written with the order itself.
        new_totals: dict[str, int] = dict.fromkeys(new_orders, 0)
        new_pairs: set[tuple[str, int]] = set()
        for p in accepted:
            if p.order in new_totals and (p.order, p.product_id) not in new_pairs:
                new_pairs.add((p.order, p.product_id))
                new_totals[p.order] += p.fen
        insert_rows(self.conn, Order.__table__, _ORDER_COLUMNS, [
            (p.order, members[p.member], p.ordered_at, p.delivered_at, p.channel, new_totals[p.order])
            for p in new_orders.values()])
        order_ids = {o: r.id for o, r in known.items()}
        for external_id, id_ in lookup(self.conn, (Order.external_id, Order.id), Order.external_id, new_orders):
            order_ids[external_id] = id_
            self.first_line[id_] = new_orders[external_id].line
        existing_lines = {(r.order_id, r.product_id): r for r in lookup(
            self.conn, (OrderLine.id, OrderLine.order_id, OrderLine.product_id, OrderLine.quantity,
                        OrderLine.amount_fen, OrderLine.batch_no),
            OrderLine.order_id, [order_ids[o] for o in known if o in order_ids])}
        inserts: list[tuple] = []
        line_updates: list[dict] = []
        header_pending = set(header_updates)  # a changed order header counts its first line as updated
        changed_orders: set[int] = set()  # orders whose lines changed: their amount is summed again
        for p in accepted:
            order_id = order_ids[p.order]
            key = order_id << 32 | p.product_id
            if key in self.seen_lines:
                errors.append(RowError(p.line, f"order {p.order} already has sku {p.sku} on row "
                                               f"{self.seen_lines[key]}", "sku", p.sku))
                continue
            self.seen_lines[key] = p.line
            values = (p.quantity, p.fen, p.batch)
            existing = existing_lines.get((order_id, p.product_id))
            if existing is None:
                inserts.append((order_id, p.product_id, *values))
                self.result.created += 1
                changed_orders.add(order_id)
            elif change := {k: v for k, v in zip(_LINE_COLUMNS[2:], values)
                            if k in self.line_fields and getattr(existing, k) != v}:
                line_updates.append({"_id": existing.id, **change})
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
        insert_rows(self.conn, OrderLine.__table__, _LINE_COLUMNS, inserts)
        self._order_totals(changed_orders - {order_ids[o] for o in new_totals})
        return errors

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
        """Each touched member's first and last order and total spent, written when they differ."""
        attribute_refills(self.conn, self.result.member_ids)  # the refills KPI: calls these orders followed
        keys = sorted(self.result.member_ids)
        now = self.clock.now()
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start:start + CHUNK]
            facts = {m: (utc(a), utc(b), int(s or 0)) for m, a, b, s in self.conn.execute(
                select(Order.member_id, func.min(Order.ordered_at), func.max(Order.ordered_at),
                       func.sum(Order.amount_fen)).where(among(self.conn, Order.member_id, chunk))
                .group_by(Order.member_id))}
            changes = []
            for id_, first, last, spent in lookup(self.conn, (Member.id, Member.first_order_at, Member.last_order_at,
                                                              Member.total_spent_fen), Member.id, chunk):
                wanted = facts.get(id_, (None, None, 0))
                if (utc(first), utc(last), spent) != wanted:
                    changes.append({"_id": id_, "first_order_at": wanted[0], "last_order_at": wanted[1],
                                    "total_spent_fen": wanted[2], "updated_at": now})
            update_rows(self.conn, Member.__table__, changes, bump_version=True)
