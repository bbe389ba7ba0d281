"""Schema migrations driven from code: upgrade, check the version, back up before upgrading."""

import shutil
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

# Beside the package in a checkout; in the PyInstaller bundle's data folder when frozen.
MIGRATIONS_DIR = (
    Path(getattr(sys, "_MEIPASS", "")) / "migrations" if getattr(sys, "frozen", False)
    else Path(__file__).resolve().parents[2] / "migrations"
)


def alembic_config(url: str) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_at_head(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema; an existing SQLite file is copied aside first."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database and Path(url.database).exists():
        if current_revision(engine) not in (None, head_revision()):
            shutil.copy2(url.database, f"{url.database}.before-upgrade")
    cfg = alembic_config(url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    return Path(parsed.database) if parsed.get_backend_name() == "sqlite" and parsed.database else None
