"""The whole domain as SQLAlchemy 2.0 typed tables; Alembic migrations mirror this file.

Codes are short strings (see app.domain.codes), money is integer fen, instants are UTC.
Rows that several workstations edit carry a `version` column (optimistic locking).
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.data.base import Base

# Big tables get 64-bit keys on PostgreSQL; SQLite needs plain INTEGER for rowid aliasing.
BigId = BigInteger().with_variant(Integer(), "sqlite")
OPEN_TASK = text("status IN ('open', 'claimed')")


def last4_sql(column: str) -> str:
    """The last four characters of a stored E.164 number, spelled the same on SQLite and PostgreSQL
    (queries must use this very text for the planners to match the expression index)."""
    return f"substr({column}, length({column}) - 3)"


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    can_view_health: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str] = mapped_column(String(8), default="zh")
    created_at: Mapped[datetime]


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (
        Index(None, "owner_id", "tier"),
        Index(None, "phone_e164"),
        Index(None, "address"),
        Index(None, "lifecycle_next_on"),
        # Member search (issue 12): name and initials prefixes, read in (key, id) order so a
        # LIMIT stops after the rows it returns (PostgreSQL orders equal keys by heap position);
        # the last four digits of either phone as expression indexes, so every writer (ORM,
        # imports, the demo's bulk COPY) keeps them.
        Index(None, "name_initials", "id"),
        Index(None, "name", "id"),
        Index("ix_members_phone_last4", text(last4_sql("phone_e164"))),
        Index("ix_members_phone_alt_last4", text(last4_sql("phone_alt_e164"))),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    name_initials: Mapped[str] = mapped_column(String(32), default="")  # pinyin initials, for search
    gender: Mapped[str | None] = mapped_column(String(1))
    birth_date: Mapped[date | None] = mapped_column(Date)
    region: Mapped[str | None] = mapped_column(String(64))
    occupation: Mapped[str | None] = mapped_column(String(64))
    phone_e164: Mapped[str | None] = mapped_column(String(20))
    phone_alt_e164: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(120))
    wechat_id: Mapped[str | None] = mapped_column(String(64))
    # Postal address as the shop gave it, cleaned by app.domain.loyalty.fraud.clean_address
    # (the fraud check groups members on it).
    address: Mapped[str | None] = mapped_column(String(200))
    timezone: Mapped[str | None] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(8), default="zh")
    preferred_channel: Mapped[str] = mapped_column(String(8), default="phone")
    best_times: Mapped[str] = mapped_column(String(120), default="")  # "12:00-13:30;19:00-21:00"
    consent: Mapped[bool] = mapped_column(Boolean, default=False)  # no explicit consent = refusal
    do_not_call: Mapped[bool] = mapped_column(Boolean, default=False)
    tier: Mapped[str] = mapped_column(String(12), default="standard")
    points_balance: Mapped[int] = mapped_column(Integer, default=0)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lifecycle_stage: Mapped[str] = mapped_column(String(16), default="new")
    tier_review_on: Mapped[date | None] = mapped_column(Date)  # the next yearly downgrade review
    tier_grace_until: Mapped[date | None] = mapped_column(Date)  # below the tier's spend since the review
    segment_tags: Mapped[str] = mapped_column(String(120), default="")
    # The next day the lifecycle stage or tags can change by time alone (app.services.loyalty
    # .jobs); NULL: to derive at the next run (a new member, a new order or a refund).
    lifecycle_next_on: Mapped[date | None] = mapped_column(Date)
    medical_flag: Mapped[bool] = mapped_column(Boolean, default=False)  # severe adverse reaction
    total_spent_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    first_order_at: Mapped[datetime | None]
    last_order_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, default=1)

    owner: Mapped[User | None] = relationship()
    __mapper_args__ = {"version_id_col": version}


class HealthProfile(Base):
    """Sensitive: read only by users allowed to, and every read is audited."""

    __tablename__ = "health_profiles"

    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    constitution: Mapped[str | None] = mapped_column(String(64))
    health_goals: Mapped[str | None] = mapped_column(Text)
    conditions: Mapped[str | None] = mapped_column(Text)
    allergies: Mapped[str | None] = mapped_column(Text)
    baby_stage: Mapped[str | None] = mapped_column(String(24))
    baby_birth_date: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class HealthIndicator(Base):
    __tablename__ = "health_indicators"
    __table_args__ = (Index(None, "member_id", "name", "measured_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(40))  # e.g. hemoglobin
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(16), default="")
    measured_at: Mapped[datetime]


class Product(Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str | None] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(20))
    pack_days: Mapped[int] = mapped_column(Integer)
    daily_dose: Mapped[str] = mapped_column(String(40), default="")
    dosage: Mapped[str] = mapped_column(String(120), default="")
    price_fen: Mapped[int] = mapped_column(Integer, default=0)
    launched_on: Mapped[date | None] = mapped_column(Date)  # new products are offered to diamond members


class Order(Base):
    __tablename__ = "orders"
    # ordered_at alone: the nightly tier review's recent orders and the measures of a span.
    __table_args__ = (Index(None, "member_id", "ordered_at"), Index(None, "delivered_at"), Index(None, "ordered_at"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id", ondelete="CASCADE"))
    ordered_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]
    channel: Mapped[str] = mapped_column(String(12), default="app")
    amount_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    refunded_fen: Mapped[int] = mapped_column(BigInteger, default=0, server_default=text("0"))
    refunded_at: Mapped[datetime | None]
    # The member's tier when the order was written and the discount that tier gave (silver's
    # 10% off, which gold and diamond keep), for the statistics (app.services.loyalty.benefits).
    member_tier: Mapped[str | None] = mapped_column(String(12))
    tier_discount_fen: Mapped[int] = mapped_column(BigInteger, default=0, server_default=text("0"))

    lines: Mapped[list["OrderLine"]] = relationship(back_populates="order", cascade="all, delete-orphan")


class OrderLine(Base):
    __tablename__ = "order_lines"
    __table_args__ = (UniqueConstraint("order_id", "product_id"), Index(None, "product_id"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    order_id: Mapped[int] = mapped_column(BigId, ForeignKey("orders.id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    amount_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    batch_no: Mapped[str | None] = mapped_column(String(40))

    order: Mapped[Order] = relationship(back_populates="lines")


class FollowUpTask(Base):
    """One reason to call one member. The queue groups a member's open tasks into one call."""

    __tablename__ = "follow_up_tasks"
    __table_args__ = (
        # No two open tasks for the same member and reason.
        Index(
            "uq_follow_up_tasks_open_member_reason", "member_id", "reason", unique=True,
            sqlite_where=OPEN_TASK, postgresql_where=OPEN_TASK,
        ),
        Index(None, "status", "due_at"),
        Index(None, "assigned_agent_id", "status"),
        Index(None, "claimed_by_id", "lease_until"),
        # The queue reads open tasks best-first (issue 3): a partial index keeps that a scan.
        Index(
            "ix_follow_up_tasks_open_priority", "priority", "due_at", "member_id",
            sqlite_where=OPEN_TASK, postgresql_where=OPEN_TASK,
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default="open")
    priority: Mapped[int] = mapped_column(Integer, default=0)
    why: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    due_at: Mapped[datetime]  # start of the due window
    due_until: Mapped[datetime | None]  # end of the window (None: open-ended)
    not_before: Mapped[datetime | None]  # retry scheduling after no answer / busy
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[datetime | None]
    assigned_agent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    owner_only_until: Mapped[datetime | None]  # own callback / care manager hand-off time
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lease_until: Mapped[datetime | None]
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    order_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("orders.id", ondelete="SET NULL"))
    ticket_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("tickets.id", ondelete="SET NULL", use_alter=True))
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    close_reason: Mapped[str | None] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class Call(Base):
    """One call (or other-channel contact) and its structured outcome."""

    __tablename__ = "calls"
    __table_args__ = (
        Index(None, "member_id", "started_at"),
        Index(None, "agent_id", "started_at"),
        # The supervisor dashboard counts a span's calls by outcome and score, and its members
        # (issue 8; member_id added by migration 0011): covering.
        Index(None, "started_at", "disposition", "satisfaction", "member_id"),
        # The refills KPI counts the credited calls of a span (migration 0011): a small partial index.
        Index("ix_calls_refill_started_at", "started_at", sqlite_where=text("led_to_refill = 1"),
              postgresql_where=text("led_to_refill")),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(36), unique=True)  # idempotent replays
    task_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("follow_up_tasks.id", ondelete="SET NULL"))
    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id", ondelete="CASCADE"))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    channel: Mapped[str] = mapped_column(String(8), default="phone")
    reasons: Mapped[str] = mapped_column(String(120), default="")  # reason codes, comma separated
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    saved_at: Mapped[datetime]
    wrap_seconds: Mapped[int | None] = mapped_column(Integer)
    disposition: Mapped[str] = mapped_column(String(16))
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    adherence: Mapped[str | None] = mapped_column(String(16))
    remaining_days: Mapped[int | None] = mapped_column(Integer)
    refill_intent: Mapped[bool | None] = mapped_column(Boolean)
    complaint_category: Mapped[str | None] = mapped_column(String(16))
    complaint_severity: Mapped[str | None] = mapped_column(String(8))
    complaint_text: Mapped[str | None] = mapped_column(Text)
    adverse_reaction: Mapped[str] = mapped_column(String(8), default="none")
    callback_at: Mapped[datetime | None]
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    notes: Mapped[str] = mapped_column(Text, default="")  # internal: never printed for the member
    recommendation: Mapped[str | None] = mapped_column(Text)  # written for the member: their care report
    script_id: Mapped[str | None] = mapped_column(String(64))
    script_version: Mapped[str | None] = mapped_column(String(16))
    # An order or refill request of the member followed within the refill window (reached
    # calls only): written when the order arrives, read by the refills KPI.
    led_to_refill: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    effects: Mapped[list["EffectRating"]] = relationship(cascade="all, delete-orphan")


