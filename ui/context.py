"""The objects a window needs, built once in ui/main.py and passed by constructor (no globals)."""

from dataclasses import dataclass
from collections.abc import Callable
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
    # Switches the interface language at run time (ui.main.Session); None where there is no
    # session to rebuild (tests, dialogs opened alone).
    switch_language: Callable[[str], None] | None = None
    # The workstation's phone: phone(on_status) -> (Telephony adapter, adapter name); None builds
    # it from the settings (ui.telephony.setup.build_phone). Tests aim a softphone at a SIPp peer.
    phone: Callable[[Callable[[str, str], None]], tuple[Any, str]] | None = None

    @property
    def database_kind(self) -> str:
        """'embedded' or 'server', for the status bar."""
        return "embedded" if self.db.is_embedded else "server"
