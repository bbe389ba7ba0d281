"""What a write changed, so each open panel reloads only what it shows (Anki's OpChanges)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    queue: bool = False
    member: bool = False
    tickets: bool = False

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(self.queue or other.queue, self.member or other.member, self.tickets or other.tickets)

    @property
    def any(self) -> bool:
        return self.queue or self.member or self.tickets
