"""The member programme's daily jobs, each idempotent and set-based over all members:
points expiry (and freezing), tier review, lifecycle stage with segments and baby stage,
and the fraud check. Each runs inside the caller's transaction and returns a count."""

import hashlib
from collections import defaultdict
from datetime import timedelta

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from app.data.loyalty import MemberChange
from app.data.tables import HealthProfile, Member, Order, OrderLine, PointsEntry
from app.domain.clock import Clock
from app.domain.loyalty.ledger import Entry, Kind
from app.domain.churn import supply_end
from app.domain.loyalty.lifecycle import baby_stage, lifecycle_stage
from app.domain.loyalty.segments import OrderFact, PromoDays, segment_tags
from app.domain.loyalty.settings import LoyaltySettings, promo_windows
from app.domain.loyalty.tiers import TierState, rank, review
from app.domain.queue_settings import QueueSettings
from app.services.loyalty.ledger import ExpiryBatch, unfreeze
from app.services.loyalty.orders import SPEND_WINDOW, flag
from app.services.queue import local_day_sql, plan_context

BATCH = 2_000


def expire_points(session: Session, clock: Clock, s: LoyaltySettings) -> dict[str, int]:
    """Every lot whose date has come: expire what is left of it, or freeze it for a
    high-value member. Only lots not yet dealt with carry an expires_at in the past."""
    now = clock.now()
    ids = list(session.scalars(select(PointsEntry.member_id).where(PointsEntry.expires_at <= now).distinct()))
    expired = frozen = 0
    for i in range(0, len(ids), BATCH):
        chunk = ids[i:i + BATCH]
        tiers = dict(session.execute(select(Member.id, Member.tier).where(Member.id.in_(chunk))).all())
        ledgers: dict[int, list[Entry]] = defaultdict(list)
        for row in session.execute(select(PointsEntry.member_id, PointsEntry.id, PointsEntry.delta,
                                          PointsEntry.created_at, PointsEntry.expires_at, PointsEntry.frozen,
                                          PointsEntry.ref_entry_id)
                                   .where(PointsEntry.member_id.in_(chunk))
                                   .order_by(PointsEntry.member_id, PointsEntry.created_at, PointsEntry.id)):
            ledgers[row[0]].append(Entry(*row[1:]))
        batch = ExpiryBatch()
        for mid in chunk:
            batch.add(clock, mid, tiers.get(mid, "standard"), ledgers[mid], s)
        batch.write(session)
        expired += batch.expired
        frozen += batch.frozen
    return {"members": len(ids), "expired_points": expired, "frozen_lots": frozen}


def review_tiers(session: Session, clock: Clock, s: LoyaltySettings) -> dict[str, int]:
    """Upgrades anything missed, starts a grace at each member's yearly review when their
    spend is below the tier, and moves them down when the grace ends."""
    now, today = clock.now(), clock.today()
    spend = dict(session.execute(
        select(Order.member_id, func.sum(Order.amount_fen - Order.refunded_fen))
        .where(Order.ordered_at > now - SPEND_WINDOW, Order.ordered_at <= now).group_by(Order.member_id)).all())
    counts = {"up": 0, "down": 0, "grace": 0}
    rows = session.execute(select(Member.id, Member.tier, Member.tier_review_on, Member.tier_grace_until)
                           .where((Member.tier != "standard") | Member.id.in_(select(Order.member_id).where(
                               Order.ordered_at > now - SPEND_WINDOW).distinct())))
    changes = []
    for mid, tier, review_on, grace in rows:
        old = TierState(tier, review_on, grace)
        new = review(old, int(spend.get(mid) or 0), today, s)
        if new != old:
            changes.append((mid, old, new))
    m = Member.__table__
    if changes:
        session.connection().execute(
            update(m).where(m.c.id == bindparam("mid"))
            .values(tier=bindparam("tier"), tier_review_on=bindparam("review_on"),
                    tier_grace_until=bindparam("grace_until")),
            [{"mid": mid, "tier": new.tier, "review_on": new.review_on, "grace_until": new.grace_until}
             for mid, _, new in changes])
    moves = []
    for mid, old, new in changes:
        if new.tier != old.tier:
            counts["up" if rank(new.tier) > rank(old.tier) else "down"] += 1
            moves.append({"member_id": mid, "at": now, "field": "tier", "old": old.tier, "new": new.tier})
            if old.tier in s.freeze_tiers and new.tier not in s.freeze_tiers:
                unfreeze(session, clock, mid, s, why=f"{old.tier} -> {new.tier}")
        elif new.grace_until is not None and old.grace_until is None:
            counts["grace"] += 1
    if moves:
        session.connection().execute(MemberChange.__table__.insert(), moves)
    return counts


