"""One generation run: the random stream, the calendar, id counters and row buffers.

Times are epoch seconds (UTC) while generating; the BulkWriter turns them into driver values
when rows are buffered. Local days are date ordinals in the workstation's zone (clock.tz).
"""

import random
from collections.abc import Iterator
from itertools import accumulate, count
from datetime import date, datetime, time
from typing import Any

from app.data.tables import (
    Call, EffectRating, HealthIndicator, HealthProfile, Member, Order, OrderLine, PointsEntry, Ticket,
)
from app.domain.clock import Clock
from app.demo.bulk import SECONDS_PER_DAY, BulkWriter
from app.demo.catalogue import ProductInfo, Staff

WINDOW_DAYS = 548  # 18 months of order history up to today
YEAR = 365 * SECONDS_PER_DAY

# Column orders of the buffered tuples; tables are written in this order (foreign keys).
COLUMNS: dict[Any, tuple[str, ...]] = {
    Member: (
        "id", "external_id", "name", "name_initials", "gender", "birth_date", "region", "occupation",
        "phone_e164", "phone_alt_e164", "email", "wechat_id", "timezone", "language", "preferred_channel",
        "best_times", "consent", "do_not_call", "tier", "points_balance", "owner_id", "lifecycle_stage",
        "segment_tags", "medical_flag", "total_spent_fen", "first_order_at", "last_order_at", "created_at",
        "updated_at", "version",
    ),
    HealthProfile: (
        "member_id", "constitution", "health_goals", "conditions", "allergies", "baby_stage", "baby_birth_date",
        "updated_at", "version",
    ),
    HealthIndicator: ("id", "member_id", "name", "value", "unit", "measured_at"),
    Order: ("id", "external_id", "member_id", "ordered_at", "delivered_at", "channel", "amount_fen"),
    OrderLine: ("id", "order_id", "product_id", "quantity", "amount_fen", "batch_no"),
    Call: (
        "id", "client_id", "task_id", "member_id", "agent_id", "channel", "reasons", "started_at", "ended_at",
        "saved_at", "wrap_seconds", "disposition", "satisfaction", "adherence", "remaining_days", "refill_intent",
        "complaint_category", "complaint_severity", "complaint_text", "adverse_reaction", "callback_at", "answers",
        "notes", "script_id", "script_version",
    ),
    EffectRating: ("id", "call_id", "member_id", "dimension", "score"),
    Ticket: (
        "id", "member_id", "call_id", "category", "severity", "department", "status", "description",
        "assignee_id", "opened_by_id", "opened_at", "sla_due_at", "escalated_at", "resolved_at",
        "resolution_note", "repeat_complaint", "version",
    ),
    PointsEntry: ("id", "member_id", "delta", "kind", "source", "reason", "call_id", "order_id", "created_at", "expires_at"),
}


class Run:
    def __init__(self, writer: BulkWriter, clock: Clock, rng: random.Random, *,
                 products: list[ProductInfo], staff: Staff):
        self.r = rng
        self.w = writer
        self.tz = clock.tz
        self.today = clock.today()
        self.today_ord = self.today.toordinal()
        self.start_ord = self.today_ord - WINDOW_DAYS
        self.products = products
        self.by_sku = {p.sku: p for p in products}
        self.adult_products = [p for p in products if p.audience == "adult"]
        self.adult_cum_weights = list(accumulate(p.weight for p in self.adult_products))
        self.staff = staff
        self.rows: dict[Any, list[tuple]] = {table: [] for table in COLUMNS}
        self.counts: dict[Any, int] = {table: 0 for table in COLUMNS}
        self.ids: dict[Any, Iterator[int]] = {table: count(1) for table in COLUMNS}
        self.complaints = count(0)  # complaints filed so far: their tickets' states go in turn
        self._midnights: dict[int, int] = {}
        self._months: dict[int, str] = {}
        # "Now" for the data is the start of today: the same seed and the same day give the same
        # data whatever the hour, and nothing generated lies in the future of the clock.
        self.now = self.midnight(self.today_ord)

    def next_id(self, table: Any) -> int:
        return next(self.ids[table])

    def midnight(self, ordinal: int) -> int:
        """Epoch seconds of local midnight starting day `ordinal` (cached: zoneinfo is slow)."""
        value = self._midnights.get(ordinal)
        if value is None:
            local = datetime.combine(date.fromordinal(ordinal), time(0, 0), tzinfo=self.tz)
            value = self._midnights[ordinal] = int(local.timestamp())
        return value

    def month_code(self, ordinal: int) -> str:
        """'2605' for a day in May 2026 (batch numbers)."""
        code = self._months.get(ordinal)
        if code is None:
            day = date.fromordinal(ordinal)
            code = self._months[ordinal] = f"{day.year % 100:02d}{day.month:02d}"
        return code

    def at(self, ordinal: int, seconds_of_day: int) -> int:
        return self.midnight(ordinal) + seconds_of_day

    def add(self, table: Any, row: tuple) -> None:
        self.rows[table].append(row)

    def flush(self) -> None:
        for table, rows in self.rows.items():
            if rows:
                self.w.insert(table.__table__, COLUMNS[table], rows)
                self.counts[table] += len(rows)
                rows.clear()
