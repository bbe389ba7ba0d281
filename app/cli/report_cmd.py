"""caredesk-admin commands (not yet built)."""


def register(sub, common) -> None:
    """Adds no command yet."""