def update_lifecycle(session: Session, clock: Clock, s: LoyaltySettings, q: QueueSettings, *,
                     member_ids: list[int] | None = None) -> dict[str, int]:
    """Lifecycle stage and segment tags of every member (or of `member_ids`, after an
    import) from their orders, and the baby's stage from its age; writes only what
    changed, and records stage movements."""
    ctx = plan_context(session, clock, q)
    now, today = clock.now(), clock.today().toordinal()
    promo = PromoDays(promo_windows(s))
    category = {pid: info.category for pid, info in ctx.products.items()}
    members_q = select(Member.id, Member.lifecycle_stage, Member.segment_tags)
    orders_where = [Order.refunded_fen < Order.amount_fen]
    if member_ids is not None:
        members_q = members_q.where(Member.id.in_(member_ids))
        orders_where.append(Order.member_id.in_(member_ids))
    current = {mid: (stage, tags) for mid, stage, tags in session.execute(members_q)}
    # One row per order line (most orders have one); an order's category is its first line's.
    conn = session.connection()
    day_sql = local_day_sql(Order.ordered_at, ctx, conn.dialect.name)  # the queue build's: ints from the database
    stream = conn.execute(
        select(Order.member_id, Order.id, Order.ordered_at if day_sql is None else day_sql,
               Order.amount_fen - Order.refunded_fen, OrderLine.product_id, OrderLine.quantity)
        .outerjoin(OrderLine, OrderLine.order_id == Order.id)
        .where(*orders_where)
        .order_by(Order.member_id, Order.ordered_at, Order.id)).yield_per(50_000)
    updates, moves = [], []
    counts = defaultdict(int)
    seen: set[int] = set()

    pack_days = {pid: info.pack_days for pid, info in ctx.products.items()}

    def finish(mid: int, facts: list[OrderFact], fills: list[tuple[int, int, int]]) -> None:
        days = sorted({f.day for f in facts})
        last_cat = facts[-1].category if facts else None
        fallback = ctx.category_gap.get(last_cat, q.churn_default_gap_days) if last_cat else q.churn_default_gap_days
        stage = lifecycle_stage(days, today, fallback, q, s, supply_end=supply_end(fills, pack_days)).value
        tags = segment_tags(facts, today, q, s, promo)
        counts[stage] += 1
        old = current.get(mid)
        if old is not None and old != (stage, tags):
            updates.append({"mid": mid, "stage": stage, "tags": tags})
            if old[0] != stage:
                moves.append({"member_id": mid, "at": now, "field": "lifecycle", "old": old[0], "new": stage})

    mid_now, facts, fills, last_order = None, [], [], None
    for mid, oid, at, paid, pid, quantity in stream:
        if mid != mid_now:
            if mid_now is not None:
                finish(mid_now, facts, fills)
                seen.add(mid_now)
            mid_now, facts, fills = mid, [], []
        day = at if day_sql is not None else ctx.local_ordinal(at)
        if pid is not None:
            fills.append((day, pid, quantity or 1))
        if oid == last_order:
            continue
        last_order = oid
        facts.append(OrderFact(day, int(paid), category.get(pid)))
    if mid_now is not None:
        finish(mid_now, facts, fills)
        seen.add(mid_now)
    for mid in current.keys() - seen:  # no orders (or all refunded): new, no tags
        finish(mid, [], [])
    if updates:
        session.connection().execute(
            update(Member.__table__).where(Member.__table__.c.id == bindparam("mid"))
            .values(lifecycle_stage=bindparam("stage"), segment_tags=bindparam("tags")), updates)
    if moves:
        session.connection().execute(MemberChange.__table__.insert(), moves)
    babies = _advance_babies(session, clock) if member_ids is None else 0
    return {"changed": len(updates), "moved": len(moves), "babies": babies, **counts}


def _advance_babies(session: Session, clock: Clock) -> int:
    today = clock.today()
    changed = []
    for mid, birth, stage in session.execute(select(HealthProfile.member_id, HealthProfile.baby_birth_date,
                                                    HealthProfile.baby_stage)
                                             .where(HealthProfile.baby_birth_date.is_not(None))):
        new = baby_stage(birth, today, stage)
        if new != stage:
            changed.append({"mid": mid, "stage": new})
    if changed:
        t = HealthProfile.__table__
        session.connection().execute(update(t).where(t.c.member_id == bindparam("mid"))
                                     .values(baby_stage=bindparam("stage"), version=t.c.version + 1), changed)
    return len(changed)


