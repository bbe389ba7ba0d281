"""The member programme's daily jobs, each idempotent and set-based over all members:
points expiry (and freezing), tier review, lifecycle stage with segments and baby stage,
and the fraud check. Each runs inside the caller's transaction and returns a count."""

import hashlib
from collections import defaultdict
from dataclasses import asdict
from datetime import date, timedelta

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from app.data.bulk import insert_rows
from app.data.loyalty import FraudFlag, LifecycleRun, MemberChange
from app.data.tables import HealthProfile, Member, Order, OrderLine, PointsEntry
from app.domain.clock import Clock
from app.domain.loyalty.fraud import address_subject, hidden_subject, phone_subject
from app.domain.loyalty.ledger import Entry, Kind
from app.domain.churn import supply_end
from app.domain.loyalty.lifecycle import baby_stage, stage_until
from app.domain.loyalty.segments import OrderFact, PromoDays, segment_tags, tags_change_on
from app.domain.loyalty.settings import LoyaltySettings, promo_windows
from app.domain.loyalty.tiers import TierState, rank, review
from app.domain.queue_settings import QueueSettings
from app.services.loyalty.fraud import address_key
from app.services.loyalty.ledger import ExpiryBatch, unfreeze
from app.data.member_rows import MemberRows
from app.services.loyalty.orders import SPEND_WINDOW
from app.services.queue import local_day_sql, plan_context

BATCH = 2_000
NEW_ORDER_WINDOW = timedelta(days=8)


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
    # Who can move today: a tiered member whose review has come (or was never set) or who is
    # in a grace, anyone whose orders changed since the last lifecycle pass (NULL next day:
    # also every member on the first night after the upgrade, and members written by other
    # means), and anyone with an order that became current lately (earn_on_order upgrades at
    # once; the week covers a future-dated order and a night the job missed).
    m = Member.__table__
    due = (m.c.tier != "standard") & (m.c.tier_review_on.is_(None) | (m.c.tier_review_on <= today)
                                      | m.c.tier_grace_until.is_not(None))
    ordered = select(Order.member_id).where(Order.ordered_at > now - NEW_ORDER_WINDOW, Order.ordered_at <= now)
    rows = sorted(session.execute(select(m.c.id, m.c.tier, m.c.tier_review_on, m.c.tier_grace_until)
                                  .where(due | m.c.lifecycle_next_on.is_(None) | m.c.id.in_(ordered))))
    spend: dict[int, int] = {}
    for i in range(0, len(rows), BATCH):
        spend.update(session.execute(
            select(Order.member_id, func.sum(Order.amount_fen - Order.refunded_fen))
            .where(Order.member_id.in_([r[0] for r in rows[i:i + BATCH]]), Order.ordered_at > now - SPEND_WINDOW,
                   Order.ordered_at <= now).group_by(Order.member_id)).all())
    counts = {"up": 0, "down": 0, "grace": 0}
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


# Stored for a member whose stage and tags only a purchase can change.
NEVER = date.max


