"""When a member may be called: the calling window and best time slots in the member's own
time zone (CONTRACTS.md: from member.timezone, else the phone number, else the region, else
the workstation's), and where a retry after no answer goes. Pure rules, no I/O.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.domain.phone import timezone_of
from app.domain.public_holidays import is_no_call_day

# Regions as the member file writes them; mainland China is one zone (Beijing time).
_REGION_ZONES = {
    "香港": "Asia/Hong_Kong", "hong kong": "Asia/Hong_Kong", "澳门": "Asia/Macau", "macau": "Asia/Macau",
    "台湾": "Asia/Taipei", "台北": "Asia/Taipei", "taiwan": "Asia/Taipei",
    "新加坡": "Asia/Singapore", "singapore": "Asia/Singapore",
    "纽约": "America/New_York", "new york": "America/New_York",
    "洛杉矶": "America/Los_Angeles", "los angeles": "America/Los_Angeles",
    "伦敦": "Europe/London", "london": "Europe/London",
    "悉尼": "Australia/Sydney", "sydney": "Australia/Sydney",
    "东京": "Asia/Tokyo", "tokyo": "Asia/Tokyo",
}
_MAINLAND = "Asia/Shanghai"


@dataclass(frozen=True, order=True)
class Slot:
    """A local time range [start, end) within one day."""

    start: time
    end: time

    def contains(self, at: time) -> bool:
        return self.start <= at < self.end

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def parse_slots(text: str | None, *, strict: bool = False) -> tuple[Slot, ...]:
    """"12:00-13:30;19:00-21:00" -> sorted slots. Bad parts are skipped unless `strict`."""
    slots: list[Slot] = []
    for part in (text or "").replace("；", ";").replace(",", ";").split(";"):
        part = part.strip().replace("–", "-").replace("～", "-").replace("~", "-")
        if not part:
            continue
        try:
            left, right = (p.strip() for p in part.split("-"))
            start = datetime.strptime(left, "%H:%M").time()
            end = time(0) if right == "24:00" else datetime.strptime(right, "%H:%M").time()
            if end <= start and end != time(0):
                raise ValueError(part)
            slots.append(Slot(start, time(23, 59, 59) if end == time(0) else end))
        except ValueError:
            if strict:
                raise ValueError(f"not a time slot HH:MM-HH:MM: {part!r}") from None
    return tuple(sorted(slots))


@lru_cache(maxsize=512)
def _zone(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


@lru_cache(maxsize=4096)
def _phone_zone(e164: str) -> str | None:
    return timezone_of(e164)


def region_zone(region: str | None) -> str | None:
    """A zone name for the member file's region text; Chinese provinces are Beijing time."""
    if not region:
        return None
    text = region.strip()
    if "/" in text and _zone(text) is not None:
        return text
    key = text.lower()
    for name, zone in _REGION_ZONES.items():
        if name in key:
            return zone
    # Every other Chinese place name (省/市/自治区 or bare city) uses Beijing time.
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return _MAINLAND
    return None


def member_zone(*, timezone: str | None, phone_e164: str | None, region: str | None,
                fallback: tzinfo) -> tzinfo:
    """The member's zone: their own setting, else the phone's, else the region's, else ours."""
    # Each source looked up only when the one before gives nothing (a phone is parsed).
    for source in (lambda: timezone, lambda: _phone_zone(phone_e164) if phone_e164 else None,
                   lambda: region_zone(region)):
        name = source()
        zone = _zone(name) if name else None
        if zone is not None:
            return zone
    return fallback


@dataclass(frozen=True)
class CallingWindow:
    """Local calling hours plus the member's preferred slots (clipped to those hours), closed
    all day on the public holidays listed in `no_call` (app.domain.public_holidays codes)."""

    start: time
    end: time
    best: tuple[Slot, ...] = ()
    no_call: tuple[str, ...] = ()

    @classmethod
    def of(cls, best_times: str | None, *, start: time = time(9), end: time = time(21),
           no_call: tuple[str, ...] = ()) -> "CallingWindow":
        clipped = []
        for slot in parse_slots(best_times):
            lo, hi = max(slot.start, start), min(slot.end, end)
            if lo < hi:
                clipped.append(Slot(lo, hi))
        return cls(start, end, tuple(clipped), tuple(no_call))

    def is_open(self, local: datetime) -> bool:
        return (self.start <= local.time().replace(tzinfo=None) < self.end
                and not is_no_call_day(local.date(), self.no_call))

    def in_best(self, local: datetime) -> bool:
        t = local.time().replace(tzinfo=None)
        return any(s.contains(t) for s in self.best)

    def next_open(self, local: datetime) -> datetime:
        """The first local instant at or after `local` inside the window."""
        t = local.time().replace(tzinfo=None)
        if t < self.start:
            local = local.replace(hour=self.start.hour, minute=self.start.minute, second=0, microsecond=0)
        elif t >= self.end:
            local = _at(local.date() + timedelta(days=1), self.start, local.tzinfo)
        # A golden week is at most 9 days off; the bound only guards against a bad setting.
        for _ in range(31):
            if not is_no_call_day(local.date(), self.no_call):
                break
            local = _at(local.date() + timedelta(days=1), self.start, local.tzinfo)
        return local


def _at(day: date, at: time, zone: tzinfo | None) -> datetime:
    return datetime.combine(day, at, tzinfo=zone)


def retry_at(window: CallingWindow, failed_local: datetime, *, default_slots: tuple[Slot, ...],
             min_delay: timedelta = timedelta(hours=1)) -> datetime:
    """Where a retry goes after no answer / busy at `failed_local` (member local time).

    A different slot from the one that failed: the next slot later that day that starts at
    least `min_delay` on, else the next day at a slot other than the failed one when there
    is a choice. The member's own best slots are used when given, else the default slots.
    """
    slots = window.best or tuple(
        Slot(max(s.start, window.start), min(s.end, window.end))
        for s in default_slots if max(s.start, window.start) < min(s.end, window.end)
    ) or (Slot(window.start, window.end),)
    t = failed_local.time().replace(tzinfo=None)
    failed = next((i for i, s in enumerate(slots) if s.contains(t)), None)
    earliest = failed_local + min_delay
    for i, slot in enumerate(slots):
        if i == failed:
            continue
        candidate = _at(failed_local.date(), slot.start, failed_local.tzinfo)
        if candidate >= earliest or (slot.contains(earliest.time().replace(tzinfo=None))
                                     and earliest.date() == failed_local.date()):
            return max(candidate, earliest)
    # Next day: the slot after the failed one (cyclically), so the member is tried at another time.
    index = 0 if failed is None else (failed + 1) % len(slots)
    return window.next_open(_at(failed_local.date() + timedelta(days=1), slots[index].start, failed_local.tzinfo))


@lru_cache(maxsize=1024)
def calling_window(best_times: str | None, start: time = time(9), end: time = time(21),
                   no_call: tuple[str, ...] = ()) -> CallingWindow:
    """A cached CallingWindow.of: members share a handful of best-time texts."""
    return CallingWindow.of(best_times, start=start, end=end, no_call=no_call)
