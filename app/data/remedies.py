"""What was done for a member still unhappy at the 48-hour re-visit (issue 12): one row per
remedy of a call (a reship order, compensation points, a new special-team ticket), written
in the call's save so the remedy happens with the outcome or not at all."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.data.base import Base
from app.data.tables import BigId


class RemedyAction(Base):
    """kind: reship (status requested until logistics ships it; product and quantity),
    points (the ledger entry), ticket (the new ticket). `revisited_ticket_id` is the
    resolved ticket the re-visit was about."""

    __tablename__ = "remedies"
    __table_args__ = (
        UniqueConstraint("call_id", "kind"),
        Index(None, "member_id", "created_at"),
        Index(None, "kind", "status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    call_id: Mapped[int] = mapped_column(BigId, ForeignKey("calls.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(12))
    revisited_ticket_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("tickets.id", ondelete="SET NULL"))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int | None] = mapped_column(Integer)
    points: Mapped[int | None] = mapped_column(Integer)
    points_entry_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("points_ledger.id", ondelete="SET NULL"))
    ticket_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("tickets.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
