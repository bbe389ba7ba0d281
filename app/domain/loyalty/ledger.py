"""The points ledger as pure rules: every change is an entry, the balance is their sum,
and what is left of each earning entry ("lot") follows from replaying them in order.

Spending takes the oldest points first (FIFO). An expiry entry names the lot it expires
(`ref_id`) and takes only what is left of it; a refund reversal names the earning entry
of its order and takes from it first. Nothing here lets the balance go below zero.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Kind(StrEnum):
    EARNED = "earned"
    BONUS = "bonus"
    REDEEMED = "redeemed"
    EXPIRED = "expired"
    FROZEN = "frozen"  # a freeze or unfreeze of points for a high-value member: no change in balance
    ADJUSTED = "adjusted"
    REVERSED = "reversed"  # points of a refunded order taken back


class Source(StrEnum):
    ORDER = "order"
    CALL = "call"
    REFERRAL = "referral"
    ADMIN = "admin"
    SYSTEM = "system"  # the daily jobs (expiry, freeze)


class InsufficientPoints(ValueError):
    """A change that would take the balance below zero."""


@dataclass(frozen=True)
class Entry:
    id: int
    delta: int
    created_at: datetime
    expires_at: datetime | None = None
    frozen: bool = False
    ref_id: int | None = None  # the lot an expiry or reversal takes from


def balance(entries: Iterable[Entry]) -> int:
    return sum(e.delta for e in entries)


def remaining(entries: Iterable[Entry]) -> dict[int, int]:
    """What is left of each positive entry, by id, after every later negative entry."""
    lots: dict[int, int] = {}
    for e in sorted(entries, key=lambda x: (x.created_at, x.id)):
        if e.delta > 0:
            lots[e.id] = e.delta
            continue
        need = -e.delta
        if e.ref_id is not None and lots.get(e.ref_id, 0) > 0:
            take = min(need, lots[e.ref_id])
            lots[e.ref_id] -= take
            need -= take
        for lot_id in lots:  # insertion order is age order
            if need == 0:
                break
            take = min(need, lots[lot_id])
            lots[lot_id] -= take
            need -= take
        if need:
            raise InsufficientPoints(f"entry {e.id} takes {need} points more than the balance holds")
    return lots


def due_to_expire(entries: list[Entry], now: datetime) -> list[tuple[Entry, int]]:
    """Unfrozen lots past their expiry with points left, oldest first, with what is left."""
    left = remaining(entries)
    return [(e, left[e.id]) for e in sorted(entries, key=lambda x: (x.expires_at or now, x.id))
            if e.delta > 0 and e.expires_at is not None and e.expires_at <= now and not e.frozen
            and left.get(e.id, 0) > 0]


def expiring_soon(entries: list[Entry], now: datetime, within: timedelta) -> tuple[int, datetime | None]:
    """Points that will expire within `within` (unless spent first) and the first such date."""
    left = remaining(entries)
    soon = [(e.expires_at, left[e.id]) for e in entries
            if e.delta > 0 and e.expires_at is not None and not e.frozen and left.get(e.id, 0) > 0
            and now < e.expires_at <= now + within]
    return sum(p for _, p in soon), min((d for d, _ in soon), default=None)


def take(current_balance: int, points: int) -> int:
    """The balance after taking `points`; InsufficientPoints rather than below zero."""
    if points < 0:
        raise ValueError("points to take must not be negative")
    if points > current_balance:
        raise InsufficientPoints(f"needs {points} points, the balance is {current_balance}")
    return current_balance - points
