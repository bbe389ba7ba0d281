"""What every command gets: the database, the clock, and helpers for output and errors."""

import json
import sys
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from app.config import Config
from app.data.uow import Database
from app.domain.clock import Clock


@dataclass
class CliContext:
    config: Config
    clock: Clock

    @cached_property
    def db(self) -> Database:
        return Database.from_config(self.config)

    def close(self) -> None:
        if "db" in self.__dict__:
            self.db.dispose()


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def err(message: str) -> None:
    print(f"caredesk-admin: {message}", file=sys.stderr)
