"""Tables for sign-in lockout and consent records (imported by tables).

The lockout and retention values are the "security" section of app_settings (migration
0009_security_settings_section moved them there from their own table).
"""

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.data.base import Base

_MemberId = BigInteger().with_variant(Integer(), "sqlite")  # as members.id


class SignInAttempts(Base):
    """Failures per typed user name, known or not, so unknown names lock exactly like known ones."""

    __tablename__ = "sign_in_attempts"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime | None]
    locked_until: Mapped[datetime | None]


class ConsentRecord(Base):
    """A member's consent as a record: when, how, by whom and what for (PIPL)."""

    __tablename__ = "consent_records"
    __table_args__ = (Index(None, "member_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(_MemberId, ForeignKey("members.id", ondelete="CASCADE"))
    at: Mapped[datetime]
    granted: Mapped[bool] = mapped_column(Boolean)
    channel: Mapped[str] = mapped_column(String(16))  # how: phone, sms, app, paper
    purpose: Mapped[str] = mapped_column(String(40))  # what for: care_calls, health_data, ...
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
