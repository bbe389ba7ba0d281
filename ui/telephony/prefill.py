"""The outcome form pre-filled from an ended call: the proposed disposition is chosen, so a
busy or no-answer call needs only a confirmation (save); the agent may still change it."""


from ui.call.outcome_form import OutcomeForm
from ui.telephony.call_control import Prefill


def apply_prefill(form: OutcomeForm, prefill: Prefill) -> bool:
    """Choose the proposed disposition on the form; False when there is none to choose."""
    if prefill.disposition is None:
        return False
    for button in form.dispositions.buttons():
        if button.property("code") == prefill.disposition:
            form.choose_disposition_number(form.dispositions.id(button))
            return True
    return False


def payload_extras(prefill: Prefill | None) -> dict:
    """What the save adds to the outcome payload so the call and its outcome stay one:
    the dial's call_ref becomes the outcome's client id; the measured talk time rides along."""
    if prefill is None:
        return {}
    return {"client_id": prefill.call_ref, "talk_seconds": round(prefill.talk_seconds, 1)}


__all__ = ["apply_prefill", "payload_extras", "Prefill"]
