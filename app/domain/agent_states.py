"""Agent states (ready, on call, wrap-up, paused with a reason) and who may be given work."""

from enum import StrEnum


class AgentState(StrEnum):
    READY = "ready"
    ON_CALL = "on_call"
    WRAP_UP = "wrap_up"
    PAUSED = "paused"


class PauseReason(StrEnum):
    BREAK = "break"
    LUNCH = "lunch"
    TRAINING = "training"
    MEETING = "meeting"
    COACHING = "coaching"


def takes_claims(state: AgentState | str | None) -> bool:
    """A paused agent is given no new work; an agent never seen is ready (embedded mode)."""
    return state is None or AgentState(state) is not AgentState.PAUSED


def check_transition(state: AgentState, reason: PauseReason | str | None) -> PauseReason | None:
    """A pause needs one of the listed reasons; other states take none. ValueError otherwise."""
    if state is AgentState.PAUSED:
        if reason is None:
            raise ValueError("a pause needs a reason: " + ", ".join(r.value for r in PauseReason))
        return PauseReason(reason)
    if reason is not None:
        raise ValueError(f"state {state.value} takes no reason")
    return None
