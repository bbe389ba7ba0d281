"""Points and tier upgrades for new orders, many at once: what an import calls in its
transaction for the orders it wrote, and what a single order's earning is (a batch of one).

Each member's orders are earned in order time, exactly as one call per order would: the
tier the order was bought at and its discount are recorded on it, the points (1 per yuan,
birthday double, +50 for a repurchase within a month) are written to the ledger, the
rolling 12-month spend may upgrade the member at once (and later orders earn at the new
tier), and a referred member's first order rewards both sides. The reads are a few
statements per 2,000 members and the writes are bulk; idempotent by the ledger's client
keys (an order earns once).
"""

from bisect import bisect_left
from collections import defaultdict, namedtuple
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.data.bulk import among, insert_rows, update_rows
from app.data.loyalty import MemberChange, Referral
from app.data.tables import Member, Order, PointsEntry
from app.domain.clock import Clock
from app.domain.loyalty.benefits import tier_discount_fen
from app.domain.loyalty.earning import order_points
from app.domain.loyalty.ledger import Kind, Source
from app.domain.loyalty.settings import LoyaltySettings
from app.domain.loyalty.tiers import TierState, rank, review
from app.services.errors import NotFound
from app.services.loyalty.ledger import expiry_instant, local_day
from app.data.member_rows import MemberRows
from app.services.loyalty.orders import SPEND_WINDOW, OrderEarning, reward_referral

MEMBERS_PER_STEP = 2000
ENTRY_COLUMNS = ("member_id", "delta", "kind", "source", "reason", "client_key", "frozen", "order_id",
                 "created_at", "expires_at")
# The rows read, as plain named tuples: the loop below reads each order's fields a dozen
# times, and a result Row's attribute access costs about 14 times a tuple's.
_OrderRow = namedtuple("_OrderRow", "id member_id ordered_at amount_fen refunded_fen member_tier tier_discount_fen")
_Person = namedtuple("_Person", "id tier tier_review_on tier_grace_until birth_date")


@dataclass
class _Writes:
    """What one step of members writes, in a few bulk statements."""

    order_tiers: list[dict] = field(default_factory=list)
    entries: list[tuple] = field(default_factory=list)  # ENTRY_COLUMNS
    balances: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    tiers: list[dict] = field(default_factory=list)
    changes: list[tuple] = field(default_factory=list)
    members: list[int] = field(default_factory=list)  # every member with an order earned now
    expiry: dict[date, datetime] = field(default_factory=dict)  # by local day earned


def earn_on_orders(session: Session, clock: Clock, order_ids: Iterable[int], s: LoyaltySettings, *,
                   members: MemberRows | None = None) -> list[OrderEarning]:
    """Earn the given orders (each once), in order time; the earnings in that order. With
    `members` (an import), the members' new balance, tier and lifecycle mark are gathered
    there for the import's one write of each member row instead of being written now."""
    ids = sorted(set(order_ids))
    buyers: set[int] = set()
    for i in range(0, len(ids), 5000):
        buyers.update(session.scalars(select(Order.member_id).where(among(session.connection(), Order.id,
                                                                           ids[i:i + 5000]))))
    wanted = set(ids)
    earned: list[tuple[datetime, int, OrderEarning]] = []
    ordered = sorted(buyers)
    for i in range(0, len(ordered), MEMBERS_PER_STEP):
        earned.extend(_earn_members(session, clock, ordered[i:i + MEMBERS_PER_STEP], wanted, s, members))
    earned.sort(key=lambda e: (e[0], e[1]))
    return [e for _, _, e in earned]


