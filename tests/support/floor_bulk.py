"""A busy call-centre floor in bulk, for the dashboard benchmark and the console screenshot.

Members, a year (or any number of days) of calls with realistic outcome mixes by hour,
tickets with SLAs met or missed, orders and refill requests after calls, and today's live
and abandoned claims. Rows go in with plain executemany (the ORM would take minutes for
millions of rows); instants are written the way each engine stores them.
"""

import random
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from app.data.uow import Database
from app.domain.clock import Clock
from app.services.dashboard import attribute_refills
from app.services.users import hash_password

AGENT_NAMES = ["张敏", "李娜", "王磊", "刘洋", "陈静", "杨帆", "赵丽", "黄伟", "周婷", "吴昊", "徐静", "孙浩"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["秀英", "桂英", "建华", "丽娟", "海燕", "志强", "晓明", "婷婷", "佳怡", "子涵", "梓轩", "雨萱"]
DISPOSITIONS = (("reached", 70), ("no_answer", 14), ("busy", 6), ("callback", 4), ("refused", 3),
                ("wrong_number", 2), ("do_not_call", 1))
HOUR_WEIGHTS = {8: 3, 9: 8, 10: 10, 11: 9, 12: 5, 13: 6, 14: 9, 15: 10, 16: 9, 17: 6, 18: 4, 19: 6, 20: 5}
CATEGORIES = (("logistics", "logistics", 34), ("quality", "quality", 22), ("usage", "service", 16),
              ("service", "service", 12), ("stock_out", "supply_chain", 10), ("counterfeit", "technology", 6))
REASONS = ("refill", "effect_check", "delivery_survey", "churn_risk", "revisit", "cadence", "care_moment")
REASON_WEIGHTS = (35, 10, 15, 10, 5, 15, 10)
TIERS = (("standard", 68), ("silver", 20), ("gold", 9), ("diamond", 3))


def _weighted(pairs):
    values = [p[0] if len(p) == 2 else p[:-1] for p in pairs]
    weights = [p[-1] for p in pairs]
    return values, weights


class _Writer:
    def __init__(self, session: Session):
        self.conn = session.connection()
        self.sqlite = self.conn.dialect.name == "sqlite"

    def at(self, instant: datetime | None):
        if instant is None:
            return None
        return instant.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds") \
            if self.sqlite else instant

    def insert(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        mark = "?" if self.sqlite else "%s"
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
        if self.sqlite:
            self.conn.exec_driver_sql(sql, rows)
            return
        raw = self.conn.connection.dbapi_connection
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def generate_floor(db: Database, clock: Clock, *, members: int = 2_000, days: int = 60, calls_per_day: int = 400,
                   agents: int = 8, seed: int = 7, chunk: int = 200_000) -> dict[str, int]:
    """Fill an empty migrated database; returns the row counts written."""
    rnd = random.Random(seed)
    now = clock.now()
    local_today = clock.local_now().replace(hour=0, minute=0, second=0, microsecond=0)
    counts: dict[str, int] = {}
    password = hash_password("caredesk")
    with db.session(write=True) as session:
        w = _Writer(session)
        users = [(1, "supervisor1", "陈静", "supervisor", password, True, True, "zh", w.at(now))]
        users += [(i + 2, f"agent{i + 1}", AGENT_NAMES[i % len(AGENT_NAMES)] + ("" if i < len(AGENT_NAMES) else str(i)),
                   "agent", password, False, True, "zh", w.at(now)) for i in range(agents)]
        w.insert("users", ["id", "username", "display_name", "role", "password_hash", "can_view_health", "active",
                           "language", "created_at"], users)
        agent_ids = [u[0] for u in users[1:]]
        w.insert("products", ["id", "sku", "name", "category", "pack_days", "daily_dose", "dosage", "price_fen"], [
            (1, "FO-500", "深海鱼油软胶囊 500mg", "fish_oil", 30, "1粒", "", 19800),
            (2, "VC-100", "维生素C咀嚼片", "vitamins", 60, "1片", "", 8800),
            (3, "PB-30", "益生菌固体饮料", "probiotics", 30, "1袋", "", 15800),
        ])

        tiers, tier_w = _weighted(TIERS)
        created = w.at(now - timedelta(days=400))
        rows = []
        for mid in range(1, members + 1):
            tier = rnd.choices(tiers, tier_w)[0]
            owner = rnd.choice(agent_ids) if tier in ("gold", "diamond") else None
            name = rnd.choice(SURNAMES) + rnd.choice(GIVEN)
            rows.append((mid, f"M{mid:08d}", name, "", f"+86138{mid:08d}", "Asia/Shanghai", "zh", "phone", "",
                         True, False, tier, 0, owner, "stable", "", mid % 2000 == 0, 0, created, created, 1))
            if len(rows) >= chunk:
                _members(w, rows)
                rows = []
        _members(w, rows)
        counts["members"] = members

        counts.update(_activity(w, rnd, now, local_today, members=members, agent_ids=agent_ids, days=days,
                                calls_per_day=calls_per_day, chunk=chunk))
        span = max(days, 30)
        order_rows: list[tuple] = []
        order_id = 0
        for mid in range(1, members + 1):
            for _ in range(rnd.choice((0, 1, 1, 2, 2, 3))):
                order_id += 1
                at = now - timedelta(days=rnd.uniform(0, span))
                order_rows.append((order_id, f"O{order_id:09d}", mid, w.at(at), w.at(at + timedelta(days=2)),
                                   "app", 19800))
            if len(order_rows) >= chunk:
                _orders(w, order_rows)
                order_rows = []
        _orders(w, order_rows)
        counts["orders"] = order_id

        counts["tasks"] = _claims_and_tasks(w, rnd, now, members=members, agent_ids=agent_ids)
        attribute_refills(session, None)  # rows went in raw: credit the calls as the writers would
        if not w.sqlite:
            for table in ("users", "products", "members", "calls", "tickets", "refill_requests", "orders"):
                w.conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                       f"COALESCE((SELECT MAX(id) FROM {table}), 1))")
    return counts


def add_activity(db: Database, clock: Clock, *, members: int, agent_ids: list[int], days: int = 365,
                 calls_per_day: int = 6_000, seed: int = 7, chunk: int = 200_000) -> dict[str, int]:
    """Calls, tickets, refills and claims on top of existing members (the big benchmark database)."""
    rnd = random.Random(seed)
    now = clock.now()
    local_today = clock.local_now().replace(hour=0, minute=0, second=0, microsecond=0)
    with db.session(write=True) as session:
        w = _Writer(session)
        counts = _activity(w, rnd, now, local_today, members=members, agent_ids=agent_ids, days=days,
                           calls_per_day=calls_per_day, chunk=chunk)
        counts["tasks"] = _claims_and_tasks(w, rnd, now, members=members, agent_ids=agent_ids)
        attribute_refills(session, None)  # rows went in raw: credit the calls as the writers would
    return counts


def _activity(w: "_Writer", rnd: random.Random, now: datetime, local_today: datetime, *, members: int,
              agent_ids: list[int], days: int, calls_per_day: int, chunk: int) -> dict[str, int]:
    """Calls for `days` local days up to now, the tickets and refill requests that follow them."""
    dispositions, disp_w = _weighted(DISPOSITIONS)
    hours, hour_w = list(HOUR_WEIGHTS), list(HOUR_WEIGHTS.values())
    categories = [(c, d) for c, d, _ in CATEGORIES]
    cat_w = [n for *_, n in CATEGORIES]
    call_rows: list[tuple] = []
    ticket_rows: list[tuple] = []
    refill_rows: list[tuple] = []
    call_id = ticket_id = refill_id = 0
    for back in range(days - 1, -1, -1):
        day = local_today - timedelta(days=back)
        volume = calls_per_day if day.weekday() < 5 else calls_per_day // 2
        for _ in range(volume):
            start = day + timedelta(hours=rnd.choices(hours, hour_w)[0], seconds=rnd.randrange(3600))
            if start >= now:
                continue
            call_id += 1
            member = rnd.randrange(1, members + 1)
            disposition = rnd.choices(dispositions, disp_w)[0]
            reached = disposition == "reached"
            handle = rnd.randint(150, 540) if reached else rnd.randint(20, 60)
            wrap = rnd.randint(20, 150) if reached else rnd.randint(5, 30)
            ended = start + timedelta(seconds=handle)
            saved = ended + timedelta(seconds=wrap)
            satisfaction = (min(10, max(1, round(rnd.gauss(8.2 - back / 200, 1.4))))
                            if reached and rnd.random() < 0.8 else None)
            reason = rnd.choices(REASONS, REASON_WEIGHTS)[0]
            severe = reached and rnd.random() < 0.0008
            call_rows.append((call_id, uuid.UUID(int=rnd.getrandbits(128)).hex, member, rnd.choice(agent_ids),
                              "phone", reason, w.at(start), w.at(ended), w.at(min(saved, now)), wrap, disposition,
                              satisfaction, "severe" if severe else "none", "{}", ""))
            if reached and rnd.random() < 0.03:
                ticket_id += 1
                category, department = rnd.choices(categories, cat_w)[0]
                severity = "urgent" if rnd.random() < 0.2 else "normal"
                sla = timedelta(hours=2 if severity == "urgent" else 24)
                took = sla * rnd.uniform(0.1, 1.0) if rnd.random() < 0.85 else sla * rnd.uniform(1.05, 2.5)
                resolved = saved + took if saved + took < now else None
                ticket_rows.append((ticket_id, member, call_id, category, severity, department,
                                    "resolved" if resolved else "open", "", w.at(saved), w.at(saved + sla),
                                    w.at(resolved), rnd.random() < 0.05, 1))
            if reached and rnd.random() < 0.12:
                refill_id += 1
                refill_rows.append((refill_id, member, call_id, "requested",
                                    w.at(min(now, saved + timedelta(days=rnd.uniform(0, 10))))))
            if len(call_rows) >= chunk:
                _calls(w, call_rows)
                call_rows = []
    _calls(w, call_rows)
    _tickets(w, ticket_rows)
    w.insert("refill_requests", ["id", "member_id", "call_id", "status", "created_at"], refill_rows)
    return {"calls": call_id, "tickets": ticket_id, "refill_requests": refill_id}


def _claims_and_tasks(w: "_Writer", rnd: random.Random, now: datetime, *, members: int, agent_ids: list[int]) -> int:
    """Live claims (agents on a call), abandoned ones, and open tasks to move around."""
    tasks = []
    for i, agent in enumerate(agent_ids):
        member = rnd.randrange(1, members + 1)
        if i % 3 != 2:  # two agents in three are on a call right now
            tasks.append((member, "refill", "claimed", agent, agent, w.at(now + timedelta(minutes=12))))
        if i % 4 == 3:  # and now and then a claim someone walked away from
            tasks.append((rnd.randrange(1, members + 1), "cadence", "claimed", None, agent,
                          w.at(now - timedelta(minutes=25))))
    for _ in range(min(members, 200)):
        tasks.append((rnd.randrange(1, members + 1), rnd.choices(REASONS, REASON_WEIGHTS)[0], "open",
                      rnd.choice(agent_ids + [None] * 3), None, None))
    seen: set[tuple[int, str]] = set()
    task_rows = []
    for member, reason, status, assigned, claimed, lease in tasks:
        if (member, reason) in seen:
            continue
        seen.add((member, reason))
        task_rows.append((member, reason, status, 50, "", "{}", w.at(now - timedelta(hours=2)), 0, assigned,
                          claimed, lease, w.at(now - timedelta(days=1)), 1))
    w.insert("follow_up_tasks", ["member_id", "reason", "status", "priority", "why", "detail", "due_at", "attempts",
                                 "assigned_agent_id", "claimed_by_id", "lease_until", "created_at", "version"],
             task_rows)
    return len(task_rows)


def _members(w: _Writer, rows: list[tuple]) -> None:
    w.insert("members", ["id", "external_id", "name", "name_initials", "phone_e164", "timezone", "language",
                         "preferred_channel", "best_times", "consent", "do_not_call", "tier", "points_balance",
                         "owner_id", "lifecycle_stage", "segment_tags", "medical_flag", "total_spent_fen",
                         "created_at", "updated_at", "version"], rows)


def _calls(w: _Writer, rows: list[tuple]) -> None:
    w.insert("calls", ["id", "client_id", "member_id", "agent_id", "channel", "reasons", "started_at", "ended_at",
                       "saved_at", "wrap_seconds", "disposition", "satisfaction", "adverse_reaction", "answers",
                       "notes"], rows)


def _tickets(w: _Writer, rows: list[tuple]) -> None:
    w.insert("tickets", ["id", "member_id", "call_id", "category", "severity", "department", "status",
                         "description", "opened_at", "sla_due_at", "resolved_at", "repeat_complaint", "version"], rows)


def _orders(w: _Writer, rows: list[tuple]) -> None:
    w.insert("orders", ["id", "external_id", "member_id", "ordered_at", "delivered_at", "channel", "amount_fen"], rows)
