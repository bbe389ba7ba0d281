"""The points ledger in the database: every change is one entry, written here and nowhere
else; members.points_balance is a cached copy of the sum, kept in the same transaction
(the fraud check compares the two). Each change is idempotent by a per-member client key.

In team mode an agent's own login may not write the ledger or the balance: its changes go
through the server's `caredesk_post_points` and `caredesk_settle_lot` (migration
0016_agent_writes), which check who may move which points; the amounts are decided here.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.data.pg_roles import lacks_privilege, server_function
from app.data.tables import Member, PointsEntry
from app.domain.clock import Clock
from app.domain.loyalty.ledger import Entry, InsufficientPoints, Kind, Source, due_to_expire
from app.domain.loyalty.settings import LoyaltySettings
from app.services.errors import NotFound, PermissionDenied


@dataclass(frozen=True)
class Posted:
    entry_id: int
    delta: int
    balance: int
    duplicate: bool  # the client key had been used: nothing new was written


def ledger_balance(session: Session, member_id: int) -> int:
    return int(session.scalar(select(func.coalesce(func.sum(PointsEntry.delta), 0))
                              .where(PointsEntry.member_id == member_id)) or 0)


def lock_member(session: Session, member_id: int) -> Member:
    """The member row, locked on PostgreSQL so two spends cannot both pass the balance check
    (SQLite's write transactions are one at a time already)."""
    member = session.execute(select(Member).where(Member.id == member_id).with_for_update()).scalar_one_or_none()
    if member is None:
        raise NotFound(f"no member {member_id}")
    return member


def expiry_instant(clock: Clock, earned_at: datetime, s: LoyaltySettings) -> datetime:
    """Rolling expiry to the day: earned on 15 June, gone from the start of 15 June a year on
    (the workstation's local day)."""
    day = earned_at.astimezone(clock.tz).date() + timedelta(days=s.expiry_days)
    return datetime.combine(day, time(0), tzinfo=clock.tz).astimezone(UTC)


def post(session: Session, clock: Clock, member_id: int, *, delta: int, kind: Kind, source: Source, reason: str,
         client_key: str | None, expires_at: datetime | None = None, call_id: int | None = None,
         order_id: int | None = None, user_id: int | None = None, ref_entry_id: int | None = None,
         at: datetime | None = None, clamp: bool = False) -> Posted:
    """Write one entry (or find the one with this client key). A negative delta beyond the
    balance raises InsufficientPoints, or with `clamp` takes only what there is."""
    if client_key is not None:
        found = _by_key(session, member_id, client_key)
        if found is not None:
            return Posted(found.id, found.delta, ledger_balance(session, member_id), True)
    if delta < 0:
        lock_member(session, member_id)
        current = ledger_balance(session, member_id)
        if -delta > current:
            if not clamp:
                raise InsufficientPoints(f"needs {-delta} points, the balance is {current}")
            delta = -current
    if via_server(session):  # orders, refunds and expiries are never an agent's: the server refuses them
        entry_id, duplicate = _post_on_server(session, member_id, delta=delta, kind=kind, source=source,
                                              reason=reason, client_key=client_key, expires_at=expires_at,
                                              call_id=call_id, user_id=user_id)
        return Posted(entry_id, delta, ledger_balance(session, member_id), duplicate)
    entry = PointsEntry(member_id=member_id, delta=delta, kind=kind.value, source=source.value, reason=reason[:120],
                        client_key=client_key, expires_at=expires_at if delta > 0 else None, call_id=call_id,
                        order_id=order_id, user_id=user_id, ref_entry_id=ref_entry_id, created_at=at or clock.now())
    try:
        with session.begin_nested():
            session.add(entry)
            session.flush()
    except IntegrityError:  # the same key posted concurrently: that one stands
        found = _by_key(session, member_id, client_key) if client_key else None
        if found is None:
            raise
        return Posted(found.id, found.delta, ledger_balance(session, member_id), True)
    if delta:
        session.execute(update(Member).where(Member.id == member_id)
                        .values(points_balance=Member.points_balance + delta)
                        .execution_options(synchronize_session=False))
    return Posted(entry.id, delta, ledger_balance(session, member_id), False)


def via_server(session: Session) -> bool:
    """True for a login that may not write the ledger itself (an agent's, in team mode)."""
    return lacks_privilege(session, "has_table_privilege('public.points_ledger', 'INSERT')")


_REFUSALS = {
    # insufficient_privilege: not the caller's points to move
    "42501": lambda _: PermissionDenied("an agent moves a member's points only on a call it holds: "
                                        "claim the member's task first"),
    "23514": InsufficientPoints,  # check_violation: the balance would go below zero
}


def _on_server(session: Session, statement: str, params: dict):
    """Run one of the server's points functions; its refusals become the service's errors."""
    return server_function(session, statement, params, _REFUSALS)


def _post_on_server(session: Session, member_id: int, *, delta: int, kind: Kind, source: Source, reason: str,
                    client_key: str | None, expires_at: datetime | None, call_id: int | None,
                    user_id: int | None) -> tuple[int, bool]:
    row = _on_server(session, "SELECT entry_id, duplicate FROM caredesk_post_points(:member, :delta, :kind, "
                              ":source, :reason, :key, :expires, :call, :user)",
                     {"member": member_id, "delta": delta, "kind": kind.value, "source": source.value,
                      "reason": reason, "key": client_key, "expires": expires_at, "call": call_id,
                      "user": user_id}).one()
    return int(row.entry_id), bool(row.duplicate)


def _by_key(session: Session, member_id: int, client_key: str) -> PointsEntry | None:
    return session.scalars(select(PointsEntry).where(PointsEntry.member_id == member_id,
                                                     PointsEntry.client_key == client_key)).first()


def member_entries(session: Session, member_id: int) -> list[Entry]:
    rows = session.execute(select(PointsEntry.id, PointsEntry.delta, PointsEntry.created_at, PointsEntry.expires_at,
                                  PointsEntry.frozen, PointsEntry.ref_entry_id)
                           .where(PointsEntry.member_id == member_id).order_by(PointsEntry.created_at, PointsEntry.id))
    return [Entry(*row) for row in rows]


def settle_expiry(session: Session, clock: Clock, member_id: int, tier: str, s: LoyaltySettings,
                  entries: list[Entry] | None = None) -> tuple[int, int]:
    """Expire (or, for a high-value member, freeze) this member's lots past their date.
    Returns (points expired, lots frozen)."""
    entries = member_entries(session, member_id) if entries is None else entries
    batch = ExpiryBatch()
    batch.add(clock, member_id, tier, entries, s)
    batch.write(session)
    return batch.expired, batch.frozen


class ExpiryBatch:
    """The expiry of many members' lots, planned in Python and written in a few bulk
    statements. Each lot is dealt with once: its expires_at is cleared in the same
    transaction, and the entry that expired or froze it carries the lot's id in its key
    (unique per member), so a second run finds nothing to do."""

    def __init__(self) -> None:
        self.rows: list[dict] = []
        self.cleared: list[int] = []
        self.kept: list[int] = []
        self.deltas: dict[int, int] = {}
        self.settled: list[dict] = []  # each due lot: what the server's caredesk_settle_lot is given
        self.expired = self.frozen = 0

    def add(self, clock: Clock, member_id: int, tier: str, entries: list[Entry], s: LoyaltySettings) -> None:
        now = clock.now()
        due = [e for e in entries if e.delta > 0 and e.expires_at is not None and e.expires_at <= now]
        if not due:
            return
        left = {e.id: p for e, p in due_to_expire(entries, now)}
        freeze = tier in s.freeze_tiers
        total = 0
        for lot in due:
            points = left.get(lot.id, 0)
            if not points:
                self.cleared.append(lot.id)
                self.settled.append({"lot": lot.id, "points": 0, "freeze": False, "reason": ""})
                continue
            day = lot.expires_at.astimezone(clock.tz).date().isoformat()
            if freeze:
                self.kept.append(lot.id)
                self.frozen += 1
                reason = f"freeze {points} points due {day} ({tier})"
                self._row(member_id, 0, Kind.FROZEN, reason, f"freeze:{lot.id}", lot.id, now)
            else:
                self.cleared.append(lot.id)
                total += points
                reason = f"expired {day}"
                self._row(member_id, -points, Kind.EXPIRED, reason, f"expire:{lot.id}", lot.id, now)
            self.settled.append({"lot": lot.id, "points": points, "freeze": freeze, "reason": reason})
        if total:
            self.deltas[member_id] = -total
            self.expired += total

    def _row(self, member_id: int, delta: int, kind: Kind, reason: str, key: str, ref: int, now: datetime) -> None:
        self.rows.append({"member_id": member_id, "delta": delta, "kind": kind.value, "source": Source.SYSTEM.value,
                          "reason": reason, "client_key": key, "frozen": False, "ref_entry_id": ref,
                          "created_at": now, "expires_at": None})

    def write(self, session: Session) -> None:
        if via_server(session):  # a few lots of the member on the agent's call, one by one
            for lot in self.settled:
                _on_server(session, "SELECT caredesk_settle_lot(:lot, :points, :freeze, :reason)", lot)
            return
        conn = session.connection()
        t = PointsEntry.__table__
        if self.rows:
            conn.execute(t.insert(), self.rows)
        for ids, values in ((self.cleared, {"expires_at": None}), (self.kept, {"expires_at": None, "frozen": True})):
            for i in range(0, len(ids), 500):
                conn.execute(update(t).where(t.c.id.in_(ids[i:i + 500])).values(**values))
        if self.deltas:
            m = Member.__table__
            conn.execute(update(m).where(m.c.id == bindparam("mid"))
                         .values(points_balance=m.c.points_balance + bindparam("delta")),
                         [{"mid": k, "delta": v} for k, v in self.deltas.items()])


def unfreeze(session: Session, clock: Clock, member_id: int, s: LoyaltySettings, *, why: str) -> int:
    """A member no longer high-value: their frozen lots start a fresh rolling period today."""
    ids = list(session.scalars(select(PointsEntry.id).where(PointsEntry.member_id == member_id,
                                                            PointsEntry.frozen.is_(True))))
    if not ids:
        return 0
    today = clock.today()
    post(session, clock, member_id, delta=0, kind=Kind.FROZEN, source=Source.SYSTEM,
         reason=f"unfreeze {len(ids)} lots: {why}", client_key=f"unfreeze:{today.isoformat()}")
    expires = expiry_instant(clock, clock.now(), s)
    session.execute(update(PointsEntry).where(PointsEntry.id.in_(ids)).values(frozen=False, expires_at=expires)
                    .execution_options(synchronize_session=False))
    return len(ids)


def local_day(clock: Clock, instant: datetime) -> date:
    return instant.astimezone(clock.tz).date()
