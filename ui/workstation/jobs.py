"""The workstation's jobs: each calls services only and returns plain data (STYLE.md pattern 2).

They run on the task runner's database thread. A claim job is the path from "Next" (or a
chosen row) to a fully populated screen: door check, claim, member 360, script; one job,
so the screen fills at once, or a `Refused` naming the rule and nothing claimed.
"""

import inspect
import uuid
from dataclasses import dataclass, field
from typing import Any

from app.domain.scripts import RenderedScript, Script, render
from app.services import queue as queue_service
from app.services.calls.agent_day import AgentDay, BookedCallback, agent_day, callbacks_today
from app.services.users import Permission
from app.services.calls import record_outcome
from app.services.compliance import CallRefused, Door, Refusal, Rule, may_call_now
from app.services.members import MemberView, member_view
from app.services.queue import QueueItem
from app.services.calls.scripts import get_script, library, script_for_task
from ui.context import AppContext


@dataclass(frozen=True)
class OpenCall:
    """One claimed member and everything the screen shows for the call."""

    item: QueueItem
    task_ids: tuple[int, ...]
    member: MemberView
    script: Script
    rendered: RenderedScript
    category: str | None
    client_id: str = field(default_factory=lambda: str(uuid.uuid4()))  # one per call: a retried save is a replay

    @property
    def task_id(self) -> int:
        return self.item.task_id


# app.services.queue.claim_task(..., override_window=True) audits a supervisor's override.
CLAIM_AUDITS_OVERRIDE = "override_window" in inspect.signature(queue_service.claim_task).parameters


@dataclass(frozen=True)
class Refused:
    """A door said no: the rule, the member, and whether this user may override it."""

    refusal: Refusal
    item: QueueItem | None
    member_id: int
    task_id: int | None

    def may_override(self, ctx: AppContext) -> bool:
        # Supervisors may override the calling window, never consent or a reservation; only
        # once the claim service takes (and audits) the override, never a silent claim.
        return (self.refusal.rule is Rule.CALLING_WINDOW and ctx.actor.may(Permission.SUPERVISE)
                and CLAIM_AUDITS_OVERRIDE)


def script_language(ctx: AppContext) -> str:
    return "en" if ctx.language == "en" else "zh"


def _load(ctx: AppContext, item: QueueItem, task_ids: tuple[int, ...]) -> OpenCall:
    view = member_view(ctx.db, ctx.actor, ctx.clock, item.member_id)
    chosen = script_for_task(ctx.db, ctx.actor, ctx.clock, item.task_id, lang=script_language(ctx))
    return OpenCall(item=item, task_ids=task_ids, member=view, script=get_script(chosen.script_id),
                    rendered=chosen.rendered, category=chosen.category)


def claim_next(ctx: AppContext) -> OpenCall | Refused | None:
    """Claim the best member now and load their screen; None when nobody is callable now."""
    try:
        item = queue_service.claim_next(ctx.db, ctx.actor, ctx.clock)
    except CallRefused as exc:
        return Refused(exc.refusal, None, 0, None)
    if item is None:
        return None
    return _load(ctx, item, item.task_ids)


def claim_chosen(ctx: AppContext, item: QueueItem, *, override_window: bool = False) -> OpenCall | Refused:
    """Claim the member the agent picked (a queue row, a callback): the door first.

    With `override_window` (a supervisor's explicit choice) the claim service audits the
    override; the window is then not asked here.
    """
    if not override_window:
        found = may_call_now(ctx.db, ctx.actor, ctx.clock, item.member_id, door=Door.OPEN_MEMBER)
        if found is not None:
            return Refused(found, item, item.member_id, item.task_id)
    try:
        if override_window:
            ids = queue_service.claim_task(ctx.db, ctx.actor, ctx.clock, item.task_id, override_window=True)
        else:
            ids = queue_service.claim_task(ctx.db, ctx.actor, ctx.clock, item.task_id)
    except CallRefused as exc:
        return Refused(exc.refusal, item, item.member_id, item.task_id)
    return _load(ctx, item, ids)


def item_for_task(ctx: AppContext, task_id: int, member_id: int) -> QueueItem | None:
    """The queue's row for a member opened outside the queue list (search, my callbacks)."""
    items = queue_service.show_queue(ctx.db, ctx.actor, ctx.clock, limit=500, lang=script_language(ctx))
    return next((i for i in items if i.member_id == member_id), None)


def open_member(ctx: AppContext, member_id: int, *, task_id: int | None = None,
                override_window: bool = False) -> OpenCall | Refused | MemberView:
    """Open a member for a call (search, my members, my callbacks): the door, then the claim.

    A member with nothing open to call about is shown for reading only (a MemberView).
    """
    if not override_window:
        found = may_call_now(ctx.db, ctx.actor, ctx.clock, member_id, door=Door.OPEN_MEMBER)
        if found is not None:
            return Refused(found, None, member_id, task_id)
    item = item_for_task(ctx, task_id or 0, member_id)
    if item is None:
        return member_view(ctx.db, ctx.actor, ctx.clock, member_id)
    return claim_chosen(ctx, item, override_window=override_window)


def save(ctx: AppContext, call: OpenCall, payload: dict[str, Any]) -> Any:
    """SaveResult, or (team mode, server away) the saver's SavedLocally: safe in the journal."""
    body = dict(payload, client_id=call.client_id)
    if ctx.saver is not None:
        return ctx.saver.save(ctx.actor, task_id=call.task_id, payload=body, script_id=call.script.id,
                              script_version=call.script.version)
    return record_outcome(ctx.db, ctx.actor, ctx.clock, task_id=call.task_id, payload=body,
                          script_id=call.script.id, script_version=call.script.version)


def release(ctx: AppContext, call: OpenCall) -> int:
    return queue_service.release(ctx.db, ctx.actor, ctx.clock, call.task_ids)


def release_all(ctx: AppContext) -> int:
    return queue_service.release_all(ctx.db, ctx.actor, ctx.clock)


def renew(ctx: AppContext, call: OpenCall) -> None:
    queue_service.renew_lease(ctx.db, ctx.actor, ctx.clock, call.task_ids)


def reload_member(ctx: AppContext, member_id: int) -> MemberView:
    return member_view(ctx.db, ctx.actor, ctx.clock, member_id)


def today(ctx: AppContext) -> AgentDay:
    return agent_day(ctx.db, ctx.actor, ctx.clock)


def my_callbacks(ctx: AppContext) -> list[BookedCallback]:
    return callbacks_today(ctx.db, ctx.actor, ctx.clock)


def script_skeletons(ctx: AppContext) -> list[tuple[Script, RenderedScript]]:
    """Every script, rendered without member data, so the panel can build its widgets early."""
    lang = script_language(ctx)
    return [(script, render(script, {}, lang=lang)) for script in library().scripts.values()]
