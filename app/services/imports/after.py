"""What follows the rows of an import, in the same transaction, so nothing waits for a nightly
job: points earned on each new order and taken back for each refund (the loyalty programme's
own rules and API), the touched members' lifecycle and segments, and their queue tasks
re-planned (refill, delivery survey, churn).

Each member row is written once: the order facts (the importer's finish), the points, a
tier upgrade and the lifecycle are gathered in `result.member_rows` and written in one bulk
statement per batch of the queue's refresh, before the queue, which reads the members, plans
the batch. The batch's order lines are read once, for the lifecycle and the plan."""

from sqlalchemy.orm import Session

from app.domain.clock import Clock
from app.services.imports.result import ImportResult


def after_import(session: Session, clock: Clock, result: ImportResult) -> None:
    """The default step after the rows (import_file's `after_rows`)."""
    from app.services import loyalty

    earn_points(session, clock, result)
    if result.member_ids:
        def lifecycle(ids: list[int], lines: list[tuple]) -> None:
            loyalty.after_import(session, clock, ids, members=result.member_rows, lines=lines)
            result.member_rows.write(session, clock.now(), ids)

        refresh_queue(session, clock, result.member_ids, before_plan=lifecycle)
    result.member_rows.write(session, clock.now())


def earn_points(session: Session, clock: Clock, result: ImportResult) -> None:
    """New orders earn in the order they were placed (a repurchase bonus and a tier upgrade
    depend on the orders before), then refunds take back; both are idempotent. The members'
    balances and upgrades are gathered in result.member_rows (written by the caller)."""
    from app.services import loyalty

    if not result.new_order_ids and not result.refunds:
        return
    settings = loyalty.loyalty_settings(session)
    # The tier benefits of all new orders at once, then each order's points in order time.
    loyalty.earn_on_orders(session, clock, result.new_order_ids, settings, members=result.member_rows)
    for order_id, refunded_fen in sorted(result.refunds.items()):
        loyalty.refund_order(session, clock, order_id, refunded_fen, settings)


def refresh_queue(session: Session, clock: Clock, member_ids: set[int], *, before_plan=None) -> None:
    """Re-plan the touched members' tasks in the same transaction, so the queue follows the
    new orders at once: the daily build's own planning (refresh_members), in batches whose
    every read returns only these members' rows, however many the import touched;
    `before_plan(ids, lines)` runs for each batch before its members are read."""
    from app.services.queue import refresh_members

    refresh_members(session, clock, member_ids, before_plan=before_plan)
