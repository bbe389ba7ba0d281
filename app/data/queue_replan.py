"""When the daily build must plan a member again (issue 13): events re-plan a member at
once (refresh_members), so the nightly build only plans members whose plan time alone can
change from today on. One row per member, written by the planner's every run; no row means
"plan me" (a new member, a database from before this table)."""

from datetime import date

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.data.base import Base
from app.data.tables import BigId


class QueueReplan(Base):
    """`replan_on`: the first day a rule may start or stop, or a planned value move, by time
    alone; `planned_on` and `plan_key` (the rules and products planned with) let a build for
    an earlier day or under changed settings plan the member again. No foreign key on
    owner_id: it is a copy to compare, not a reference."""

    __tablename__ = "queue_replan"
    __table_args__ = (Index(None, "replan_on"),)

    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    plan_key: Mapped[str] = mapped_column(String(16))
    planned_on: Mapped[date] = mapped_column(Date)
    replan_on: Mapped[date] = mapped_column(Date)
    # The member's values the plan read (MEMBER_FIELDS): a write that changes one without
    # re-planning (a job setting tiers) has the member planned again by the next build.
    tier: Mapped[str] = mapped_column(String(12))
    total_spent_fen: Mapped[int] = mapped_column(BigInteger)
    gender: Mapped[str | None] = mapped_column(String(1))
    birth_date: Mapped[date | None] = mapped_column(Date)
    owner_id: Mapped[int | None] = mapped_column(Integer)
    medical_flag: Mapped[bool] = mapped_column(Boolean)
    consent: Mapped[bool] = mapped_column(Boolean)
    do_not_call: Mapped[bool] = mapped_column(Boolean)


MEMBER_FIELDS = ("tier", "total_spent_fen", "gender", "birth_date", "owner_id", "medical_flag", "consent",
                 "do_not_call")