class CallDay(Base):
    """The calls of one centre day and agent, summed (the dashboard's rollup, migration 0019).

    Kept by triggers on calls in the writer's own transaction, never written by the app:
    app/services/dashboard/rollup.py reads it. agent_key is the agent's id, 0 for none."""

    __tablename__ = "call_days"
    __table_args__ = {"sqlite_with_rowid": False}  # the key is the table: one index pass per span

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    agent_key: Mapped[int] = mapped_column(Integer, primary_key=True)
    calls: Mapped[int] = mapped_column(Integer)
    reached: Mapped[int] = mapped_column(Integer)
    score_sum: Mapped[int] = mapped_column(Integer)
    scored: Mapped[int] = mapped_column(Integer)
    wrap_sum: Mapped[int] = mapped_column(BigInteger)
    wrapped: Mapped[int] = mapped_column(Integer)
    refills: Mapped[int] = mapped_column(Integer)  # calls credited with a refill
    refills_reached: Mapped[int] = mapped_column(Integer)  # of them reached (all, as credited)


class CallDayMembers(Base):
    """Distinct members per centre day, exactly (migration 0019): for each member's first call
    of a kind on `day`, the day of the member's previous call of that kind (0001-01-01: none).
    The members of days a..b are the rows of a..b with prev_day < a. Kept by the triggers."""

    __tablename__ = "call_day_members"
    __table_args__ = {"sqlite_with_rowid": False}

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # called, reached, churn
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    prev_day: Mapped[date] = mapped_column(Date, primary_key=True)
    members: Mapped[int] = mapped_column(Integer)


