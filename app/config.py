"""Where the data lives: a plain config object for the headless core (no QSettings here)."""

import os
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_cache_path, user_data_path

APP_NAME = "CareDesk"
DATABASE_URL_ENV = "CAREDESK_DATABASE_URL"


def data_dir() -> Path:
    """The user data folder; CAREDESK_DATA_DIR moves it (tests, portable installs)."""
    override = os.environ.get("CAREDESK_DATA_DIR")
    path = Path(override) if override else user_data_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """Files the app can always make again (emoji pictures for reports); `cache` under
    CAREDESK_DATA_DIR when that is set, so tests and portable installs keep to one folder."""
    override = os.environ.get("CAREDESK_DATA_DIR")
    path = Path(override) / "cache" if override else user_cache_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_sqlite_url() -> str:
    return f"sqlite:///{data_dir() / 'caredesk.db'}"


@dataclass(frozen=True)
class Config:
    database_url: str = field(default_factory=default_sqlite_url)

    @classmethod
    def from_env(cls, db_url: str | None = None) -> "Config":
        """--db wins, then CAREDESK_DATABASE_URL, then the embedded SQLite file."""
        url = db_url or os.environ.get(DATABASE_URL_ENV)
        return cls(database_url=url) if url else cls()

    @property
    def is_embedded(self) -> bool:
        return self.database_url.startswith("sqlite")