def fraud_check(session: Session, clock: Clock, s: LoyaltySettings) -> dict[str, int]:
    """Suspicious patterns onto the supervisor's review list (each once): many members on one
    phone or one address, points kept on refunded orders, a redemption right after bulk earning, and a
    balance that is not the sum of its ledger."""
    now = clock.now()
    counts = {"shared_phone": 0, "shared_address": 0, "refunded_points": 0, "bulk_redeem": 0,
              "ledger_mismatch": 0}
    for phone, n in session.execute(select(Member.phone_e164, func.count()).where(Member.phone_e164.is_not(None))
                                    .group_by(Member.phone_e164).having(func.count() >= s.fraud_phone_members)):
        ids = list(session.scalars(select(Member.id).where(Member.phone_e164 == phone).order_by(Member.id)))
        counts["shared_phone"] += flag(session, clock, "shared_phone", f"phone:{phone}", ids[0],
                                       {"members": ids, "count": n})
    # Addresses are stored cleaned (app.domain.loyalty.fraud.clean_address) and compared
    # without spaces or case; the subject keeps the key short and stable.
    key = func.lower(func.replace(Member.address, " ", ""))
    groups = defaultdict(list)
    for addr, mid in session.execute(
            select(key, Member.id).where(key.in_(
                select(key).where(Member.address.is_not(None), Member.address != "")
                .group_by(key).having(func.count() >= s.fraud_address_members))).order_by(key, Member.id)):
        groups[addr].append(mid)
    for addr, ids in groups.items():
        digest = hashlib.sha1(addr.encode()).hexdigest()[:16]
        counts["shared_address"] += flag(session, clock, "shared_address", f"address:{digest}", ids[0],
                                         {"members": ids, "count": len(ids), "address": addr})
    # Refunded orders (in the last 30 days) whose points were not all taken back.
    refunded = {oid: (mid, ext) for oid, mid, ext in session.execute(
        select(Order.id, Order.member_id, Order.external_id)
        .where(Order.refunded_at > now - timedelta(days=30), Order.refunded_fen >= Order.amount_fen))}
    ids = list(refunded)
    for i in range(0, len(ids), 500):
        for oid, net in session.execute(
                select(PointsEntry.order_id, func.sum(PointsEntry.delta))
                .where(PointsEntry.order_id.in_(ids[i:i + 500]), PointsEntry.source == "order")
                .group_by(PointsEntry.order_id).having(func.sum(PointsEntry.delta) > 0)):
            mid, ext = refunded[oid]
            counts["refunded_points"] += flag(session, clock, "refunded_points", f"order:{oid}", mid,
                                              {"order": ext, "points_kept": int(net)})
    # A redemption within fraud_bulk_days of earning fraud_bulk_points or more.
    window = timedelta(days=s.fraud_bulk_days)
    for eid, mid, at in session.execute(select(PointsEntry.id, PointsEntry.member_id, PointsEntry.created_at)
                                        .where(PointsEntry.kind == Kind.REDEEMED.value,
                                               PointsEntry.created_at > now - timedelta(days=2))):
        got = session.scalar(select(func.coalesce(func.sum(PointsEntry.delta), 0)).where(
            PointsEntry.member_id == mid, PointsEntry.delta > 0, PointsEntry.created_at >= at - window,
            PointsEntry.created_at <= at)) or 0
        if got >= s.fraud_bulk_points:
            counts["bulk_redeem"] += flag(session, clock, "bulk_redeem", f"entry:{eid}", mid,
                                          {"earned_before": int(got), "days": s.fraud_bulk_days})
    sums = (select(PointsEntry.member_id, func.sum(PointsEntry.delta).label("total"))
            .group_by(PointsEntry.member_id).subquery())
    for mid, cached, total in session.execute(
            select(Member.id, Member.points_balance, func.coalesce(sums.c.total, 0))
            .outerjoin(sums, sums.c.member_id == Member.id)
            .where(Member.points_balance != func.coalesce(sums.c.total, 0))):
        counts["ledger_mismatch"] += flag(session, clock, "ledger_mismatch",
                                          f"member:{mid}:{clock.today().isoformat()}", mid,
                                          {"balance": cached, "ledger": int(total)})
    return counts
