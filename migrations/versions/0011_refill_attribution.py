"""refill attribution: calls.led_to_refill, written when the order arrives; dashboard range indexes

Revision ID: 0011_refill_attribution
Revises: 0005_telephony

The refills KPI counted reached calls followed within 14 days by an order or refill request
by probing the orders of every reached call (1.4-1.8 s for 30 days at a million members).
Now the writers of orders and refill requests credit the calls (app/services/dashboard/
refills.py); this migration adds the column, credits the existing history once (the same
rule, set-based), and adds the indexes the KPI ranges need:
- calls (started_at) WHERE led_to_refill: the credited calls of a span;
- calls (started_at, disposition, satisfaction, member_id) replaces the index without
  member_id, so members called and reached in a span are counted from the index alone;
- refill_requests (member_id, created_at): the window probe of the attribution;
- tickets (opened_at): the tickets opened in a span (counts, complaints, SLA).
On PostgreSQL `caredesk_attribute_refills(bigint[])` runs the update as its owner: an
agent's save credits another agent's earlier call, which row-level security hides from
the agent's own UPDATE. It only sets a flag the data already implies.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

APP = "caredesk_agent, caredesk_supervisor, caredesk_admin"

revision: str = "0011_refill_attribution"
down_revision: str | None = "0010_tier_benefits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PG_CREDIT = """
UPDATE calls c SET led_to_refill = true
 WHERE c.disposition = 'reached' AND NOT c.led_to_refill {members}
   AND (EXISTS (SELECT 1 FROM orders o WHERE o.member_id = c.member_id AND o.ordered_at > c.started_at
                AND o.ordered_at <= c.started_at + interval '14 days')
     OR EXISTS (SELECT 1 FROM refill_requests r WHERE r.member_id = c.member_id AND r.created_at > c.started_at
                AND r.created_at <= c.started_at + interval '14 days'))
"""

# SQLite keeps instants as UTC text: the window compares Julian days, as the app's rule does.
_SQLITE_BACKFILL = """
UPDATE calls SET led_to_refill = 1
 WHERE disposition = 'reached' AND led_to_refill = 0
   AND (EXISTS (SELECT 1 FROM orders o WHERE o.member_id = calls.member_id AND o.ordered_at > calls.started_at
                AND julianday(o.ordered_at) <= julianday(calls.started_at) + 14.0)
     OR EXISTS (SELECT 1 FROM refill_requests r WHERE r.member_id = calls.member_id
                AND r.created_at > calls.started_at
                AND julianday(r.created_at) <= julianday(calls.started_at) + 14.0))
"""

_PG_FUNCTION = f"""
CREATE FUNCTION caredesk_attribute_refills(members bigint[]) RETURNS integer LANGUAGE plpgsql VOLATILE
SECURITY DEFINER SET search_path = public AS $$
DECLARE credited integer;
BEGIN
  {_PG_CREDIT.format(members="AND c.member_id = ANY(members)")};
  GET DIAGNOSTICS credited = ROW_COUNT;
  RETURN credited;
END $$;
REVOKE ALL ON FUNCTION caredesk_attribute_refills(bigint[]) FROM PUBLIC;
"""


def upgrade() -> None:
    # A plain ADD COLUMN on both engines: a batch copy of a million calls would also lose the
    # planner's statistics just before the backfill needs them.
    op.add_column("calls", sa.Column("led_to_refill", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_index("ix_calls_refill_started_at", "calls", ["started_at"], unique=False,
                    sqlite_where=sa.text("led_to_refill = 1"), postgresql_where=sa.text("led_to_refill"))
    op.drop_index("ix_calls_started_at_disposition_satisfaction", table_name="calls")
    op.create_index("ix_calls_started_at_disposition_satisfaction_member_id", "calls",
                    ["started_at", "disposition", "satisfaction", "member_id"])
    op.create_index(op.f("ix_refill_requests_member_id_created_at"), "refill_requests", ["member_id", "created_at"])
    op.create_index(op.f("ix_tickets_opened_at"), "tickets", ["opened_at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_CREDIT.format(members=""))
        op.execute(_PG_FUNCTION)
        op.execute(f"GRANT EXECUTE ON FUNCTION caredesk_attribute_refills(bigint[]) TO {APP}")
        op.execute("ANALYZE calls")
    else:
        op.execute(_SQLITE_BACKFILL)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION caredesk_attribute_refills(bigint[])")
    op.drop_index(op.f("ix_tickets_opened_at"), table_name="tickets")
    op.drop_index(op.f("ix_refill_requests_member_id_created_at"), table_name="refill_requests")
    op.drop_index("ix_calls_started_at_disposition_satisfaction_member_id", table_name="calls")
    op.create_index("ix_calls_started_at_disposition_satisfaction", "calls", ["started_at", "disposition", "satisfaction"])
    op.drop_index("ix_calls_refill_started_at", table_name="calls")
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_column("led_to_refill")
