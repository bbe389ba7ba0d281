"""The fixed clock of the screenshot and benchmark data (the test suite's Monday, 15 June 2026)."""

from datetime import date, time
from zoneinfo import ZoneInfo

from app.domain.clock import Clock

BENCH_CLOCK = Clock.fixed(date(2026, 6, 15), time(10, 0), tz=ZoneInfo("Asia/Shanghai"))
