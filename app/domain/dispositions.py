"""What each call disposition means, so follow-on actions depend on the meaning, not the label.

A label such as "refused" or "callback" is what the agent picks; the meaning says whether the
right person was spoken to, whether the attempt counts as a failed contact, whether the number
is wrong, whether a callback was agreed and whether the member withdrew consent. The outcome
service reads only these flags.
"""

from dataclasses import dataclass

from app.domain.codes import Disposition


@dataclass(frozen=True)
class Meaning:
    """The facts a disposition establishes about the call."""

    right_party: bool  # the member was spoken to (survey answers, complaints may follow)
    failed_attempt: bool  # nobody picked up: retry under the queue's attempt rules
    number_wrong: bool  # the number does not reach this member
    callback: bool  # the member asked to be called at an agreed time
    do_not_call: bool  # the member withdrew consent to be called
    closes_tasks: bool  # the tasks the call covered are finished (done or cancelled)

    @property
    def conversation(self) -> bool:
        """Whether answers about the product can have been collected at all."""
        return self.right_party


MEANINGS: dict[Disposition, Meaning] = {
    Disposition.REACHED: Meaning(True, False, False, False, False, True),
    Disposition.NO_ANSWER: Meaning(False, True, False, False, False, False),
    Disposition.BUSY: Meaning(False, True, False, False, False, False),
    Disposition.WRONG_NUMBER: Meaning(False, False, True, False, False, True),
    # Refused: the right person answered and declined this call; the tasks are over, consent stays.
    Disposition.REFUSED: Meaning(True, False, False, False, False, True),
    Disposition.CALLBACK: Meaning(True, False, False, True, False, True),
    Disposition.DO_NOT_CALL: Meaning(True, False, False, False, True, True),
}


def meaning_of(disposition: str | Disposition) -> Meaning:
    """The meaning of a disposition code; ValueError for an unknown code."""
    return MEANINGS[Disposition(disposition)]
