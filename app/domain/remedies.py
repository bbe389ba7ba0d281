"""The closed loop's remedies (DOMAIN: "if still unhappy, remediation (reship, points) and a
new ticket"): when they may be offered and what each one gives. The call save applies them."""

from collections.abc import Iterable

from app.domain.codes import Remedy, TaskReason

# The compensation points are the "loyalty" setting remedy_points (app.domain.loyalty.settings).
RESHIP_QUANTITY = 1
NOT_A_REVISIT = "only on the re-visit after a resolved ticket"


def remedies_allowed(reasons: Iterable[str]) -> bool:
    """Remedies belong to the 48-hour re-visit: the call must cover a re-visit task."""
    return TaskReason.REVISIT.value in set(reasons)


def parse_remedies(value: object, errors: dict[str, str]) -> tuple[Remedy, ...]:
    """A list of remedy codes (each at most once, in the order given); errors under "remedies"."""
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        errors["remedies"] = f"must be a list of {'|'.join(r.value for r in Remedy)}"
        return ()
    found: list[Remedy] = []
    for code in value:
        try:
            remedy = Remedy(code)
        except ValueError:
            errors["remedies"] = f"{code!r} is not one of {'|'.join(r.value for r in Remedy)}"
            return ()
        if remedy not in found:
            found.append(remedy)
    return tuple(found)
