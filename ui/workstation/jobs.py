"""The workstation's jobs: each calls services only and returns plain data (STYLE.md pattern 2).

They run on the task runner's database thread. `open_call` is the path from "Next" to a
fully populated screen: claim, member 360, script; one job, so the screen fills at once.
"""

import uuid
from dataclasses import dataclass, field
from typing import Any

from app.domain.scripts import RenderedScript, Script, render
from app.services import queue as queue_service
from app.services.calls.agent_day import AgentDay, agent_day
from app.services.calls import record_outcome
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


def script_language(ctx: AppContext) -> str:
    return "en" if ctx.language == "en" else "zh"


def _load(ctx: AppContext, item: QueueItem, task_ids: tuple[int, ...]) -> OpenCall:
    view = member_view(ctx.db, ctx.actor, ctx.clock, item.member_id)
    chosen = script_for_task(ctx.db, ctx.actor, ctx.clock, item.task_id, lang=script_language(ctx))
    return OpenCall(item=item, task_ids=task_ids, member=view, script=get_script(chosen.script_id),
                    rendered=chosen.rendered, category=chosen.category)


def claim_next(ctx: AppContext) -> OpenCall | None:
    """Claim the best member now and load their screen; None when nobody is callable now."""
    item = queue_service.claim_next(ctx.db, ctx.actor, ctx.clock)
    if item is None:
        return None
    return _load(ctx, item, item.task_ids)


def claim_chosen(ctx: AppContext, item: QueueItem) -> OpenCall:
    """Claim the member the agent picked in the queue (a callback alert, a row)."""
    ids = queue_service.claim_task(ctx.db, ctx.actor, ctx.clock, item.task_id)
    return _load(ctx, item, ids)


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


def script_skeletons(ctx: AppContext) -> list[tuple[Script, RenderedScript]]:
    """Every script, rendered without member data, so the panel can build its widgets early."""
    lang = script_language(ctx)
    return [(script, render(script, {}, lang=lang)) for script in library().scripts.values()]