def _earn_members(session: Session, clock: Clock, member_ids: list[int], wanted: set[int],
                  s: LoyaltySettings, gather: MemberRows | None) -> list[tuple[datetime, int, OrderEarning]]:
    now, today = clock.now(), clock.today()
    conn = session.connection()
    orders_of: dict[int, list] = defaultdict(list)
    # Core rows fetched at once (the caller's changes were flushed by earn_on_orders' first read).
    for row in conn.execute(select(Order.id, Order.member_id, Order.ordered_at, Order.amount_fen,
                                   Order.refunded_fen, Order.member_tier, Order.tier_discount_fen)
                            .where(among(conn, Order.member_id, member_ids))
                            .order_by(Order.member_id, Order.ordered_at, Order.id)).all():
        orders_of[row[1]].append(_OrderRow._make(row))
    people = {m[0]: _Person._make(m) for m in session.execute(
        select(Member.id, Member.tier, Member.tier_review_on, Member.tier_grace_until, Member.birth_date)
        .where(among(conn, Member.id, member_ids)))}
    new_ids = [o.id for rows in orders_of.values() for o in rows if o.id in wanted]
    # By member first: the ledger has no order index, so by order alone every step read the
    # whole ledger (an order's entries are its member's).
    buyers = sorted({o.member_id for rows in orders_of.values() for o in rows if o.id in wanted})
    posted = {(m, k) for m, k in session.execute(select(PointsEntry.member_id, PointsEntry.client_key).where(
        among(conn, PointsEntry.member_id, buyers), among(conn, PointsEntry.order_id, new_ids),
        PointsEntry.source == Source.ORDER.value))} if new_ids else set()
    referred = set(session.scalars(select(Referral.referee_id).where(among(conn, Referral.referee_id, member_ids),
                                                                     Referral.status == "pending")))
    writes = _Writes()
    out: list[tuple[datetime, int, OrderEarning]] = []
    referrals: list[tuple[int, int]] = []
    for mid in member_ids:
        rows, member = orders_of.get(mid, []), people.get(mid)
        if member is None or not any(o.id in wanted for o in rows):
            continue
        writes.members.append(mid)
        kept = [o.ordered_at for o in rows if o.refunded_fen < o.amount_fen]  # sorted: rows come in order time
        # spend_12m's rule, over the rows already read
        spend = sum(o.amount_fen - o.refunded_fen for o in rows if now - SPEND_WINDOW < o.ordered_at <= now)
        state = TierState(member.tier, member.tier_review_on, member.tier_grace_until)
        for o in rows:
            if o.id not in wanted:
                continue
            # The tier it was bought at, before any upgrade it brings, and that tier's discount:
            # recorded once, when the order first earns (an import writes its estimate first).
            discount = tier_discount_fen(o.amount_fen - o.refunded_fen, state.tier, s)
            if o.member_tier is None or ((o.member_tier, o.tier_discount_fen) != (state.tier, discount)
                                         and (mid, f"order:{o.id}") not in posted):
                writes.order_tiers.append({"_id": o.id, "member_tier": state.tier, "tier_discount_fen": discount})
            at = bisect_left(kept, o.ordered_at)
            previous = kept[at - 1] if at else None
            day = local_day(clock, o.ordered_at)
            earned = order_points(o.amount_fen - o.refunded_fen, order_day=day,
                                  previous_order_day=local_day(clock, previous) if previous else None,
                                  tier=state.tier, birth_date=member.birth_date, s=s)
            expires = writes.expiry.get(day) or writes.expiry.setdefault(day, expiry_instant(clock, o.ordered_at, s))
            base = _entry(writes, mid, o, earned.base, Kind.EARNED, f"order:{o.id}",
                          "purchase, birthday double" if earned.birthday else "purchase", expires, posted)
            bonus = _entry(writes, mid, o, earned.bonus, Kind.BONUS, f"order:{o.id}:repurchase",
                           "repurchase within a month", expires, posted)
            upgraded = review(state, spend, today, s)
            if rank(upgraded.tier) > rank(state.tier):  # upgrades at once; downgrades wait for the review
                writes.tiers.append({"_id": mid, "tier": upgraded.tier, "tier_review_on": upgraded.review_on,
                                     "tier_grace_until": upgraded.grace_until})
                writes.changes.append((mid, now, "tier", state.tier, upgraded.tier))
                state = upgraded
            if mid in referred:
                referrals.append((mid, o.id))
            out.append((o.ordered_at, o.id, OrderEarning(o.id, base, bonus, earned.birthday, state.tier, 0)))
    _write(session, writes, gather)
    for mid, oid in referrals:  # rare: a referred member's first order rewards both sides
        shared = reward_referral(session, clock, mid, oid, s)
        if shared:
            out = [(t, i, replace(e, referral_points=shared) if i == oid else e) for t, i, e in out]
    _expire_cached(session, set(member_ids), wanted)
    return out


def _entry(writes: _Writes, member_id: int, order, delta: int, kind: Kind, key: str, reason: str,
           expires: datetime, posted: set[tuple[int, str]]) -> int:
    """One ledger row for the order, unless it has earned already; the points written now."""
    if not delta or (member_id, key) in posted:
        return 0
    posted.add((member_id, key))
    writes.entries.append((member_id, delta, kind.value, Source.ORDER.value, reason, key, False, order.id,
                           order.ordered_at, expires))
    writes.balances[member_id] += delta
    return delta


def _write(session: Session, w: _Writes, gather: MemberRows | None) -> None:
    """Straight to the driver (app.data.bulk): COPY on PostgreSQL, executemany on SQLite."""
    conn = session.connection()
    update_rows(conn, Order.__table__, w.order_tiers)
    insert_rows(conn, PointsEntry.__table__, ENTRY_COLUMNS, w.entries)
    # Each member's row once: the points added, for an upgrade the new tier, and the nightly
    # lifecycle told to derive the member again (their orders changed; the version stays).
    # An import gathers them for its own one write of each member (MemberRows).
    if gather is not None:
        for mid in w.members:
            gather.add_points(mid, w.balances.get(mid, 0))
            gather.set(mid, lifecycle_next_on=None)
        for tier in w.tiers:
            gather.set(tier["_id"], **{k: v for k, v in tier.items() if k != "_id"})
    else:
        members = {mid: {"_id": mid, "points_balance": w.balances.get(mid, 0), "lifecycle_next_on": None}
                   for mid in w.members}
        for tier in w.tiers:
            members[tier["_id"]].update(tier)
        update_rows(conn, Member.__table__, list(members.values()), add=("points_balance",))
    insert_rows(conn, MemberChange.__table__, ("member_id", "at", "field", "old", "new"), w.changes)


def _expire_cached(session: Session, member_ids: set[int], order_ids: set[int]) -> None:
    """The bulk statements bypass the session: objects it holds for these rows are re-read."""
    for obj in list(session.identity_map.values()):
        if (isinstance(obj, Member) and obj.id in member_ids) or (isinstance(obj, Order) and obj.id in order_ids):
            session.expire(obj)


def earn_on_order(session: Session, clock: Clock, order_id: int, s: LoyaltySettings) -> OrderEarning:
    """One order's earning: a batch of one (the same rules, the same writes)."""
    earned = earn_on_orders(session, clock, [order_id], s)
    if not earned:
        raise NotFound(f"no order {order_id}")
    return earned[0]
