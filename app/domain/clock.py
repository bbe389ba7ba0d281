"""An injectable clock: "now" and the workstation's time zone, fixed in tests and by --today."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Shanghai"


def local_timezone() -> tzinfo:
    """The workstation's zone; TZ wins, else the system's, else the call centre default."""
    import os

    name = os.environ.get("TZ")
    if name:
        try:
            return ZoneInfo(name)
        except (KeyError, ValueError):
            pass
    try:
        with open("/etc/timezone", encoding="utf-8") as fh:
            return ZoneInfo(fh.read().strip())
    except (OSError, KeyError, ValueError):
        pass
    zone = datetime.now().astimezone().tzinfo
    return zone if zone is not None else ZoneInfo(DEFAULT_TIMEZONE)


@dataclass(frozen=True)
class Clock:
    """Wall time for services. `fixed_at` freezes it (UTC-aware); otherwise it runs."""

    tz: tzinfo = field(default_factory=local_timezone)
    fixed_at: datetime | None = None

    def now(self) -> datetime:
        """The current instant, UTC-aware."""
        if self.fixed_at is not None:
            return self.fixed_at
        return datetime.now(UTC)

    def local_now(self) -> datetime:
        return self.now().astimezone(self.tz)

    def today(self) -> date:
        return self.local_now().date()

    @classmethod
    def fixed(cls, day: date, at: time = time(10, 0), *, tz: tzinfo | None = None) -> "Clock":
        """A frozen clock at local `at` on `day` (10:00 by default, as the CLI contract says)."""
        zone = tz or local_timezone()
        return cls(tz=zone, fixed_at=datetime.combine(day, at, tzinfo=zone).astimezone(UTC))
