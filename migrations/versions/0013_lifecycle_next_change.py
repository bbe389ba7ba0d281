"""lifecycle next change: the day each member's stage or segments can next change by time
alone, so the nightly lifecycle pass derives only those members; orders by time, for the
tier review's recent orders and the supervisor's measures of a span; the log of nightly
lifecycle passes (day and rules digest) that tells when a full pass is needed (issue 17)

Revision ID: 0013_lifecycle_next_change
Revises: 0009_security_settings_section
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

import app.data.base

revision: str = "0013_lifecycle_next_change"
down_revision: str | None = "0009_security_settings_section"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _sibling(name: str):
    spec = importlib.util.spec_from_file_location(f"_caredesk_{name}", Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _view(*, next_change: bool, replace: bool) -> str:
    """caredesk_safe.members as 0010_tier_benefits left it, with the new column at the end."""
    sql = _sibling("0010_tier_benefits")._members_view(_sibling("0004_security").MEMBER_COLUMNS, address=True,
                                                       replace=replace)
    if next_change:
        sql = sql.replace(", address FROM public.members", ", address, lifecycle_next_on FROM public.members")
    return sql


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lifecycle_next_on", sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f("ix_members_lifecycle_next_on"), ["lifecycle_next_on"], unique=False)
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orders_ordered_at"), ["ordered_at"], unique=False)
    op.create_table(
        "lifecycle_runs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("rules", sa.String(length=40), nullable=False),
        sa.Column("at", app.data.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("derived", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lifecycle_runs")),
    )
    # The backfill is the column's NULL, "derive at the next run", for every member at once:
    # the first night after the upgrade derives each member once and stores their real next
    # day (the churn rule lives in app/domain/churn.py only; a copy in SQL could disagree).
    if op.get_bind().dialect.name == "postgresql":
        # Written by the lifecycle job and by earn_on_order / refund_order, in the callers' roles.
        roles = _sibling("0004_security").APP
        op.execute(f"GRANT SELECT, INSERT ON lifecycle_runs TO {roles}")
        op.execute(f"GRANT USAGE ON SEQUENCE lifecycle_runs_id_seq TO {roles}")
        op.execute(_view(next_change=True, replace=True))
        op.execute(f"GRANT UPDATE (lifecycle_next_on) ON caredesk_safe.members TO {roles}")
        op.execute("GRANT INSERT (lifecycle_next_on) ON caredesk_safe.members TO caredesk_supervisor")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        sec = _sibling("0004_security")
        op.execute("DROP VIEW caredesk_safe.members")
        op.execute(_view(next_change=False, replace=False))
        op.execute(f"GRANT SELECT ON caredesk_safe.members TO {sec.APP}")
        editable = [c for c in sec.MEMBER_COLUMNS if c not in ("id", "external_id", "created_at")] + ["address"]
        op.execute(f"GRANT UPDATE ({', '.join(editable)}) ON caredesk_safe.members TO {sec.APP}")
        op.execute(f"GRANT INSERT ({', '.join(sec.MEMBER_COLUMNS)}, address) ON caredesk_safe.members "
                   "TO caredesk_supervisor")
    op.drop_table("lifecycle_runs")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_ordered_at"))
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_members_lifecycle_next_on"))
        batch_op.drop_column("lifecycle_next_on")
    if op.get_bind().dialect.name == "sqlite":
        # Batch mode rebuilt the table without the expression indexes of 0003_member_search.
        for name, column in (("ix_members_phone_last4", "phone_e164"), ("ix_members_phone_alt_last4", "phone_alt_e164")):
            op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON members (substr({column}, length({column}) - 3))")
