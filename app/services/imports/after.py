"""What follows the rows of an import, in the same transaction, so nothing waits for a nightly
job: points earned on each new order and taken back for each refund (the loyalty programme's
own rules and API), the touched members' lifecycle and segments, and their queue tasks
re-planned (refill, delivery survey, churn)."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.data.tables import Member
from app.domain.clock import Clock
from app.services.imports.result import ImportResult

CHUNK = 5000  # members or orders per step: loyalty's queries bind one parameter each
FULL_PASS_MIN, FULL_PASS_SHARE = 200, 0.05  # touched members from which one pass over all is cheaper


def after_import(session: Session, clock: Clock, result: ImportResult) -> None:
    """The default step after the rows (import_file's `after_rows`)."""
    earn_points(session, clock, result)
    if result.member_ids:
        from app.services import loyalty

        ids = sorted(result.member_ids)
        for start in range(0, len(ids), CHUNK):
            loyalty.after_import(session, clock, ids[start:start + CHUNK])
        refresh_queue(session, clock, result.member_ids)


def earn_points(session: Session, clock: Clock, result: ImportResult) -> None:
    """New orders earn in the order they were placed (a repurchase bonus and a tier upgrade
    depend on the orders before), then refunds take back; both are idempotent."""
    from app.services import loyalty

    if not result.new_order_ids and not result.refunds:
        return
    settings = loyalty.loyalty_settings(session)
    # The tier benefits of all new orders at once, then each order's points in order time.
    loyalty.earn_on_orders(session, clock, result.new_order_ids, settings)
    for order_id, refunded_fen in sorted(result.refunds.items()):
        loyalty.refund_order(session, clock, order_id, refunded_fen, settings)


def refresh_queue(session: Session, clock: Clock, member_ids: set[int]) -> None:
    """Re-plan the touched members' tasks in the same transaction, so the queue follows the
    new orders at once. Re-planning costs about 18 ms a member; when an import touches a
    large share of all members, one pass over every member (the daily build's own code) is
    far cheaper than that many single re-plans."""
    from app.services.queue import build_all, refresh_members

    members = session.scalar(select(func.count()).select_from(Member)) or 0
    if len(member_ids) >= max(FULL_PASS_MIN, members * FULL_PASS_SHARE):
        build_all(session, clock)
        return
    refresh_members(session, clock, member_ids)
