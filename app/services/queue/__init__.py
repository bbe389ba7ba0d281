"""The queue use cases: build, show, claim, release, reassign; and the task operations the
call and ticket services run inside their own unit of work.

Everything another package needs is imported from here, never from a submodule's private name.
"""

from app.services.queue.build import BuildSummary, build_all, plan_context, refresh_members
from app.services.queue.build import _local_day_sql as local_day_sql  # the local date of an instant, in SQL
from app.services.queue.claims import claim_next, claim_task, release, release_all, renew_lease
from app.services.queue.ops import (
    AttemptResult, cancel_open_tasks, check_callback_time, complete_tasks, in_window_now, member_window,
    record_failed_attempt, upsert_task,
)
from app.services.queue.rank import QueueItem
from app.services.queue.reassign import (
    AgentChoice, ReassignResult, TaskFilter, assignable_agents, count_matching, move_by_filter, move_members,
    move_tasks,
)
from app.services.queue.service import build_if_due, build_queue, show_queue

__all__ = [
    "AgentChoice", "build_all", "local_day_sql", "plan_context", "AttemptResult", "BuildSummary", "QueueItem",
    "ReassignResult", "TaskFilter",
    "assignable_agents", "build_if_due", "build_queue", "cancel_open_tasks", "check_callback_time", "claim_next", "claim_task",
    "complete_tasks", "count_matching", "in_window_now", "member_window", "move_by_filter", "move_members",
    "move_tasks", "record_failed_attempt", "refresh_members", "release", "release_all", "renew_lease",
    "show_queue", "upsert_task",
]
