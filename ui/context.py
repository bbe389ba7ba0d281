"""The objects a window needs, built once in ui/main.py and passed by constructor (no globals)."""

from dataclasses import dataclass
from typing import Any

from app.config import Config
from app.data.uow import Database
from app.domain.clock import Clock
from app.services.users import Actor
from ui.settings import Settings
from ui.tasks import Runner


@dataclass(frozen=True)
class AppContext:
    """Everything shared by the windows of one signed-in session."""

    config: Config
    db: Database
    clock: Clock
    runner: Runner
    settings: Settings
    actor: Actor
    language: str = "zh_CN"
    # Team mode's outcome saver (app.sync.outbox.OutcomeSaver: journal first, then the server);
    # None saves straight through app.services.calls.record_outcome.
    saver: Any = None

    @property
    def database_kind(self) -> str:
        """'embedded' or 'server', for the status bar."""
        return "embedded" if self.db.is_embedded else "server"
