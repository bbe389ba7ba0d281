"""Call attempts: which dispositions are a failed attempt, which count as a contact for the
cap and the gap, and when the attempts run out (a pure rule, no I/O)."""

from app.domain.codes import Disposition

# No one picked up: the task is retried at another slot, and nobody was disturbed.
FAILED_ATTEMPT = frozenset({Disposition.NO_ANSWER.value, Disposition.BUSY.value})
# A conversation took place: these count toward the contact cap and the minimum gap.
CONTACT = frozenset({Disposition.REACHED.value, Disposition.CALLBACK.value, Disposition.REFUSED.value,
                     Disposition.DO_NOT_CALL.value})


def is_failed_attempt(disposition: str) -> bool:
    return disposition in FAILED_ATTEMPT


def counts_as_contact(disposition: str) -> bool:
    return disposition in CONTACT


def attempts_exhausted(attempts: int, *, max_attempts: int = 3) -> bool:
    """After `max_attempts` failures the task closes as unreached (an SMS survey follows)."""
    return attempts >= max_attempts
