"""Dialling is a door: the rules a dial must pass, kept here in one place.

Interim: the lead is writing the one compliance check for every door (app.domain.compliance
with its service function); when it lands, `dial_refusal` becomes a one-line call to it.
"""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.data.tables import Call, FollowUpTask, Member
from app.domain.attempts import CONTACT
from app.domain.clock import Clock
from app.domain.codes import TaskReason
from app.domain.queue_settings import DEFAULT_SETTINGS, QueueSettings
from app.services.auth import Actor
from app.services.errors import CareDeskError
from app.services.queue_ops import in_window_now, member_window


@dataclass(frozen=True)
class Refusal:
    rule: str  # do_not_call, calling_window, reserved, contact_cap
    message: str


class DialRefused(CareDeskError):
    """The dial broke a rule; nothing was placed. The message names the rule."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(f"dial refused ({refusal.rule}): {refusal.message}")
        self.refusal = refusal


def dial_refusal(session: Session, actor: Actor, clock: Clock, task: FollowUpTask, member: Member,
                 settings: QueueSettings = DEFAULT_SETTINGS) -> Refusal | None:
    """The first rule this dial breaks, or None when it may be placed."""
    now = clock.now()
    if not member.consent or member.do_not_call:
        return Refusal("do_not_call", "the member asked not to be called")
    if not in_window_now(member, clock, settings):
        zone, window = member_window(member, clock, settings)
        local = now.astimezone(zone)
        return Refusal("calling_window", f"it is {local:%H:%M} for the member, outside the calling hours "
                                         f"{window.start:%H:%M}-{window.end:%H:%M}")
    if task.assigned_agent_id not in (None, actor.id) and (
            task.owner_only_until is None or task.owner_only_until > now):
        return Refusal("reserved", "the member is reserved for their own agent")
    if task.reason != TaskReason.CALLBACK:
        contacts = session.scalar(select(func.count()).select_from(Call).where(
            Call.member_id == member.id, Call.started_at >= now - settings.cap_period,
            Call.disposition.in_(sorted(CONTACT))))
        if (contacts or 0) >= settings.cap_calls:
            return Refusal("contact_cap", f"{contacts} contacts in the last {settings.cap_period.days} days "
                                          f"(cap {settings.cap_calls})")
    return None
