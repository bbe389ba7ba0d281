"""The queue's stored rank (issue 13): per member with open tasks, what bounds the member's
score for any agent at any time, so show and claim read the best members through an index
instead of scoring every due member on every call. Kept by app.services.queue.rank_store;
a database trigger marks a member dirty whenever their open tasks change, and a dirty member
is scored from the tasks themselves until the rank is written again."""

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, text
from sqlalchemy.orm import Mapped, mapped_column

from app.data.base import Base, UTCDateTime
from app.data.tables import BigId


class QueueRank(Base):
    """`base`: the member's score without lateness, over all open tasks (plus every bonus
    that may apply); `late_key`: base minus the lateness rate times the earliest due day, so
    base + lateness = late_key + rate x now while lateness is below its cap; `capped`: the
    lateness is (or is about to be) at its cap, so base + cap bounds it. `reserved_for`: the
    one owner every open task is reserved for (none: anyone may have some, or the
    reservation has ended and the nightly refresh handed the member to the pool), and
    `reserved_until` the earliest end of those reservations (none: until the owner works it);
    such a member scores nothing for another agent until then. `held_by` / `held_until`: a
    live claim on the member (kept by a trigger on the tasks' claim columns), which hides
    them from every other agent until it ends."""

    __tablename__ = "queue_rank"
    __table_args__ = (
        # One index per arm of the best-first read (rank_store): the pool, an owner's own
        # reserved members, and reservations that ended.
        Index("ix_queue_rank_pool_capped", "capped_order", "due_min", "member_id",
              sqlite_where=text("capped AND reserved_for IS NULL"),
              postgresql_where=text("capped AND reserved_for IS NULL")),
        Index("ix_queue_rank_pool_rising", "late_key", "member_id",
              sqlite_where=text("NOT capped AND reserved_for IS NULL"),
              postgresql_where=text("NOT capped AND reserved_for IS NULL")),
        Index("ix_queue_rank_owned_capped", "reserved_for", "capped_order", "due_min", "member_id",
              sqlite_where=text("capped AND reserved_for IS NOT NULL"),
              postgresql_where=text("capped AND reserved_for IS NOT NULL")),
        Index("ix_queue_rank_owned_rising", "reserved_for", "late_key", "member_id",
              sqlite_where=text("NOT capped AND reserved_for IS NOT NULL"),
              postgresql_where=text("NOT capped AND reserved_for IS NOT NULL")),
        Index("ix_queue_rank_lapse", "reserved_until", sqlite_where=text("reserved_for IS NOT NULL"),
              postgresql_where=text("reserved_for IS NOT NULL")),
    )

    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    base: Mapped[float] = mapped_column(Float)
    late_key: Mapped[float] = mapped_column(Float)
    due_min: Mapped[datetime] = mapped_column(UTCDateTime)
    capped: Mapped[bool] = mapped_column(Boolean)
    capped_order: Mapped[int | None] = mapped_column(Integer)  # rerank writes it on every row
    reserved_for: Mapped[int | None] = mapped_column(BigId)
    reserved_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    held_by: Mapped[int | None] = mapped_column(BigId)
    held_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class QueueRankDirty(Base):
    """Members whose open tasks changed since their rank was written (by the trigger)."""

    __tablename__ = "queue_rank_dirty"

    member_id: Mapped[int] = mapped_column(BigId, primary_key=True)
