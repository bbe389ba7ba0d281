"""Known errors a user can act on; anything else is a bug and is reported as one."""


class CareDeskError(Exception):
    """A known error with a message meant for the user."""


class NotFound(CareDeskError):
    pass


class PermissionDenied(CareDeskError):
    pass


class Conflict(CareDeskError):
    """Someone else changed or holds this first (a claim, a newer version)."""


class ValidationError(CareDeskError):
    """Input failed validation; `errors` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.errors.items()))


def known_message(error: BaseException) -> str | None:
    """The user's message for a known error that is not a CareDeskError (a full or read-only
    disk, a damaged database file), or None for a bug."""
    from app.data.storage import storage_message

    return str(error) if isinstance(error, CareDeskError) else storage_message(error)