class CallHour(Base):
    """The calls of one UTC hour and outcome, with their scores (migration 0019): the charts'
    rollup, folded into the reader's local hours and days. Kept by the same triggers."""

    __tablename__ = "call_hours"
    __table_args__ = {"sqlite_with_rowid": False}

    hour: Mapped[datetime] = mapped_column(primary_key=True)
    disposition: Mapped[str] = mapped_column(String(16), primary_key=True)
    calls: Mapped[int] = mapped_column(Integer)
    score_sum: Mapped[int] = mapped_column(Integer)
    scored: Mapped[int] = mapped_column(Integer)


class EffectRating(Base):
    __tablename__ = "effect_ratings"
    __table_args__ = (UniqueConstraint("call_id", "dimension"), Index(None, "member_id", "dimension"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    call_id: Mapped[int] = mapped_column(BigId, ForeignKey("calls.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id", ondelete="CASCADE"))
    dimension: Mapped[str] = mapped_column(String(16))
    score: Mapped[int] = mapped_column(Integer)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        Index(None, "status", "sla_due_at"),
        Index(None, "member_id", "opened_at"),
        Index(None, "department", "status"),
        Index(None, "opened_at"),  # the dashboard's tickets of a span (migration 0011)
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id", ondelete="CASCADE"))
    call_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("calls.id", ondelete="SET NULL"))
    category: Mapped[str] = mapped_column(String(16))
    severity: Mapped[str] = mapped_column(String(8))
    department: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(12), default="open")
    description: Mapped[str] = mapped_column(Text, default="")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime]
    sla_due_at: Mapped[datetime]
    escalated_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    resolution_note: Mapped[str | None] = mapped_column(Text)
    repeat_complaint: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class TicketComment(Base):
    __tablename__ = "ticket_comments"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(BigId, ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    body: Mapped[str] = mapped_column(Text)


class PointsEntry(Base):
    """One change of a member's points; the balance is the sum of the entries (issue 17).

    kind: earned, bonus, redeemed, expired, frozen, adjusted, reversed; source: order, call,
    referral, admin, system. `client_key` makes each change idempotent per member; an
    expiry or a refund reversal names the entry it takes from (`ref_entry_id`).
    """

    __tablename__ = "points_ledger"
    __table_args__ = (
        Index(None, "member_id", "created_at"),
        Index(None, "expires_at"),
        Index(None, "kind", "created_at"),
        UniqueConstraint("member_id", "client_key"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id", ondelete="CASCADE"))
    delta: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12))
    source: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(String(120))  # purchase, survey, repurchase, gift, ... or free text
    client_key: Mapped[str | None] = mapped_column(String(64))
    frozen: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    ref_entry_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("points_ledger.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    call_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("calls.id", ondelete="SET NULL"))
    order_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("orders.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]  # cleared once the daily expiry has dealt with the entry


class RefillRequest(Base):
    __tablename__ = "refill_requests"
    __table_args__ = (Index(None, "member_id", "created_at"),)  # the refill window after a call

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id", ondelete="CASCADE"), index=True)
    call_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("calls.id", ondelete="SET NULL"))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    status: Mapped[str] = mapped_column(String(12), default="requested")
    created_at: Mapped[datetime]


class OutboundMessage(Base):
    """An SMS / WeChat follow-up recorded instead of (or after) a call."""

    __tablename__ = "outbound_messages"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("follow_up_tasks.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(8), default="sms")
    kind: Mapped[str] = mapped_column(String(24))  # survey, relief_advice, ...
    status: Mapped[str] = mapped_column(String(12), default="queued")
    created_at: Mapped[datetime]


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index(None, "entity", "entity_id"), Index(None, "at"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ChangeEvent(Base):
    """A feed of what changed, polled by open windows (LISTEN/NOTIFY wakes them sooner)."""

    __tablename__ = "change_events"
    __table_args__ = (Index(None, "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime]
    topic: Mapped[str] = mapped_column(String(16))  # queue, member, ticket
    entity_id: Mapped[int | None] = mapped_column(BigId)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ImportRun(Base):
    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(255))
    started_at: Mapped[datetime]
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_imported: Mapped[int] = mapped_column(Integer, default=0)
    rows_failed: Mapped[int] = mapped_column(Integer, default=0)


class AppSetting(Base):
    """Centre-wide settings every workstation uses (queue rules, loyalty rules), by section.

    Edited by admins through app.services.settings; a row per section, its values as JSON
    over the defaults in code, so a new default reaches every centre that never changed it.
    Exception: "loyalty" holds survey_points and remedy_points always (0018_server_guards),
    because the server caps an agent's credits by the same stored values.
    """

    __tablename__ = "app_settings"

    section: Mapped[str] = mapped_column(String(40), primary_key=True)
    values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


from app.data.security import ConsentRecord, SignInAttempts  # noqa: E402,F401  (registers them)
import app.data.loyalty  # noqa: E402,F401  (the programme's tables on the same metadata)
from app.data.telephony import AgentStatePeriod, PhoneCall  # noqa: E402,F401  (registers the tables)
import app.data.remedies  # noqa: E402,F401  (re-visit remedies, issue 12)
import app.data.queue_replan  # noqa: E402,F401  (when the daily build plans a member again, issue 13)
import app.data.queue_rank  # noqa: E402,F401  (the queue's stored rank, issue 13)