def update_lifecycle(session: Session, clock: Clock, s: LoyaltySettings, q: QueueSettings, *,
                     member_ids: list[int] | None = None, full: bool = False,
                     members: MemberRows | None = None, lines: list[tuple] | None = None) -> dict[str, int]:
    """Lifecycle stage and segment tags from the members' orders, and the baby's stage from
    its age; writes only what changed, and records stage movements.

    Nightly, only the members whose stage or tags can change today: those whose stored next
    day (`lifecycle_next_on`) has come, and those never derived or whose orders changed since
    (NULL, set by earn_on_order and refund_order). `member_ids`: those members (an import);
    `full`: every member; a nightly pass is full by itself when the rules changed since the
    last (settings, products' categories or pack lengths) or its day is earlier. `lines`:
    those members' order lines as the queue's refresh read them (queue.order_lines with
    paid=True), instead of reading them again (an import)."""
    ctx = plan_context(session, clock, q)
    now, today = clock.now(), clock.today().toordinal()
    m = Member.__table__
    rows = select(m.c.id, m.c.lifecycle_stage, m.c.segment_tags, m.c.lifecycle_next_on)
    if member_ids is not None:
        ids = sorted(set(member_ids))
        current = [r for i in range(0, len(ids), BATCH)
                   for r in session.execute(rows.where(m.c.id.in_(ids[i:i + BATCH])))]
    else:
        rules = _rules_digest(ctx, q, s)
        # The pass written last (not the latest clock: a run may be for an earlier day).
        last = session.execute(select(LifecycleRun.day, LifecycleRun.rules)
                               .order_by(LifecycleRun.id.desc()).limit(1)).first()
        full = full or last is None or last.rules != rules or last.day > clock.today()
        current = list(session.execute(rows if full else rows.where(
            or_(m.c.lifecycle_next_on.is_(None), m.c.lifecycle_next_on <= clock.today()))))
        session.add(LifecycleRun(day=clock.today(), rules=rules, at=now, derived=len(current)))
    derive = _Deriver(ctx, today, q, s)
    updates, moves = [], []
    counts: dict[str, int] = defaultdict(int)
    changed = 0  # stage or tags (a new next day alone is bookkeeping)
    current.sort()
    given = derive.facts(lines) if lines is not None else None
    for i in range(0, len(current), BATCH):
        chunk = current[i:i + BATCH]
        facts = given if given is not None else derive.read(session.connection(), [r[0] for r in chunk])
        for mid, old_stage, old_tags, old_next in chunk:
            stage, tags, next_on = derive(*facts.get(mid, ([], [])))
            counts[stage] += 1
            if members is not None:  # the stored row may be pending other changes: always gathered
                members.set(mid, lifecycle_stage=stage, segment_tags=tags, lifecycle_next_on=next_on)
            if (stage, tags, next_on) != (old_stage, old_tags, old_next):
                updates.append({"mid": mid, "stage": stage, "tags": tags, "next_on": next_on})
                changed += (stage, tags) != (old_stage, old_tags)
                if old_stage != stage:
                    moves.append((mid, now, "lifecycle", old_stage, stage))
    if updates and members is None:
        session.connection().execute(
            update(m).where(m.c.id == bindparam("mid"))
            .values(lifecycle_stage=bindparam("stage"), segment_tags=bindparam("tags"),
                    lifecycle_next_on=bindparam("next_on")), updates)
    if moves:
        # COPY on PostgreSQL: an import moves thousands of members, psycopg's executemany is a round trip each
        insert_rows(session.connection(), MemberChange.__table__, ("member_id", "at", "field", "old", "new"), moves)
    babies = _advance_babies(session, clock) if member_ids is None else 0
    return {"derived": len(current), "changed": changed, "moved": len(moves),
            "babies": babies, **counts}


def _rules_digest(ctx, q: QueueSettings, s: LoyaltySettings) -> str:
    """What the stored next days were derived with, besides each member's orders."""
    products = sorted((pid, info.category, info.pack_days) for pid, info in ctx.products.items())
    return hashlib.sha1(repr((asdict(q), asdict(s), products)).encode()).hexdigest()


