"""When the daily build must plan a member again (issue 13): events re-plan a member at
once (refresh_members), so the nightly build only plans members whose plan time alone can
change from today on. One row per member, written by the planner's every run; no row means
"plan me" (a new member, a database from before this table)."""

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.data.base import Base
from app.data.tables import BigId


class QueueReplan(Base):
    """`replan_on`: the first day a rule may start or stop, or a planned value move, by time
    alone; `planned_on` and `plan_key` (the rules and products planned with) let a build for
    an earlier day or under changed settings plan the member again."""

    __tablename__ = "queue_replan"
    __table_args__ = (Index(None, "replan_on"),)

    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id", ondelete="CASCADE"), primary_key=True)
    plan_key: Mapped[str] = mapped_column(String(16))
    planned_on: Mapped[date] = mapped_column(Date)
    replan_on: Mapped[date] = mapped_column(Date)
