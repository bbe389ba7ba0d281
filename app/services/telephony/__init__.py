"""Telephony use cases: dialling as a door, the dialer over a `Telephony` adapter, and
agent states (ready, on call, wrap-up, paused with a reason)."""

from app.services.telephony.agents import (
    AgentStateRow, agent_board, current_state, may_take_claims, move_agent, my_state, set_agent_state,
    time_in_states,
)
from app.services.telephony.dialer import Dialer, DialUpdate
from app.services.telephony.dialling import DialTicket, close_wrap_up, end_wrap_up, prepare_dial, record_call_end
from app.services.telephony.door import DialRefused, Refusal, dial_refusal

__all__ = [
    "AgentStateRow", "agent_board", "current_state", "may_take_claims", "move_agent", "my_state", "set_agent_state",
    "time_in_states", "Dialer", "DialUpdate", "DialTicket", "close_wrap_up", "end_wrap_up", "prepare_dial",
    "record_call_end", "DialRefused", "Refusal", "dial_refusal",
]