class _Deriver:
    """Reads a chunk of members' orders (one row per order line; an order's category is its
    first line's) and derives each member's stage, tags and next day, on the queue's churn rule."""

    def __init__(self, ctx, today: int, q: QueueSettings, s: LoyaltySettings) -> None:
        self.ctx, self.today, self.q, self.s = ctx, today, q, s
        self.promo = PromoDays(promo_windows(s))
        self.category = {pid: info.category for pid, info in ctx.products.items()}
        self.pack_days = {pid: info.pack_days for pid, info in ctx.products.items()}

    def read(self, conn, member_ids: list[int]) -> dict[int, tuple[list[OrderFact], list[tuple[int, int, int]]]]:
        day_sql = local_day_sql(Order.ordered_at, self.ctx, conn.dialect.name)  # ints from the database
        wanted = set(member_ids)
        rows = conn.execute(
            select(Order.member_id, Order.id, Order.ordered_at if day_sql is None else day_sql,
                   Order.amount_fen - Order.refunded_fen, OrderLine.product_id, OrderLine.quantity)
            .outerjoin(OrderLine, OrderLine.order_id == Order.id)
            .where(self._members(member_ids), Order.refunded_fen < Order.amount_fen)
            .order_by(Order.member_id, Order.ordered_at, Order.id)).all()  # one fetch, not one a row
        local = self.ctx.local_ordinal
        return self._facts((mid, oid, at if day_sql is not None else local(at), paid, pid, quantity)
                           for mid, oid, at, paid, pid, quantity in rows if mid in wanted)

    def facts(self, lines: list[tuple]) -> dict[int, tuple[list[OrderFact], list[tuple[int, int, int]]]]:
        """What read() gives, from the queue's read of the members' order lines (paid=True)."""
        return self._facts((mid, oid, day, paid, pid, quantity)
                           for mid, oid, day, _delivered, pid, quantity, paid, kept in lines if kept)

    def _facts(self, rows) -> dict[int, tuple[list[OrderFact], list[tuple[int, int, int]]]]:
        """Rows of (member, order, local day, paid, product, quantity), the orders not all
        refunded, by member in the order placed: each member's orders and fills. An order's
        category is its first line's by product id (the order SQLite's index returns them
        in; on PostgreSQL the lines of an order came in whatever order the plan made)."""
        out: dict[int, tuple[list[OrderFact], list[tuple[int, int, int]]]] = {}
        last_order = first_pid = None
        category = self.category
        for mid, oid, day, paid, pid, quantity in rows:
            facts, fills = out.setdefault(mid, ([], []))
            if pid is not None:
                fills.append((day, pid, quantity or 1))
            if oid == last_order:
                if pid is not None and pid < first_pid:
                    first_pid = pid
                    facts[-1] = OrderFact(day, facts[-1].paid_fen, category.get(pid))
                continue
            last_order, first_pid = oid, pid
            facts.append(OrderFact(day, int(paid), category.get(pid)))
        return out

    @staticmethod
    def _members(ids: list[int]):
        """A range when the (sorted) ids are dense, as in a full pass: one index range scan
        instead of a lookup per member; else the list."""
        if ids[-1] - ids[0] < 2 * len(ids):
            return Order.member_id.between(ids[0], ids[-1])
        return Order.member_id.in_(ids)

    def __call__(self, facts: list[OrderFact], fills: list[tuple[int, int, int]]) -> tuple[str, str, date]:
        q, today = self.q, self.today
        days = sorted({f.day for f in facts})
        last_cat = facts[-1].category if facts else None
        fallback = self.ctx.category_gap.get(last_cat, q.churn_default_gap_days) if last_cat else q.churn_default_gap_days
        stage, stage_next = stage_until(days, today, fallback, q, self.s, supply_end=supply_end(fills, self.pack_days))
        tags = segment_tags(facts, today, q, self.s, self.promo)
        nexts = [d for d in (stage_next, tags_change_on(days, today, q)) if d is not None]
        return stage.value, tags, date.fromordinal(min(nexts)) if nexts else NEVER


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
    balance that is not the sum of its ledger. Each check is one grouping in SQL."""
    now = clock.now()
    found: list[tuple[str, str, int | None, dict]] = []  # (kind, subject, member, detail)
    shared = (select(Member.phone_e164).where(Member.phone_e164.is_not(None)).group_by(Member.phone_e164)
              .having(func.count() >= s.fraud_phone_members))
    for phone, ids in _groups(session, select(Member.phone_e164, Member.id).where(Member.phone_e164.in_(shared))
                              .order_by(Member.phone_e164, Member.id)):
        found.append(("shared_phone", phone_subject(phone), ids[0], {"members": ids, "count": len(ids)}))
    # Addresses are stored cleaned (app.domain.loyalty.fraud.clean_address) and compared
    # without spaces or case (address_key).
    key = address_key(Member.address)
    shared = (select(key).where(Member.address.is_not(None), Member.address != "").group_by(key)
              .having(func.count() >= s.fraud_address_members))
    for addr, ids in _groups(session, select(key, Member.id).where(key.in_(shared)).order_by(key, Member.id)):
        found.append(("shared_address", address_subject(addr), ids[0],
                      {"members": ids, "count": len(ids), "address": addr}))
    # Refunded orders (in the last 30 days) whose points were not all taken back: the orders
    # first (a join would let the planner scan the whole ledger), then their points by member.
    refunded = {oid: (mid, ext) for oid, mid, ext in session.execute(
        select(Order.id, Order.member_id, Order.external_id)
        .where(Order.refunded_at > now - timedelta(days=30), Order.refunded_fen >= Order.amount_fen))}
    ids = sorted(refunded)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for oid, net in session.execute(
                select(PointsEntry.order_id, func.sum(PointsEntry.delta))
                .where(PointsEntry.member_id.in_(sorted({refunded[o][0] for o in chunk})), PointsEntry.order_id.in_(chunk),
                       PointsEntry.source == "order")
                .group_by(PointsEntry.order_id).having(func.sum(PointsEntry.delta) > 0)):
            mid, ext = refunded[oid]
            found.append(("refunded_points", f"order:{oid}", mid, {"order": ext, "points_kept": int(net)}))
    found += _bulk_redemptions(session, now, s)
    sums = (select(PointsEntry.member_id, func.sum(PointsEntry.delta).label("total"))
            .group_by(PointsEntry.member_id).subquery())
    for mid, cached, total in session.execute(
            select(Member.id, Member.points_balance, func.coalesce(sums.c.total, 0))
            .outerjoin(sums, sums.c.member_id == Member.id)
            .where(Member.points_balance != func.coalesce(sums.c.total, 0))):
        found.append(("ledger_mismatch", f"member:{mid}:{clock.today().isoformat()}", mid,
                      {"balance": cached, "ledger": int(total)}))
    counts = dict.fromkeys(("shared_phone", "shared_address", "refunded_points", "bulk_redeem", "ledger_mismatch"), 0)
    for kind in _flag_new(session, clock, found):
        counts[kind] += 1
    return counts


def _groups(session: Session, rows) -> list[tuple[str, list[int]]]:
    """(key, member ids) from rows of (key, member id) ordered by key."""
    groups: dict[str, list[int]] = {}
    for key, mid in session.execute(rows):
        groups.setdefault(key, []).append(mid)
    return list(groups.items())


def _bulk_redemptions(session: Session, now, s: LoyaltySettings) -> list[tuple[str, str, int | None, dict]]:
    """Redemptions of the last two days within fraud_bulk_days of earning fraud_bulk_points
    or more: two reads (the redemptions, then their members' earnings since the earliest)."""
    window = timedelta(days=s.fraud_bulk_days)
    spends = session.execute(select(PointsEntry.id, PointsEntry.member_id, PointsEntry.created_at)
                             .where(PointsEntry.kind == Kind.REDEEMED.value,
                                    PointsEntry.created_at > now - timedelta(days=2))).all()
    if not spends:
        return []
    earned: dict[int, list] = defaultdict(list)
    members = sorted({mid for _, mid, _ in spends})
    since = min(at for _, _, at in spends) - window
    for i in range(0, len(members), BATCH):
        for mid, at, delta in session.execute(
                select(PointsEntry.member_id, PointsEntry.created_at, PointsEntry.delta)
                .where(PointsEntry.member_id.in_(members[i:i + BATCH]), PointsEntry.delta > 0,
                       PointsEntry.created_at >= since)):
            earned[mid].append((at, delta))
    out = []
    for eid, mid, at in spends:
        got = sum(delta for when, delta in earned[mid] if at - window <= when <= at)
        if got >= s.fraud_bulk_points:
            out.append(("bulk_redeem", f"entry:{eid}", mid, {"earned_before": int(got), "days": s.fraud_bulk_days}))
    return out


def _flag_new(session: Session, clock: Clock, found: list[tuple[str, str, int | None, dict]]) -> list[str]:
    """Puts on the review list the patterns not on it yet (by kind and subject, as `flag`
    does one at a time), in one read and one insert a batch; returns the kinds added. A value
    whose flag an erasure hid (hidden_subject) is known under its digest."""
    t = FraudFlag.__table__
    added: list[str] = []
    for i in range(0, len(found), BATCH):
        chunk = found[i:i + BATCH]
        subjects = {subject for _, subject, _, _ in chunk}
        known = {tuple(row) for row in session.execute(select(t.c.kind, t.c.subject).where(
            t.c.subject.in_(sorted(subjects | {hidden_subject(s) for s in subjects}))))}
        new = {(kind, subject): (mid, detail) for kind, subject, mid, detail in chunk
               if (kind, subject) not in known and (kind, hidden_subject(subject)) not in known}
        if new:
            session.connection().execute(t.insert(), [
                {"kind": kind, "subject": subject, "member_id": mid, "detail": detail, "flagged_at": clock.now(),
                 "status": "open"} for (kind, subject), (mid, detail) in new.items()])
            added += [kind for kind, _ in new]
    return added
