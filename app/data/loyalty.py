"""Tables of the member programme beside the points ledger: referrals, the fraud review
list and the history of tier and lifecycle movements (what supervisors measure)."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.data.base import Base
from app.data.tables import BigId


class Referral(Base):
    __tablename__ = "referrals"
    __table_args__ = (Index(None, "referrer_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    referrer_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id", ondelete="CASCADE"))
    referee_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(12), default="pending")  # pending, rewarded
    channel: Mapped[str] = mapped_column(String(8), default="call")  # call, import
    call_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("calls.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    first_order_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("orders.id", ondelete="SET NULL"))
    points: Mapped[int] = mapped_column(Integer, default=0)  # what each side got
    rewarded_at: Mapped[datetime | None]


class FraudFlag(Base):
    """A suspicious pattern for a supervisor's review; one row per kind and subject."""

    __tablename__ = "fraud_flags"
    __table_args__ = (UniqueConstraint("kind", "subject"), Index(None, "status", "flagged_at"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))  # shared_phone, refunded_points, bulk_redeem, ledger_mismatch
    subject: Mapped[str] = mapped_column(String(64))  # the phone, order, entry or member it is about
    member_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("members.id", ondelete="CASCADE"))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    flagged_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(12), default="open")  # open, cleared, confirmed
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(Text)


class MemberChange(Base):
    """A tier or lifecycle movement, written by the jobs that decide it."""

    __tablename__ = "member_changes"
    __table_args__ = (Index(None, "field", "at"), Index(None, "member_id", "at"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id", ondelete="CASCADE"))
    at: Mapped[datetime]
    field: Mapped[str] = mapped_column(String(12))  # tier, lifecycle
    old: Mapped[str] = mapped_column(String(16))
    new: Mapped[str] = mapped_column(String(16))


class LifecycleRun(Base):
    """A nightly lifecycle pass: its day and a digest of the rules it derived with. A pass for
    an earlier day or under other rules derives every member (the stored next days assume both)."""

    __tablename__ = "lifecycle_runs"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    rules: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime]
    derived: Mapped[int] = mapped_column(Integer, default=0)
