"""Calls: the outcome save with its follow-on actions, call scripts, the knowledge base and
the agent's own day."""

from app.services.calls.agent_day import AgentDay, agent_day
from app.services.calls.save import SURVEY_POINTS, SaveResult, record_outcome, validate_outcome
from app.services.calls.scripts import TaskScript, check_scripts, get_script, script_for_task, script_values

__all__ = [
    "AgentDay", "SURVEY_POINTS", "SaveResult", "TaskScript", "agent_day", "check_scripts", "get_script",
    "record_outcome", "script_for_task", "script_values", "validate_outcome",
]
