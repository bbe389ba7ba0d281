"""One change hub for the window: every "something changed" reaches the panels through it.

Two sources feed it: the result of this workstation's own save (a SaveResult, straight from
the database or, in team mode, delivered later by the journal's pusher) and the change feed
of the other workstations. Panels subscribe to topics ("queue", "member", "tickets",
"callbacks") and reload only what they show.
"""

from collections.abc import Callable
from datetime import tzinfo

from PySide6.QtCore import QObject, Signal

from app.services.calls import SaveResult
from app.services.changes import Changes


def topics_of(changes: Changes) -> frozenset[str]:
    found = {name for name in ("queue", "member", "tickets") if getattr(changes, name)}
    return frozenset(found)


class ChangeHub(QObject):
    """`changed(topics)`; `saved(SaveResult)`; `delivered(text)` / `rejected(text)` for the agent."""

    changed = Signal(object)
    saved = Signal(object)
    delivered = Signal(str)
    rejected = Signal(str)

    def __init__(self, parent: QObject | None = None, *, language: str = "zh_CN", tz: tzinfo | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self._tz = tz
        self._names: dict[str, str] = {}  # client id -> member name, for the journal's answers

    def subscribe(self, topic: str, slot: Callable[[], object]) -> None:
        self.changed.connect(lambda topics, t=topic, s=slot: s() if t in topics else None)

    def publish(self, topics) -> None:
        topics = frozenset(topics)
        if topics:
            self.changed.emit(topics)

    def publish_result(self, result: SaveResult) -> None:
        """A save's result: its changes go to the panels (callbacks may have been booked)."""
        self.saved.emit(result)
        self.publish(topics_of(result.changes) | {"callbacks"})

    # --- team mode: the journal's later answers ----------------------------------------

    def expect(self, client_id: str, member_name: str) -> None:
        """A save went to the journal; name the member when the server answers."""
        self._names[client_id] = member_name

    def journal_report(self, report) -> None:
        """A PushReport from the pusher (on the GUI thread): each entry's server answer."""
        from ui.workstation.save_text import delivered_text, rejected_text

        lang = "en" if self._language == "en" else "zh"
        for delivery in getattr(report, "deliveries", ()):
            name = self._names.pop(delivery.client_id, "")
            if delivery.result is not None:
                if isinstance(delivery.result, SaveResult):
                    self.publish_result(delivery.result)
                    self.delivered.emit(delivered_text(delivery.result, self._tz, name))
            else:
                reason = delivery.refusal.message(lang) if delivery.refusal is not None else delivery.refused
                self.rejected.emit(rejected_text(reason or "", name))
                self.publish({"queue"})
