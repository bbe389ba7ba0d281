"""queue_replan: the day the daily build plans each member again (issue 13)

Revision ID: 0014_queue_replan_on
Revises: 0013_lifecycle_next_change

Empty after the upgrade: a member without a row is planned by the next build, which then
writes every member's row (no backfill to compute here: only the planner knows the day).
Besides the days, a row keeps the member values the plan read, compared in SQL by the build.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_queue_replan_on"
down_revision: str | None = "0013_lifecycle_next_change"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP = "caredesk_agent, caredesk_supervisor, caredesk_admin"


def upgrade() -> None:
    op.create_table(
        "queue_replan",
        sa.Column("member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("plan_key", sa.String(length=16), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("replan_on", sa.Date(), nullable=False),
        sa.Column("tier", sa.String(length=12), nullable=False),
        sa.Column("total_spent_fen", sa.BigInteger(), nullable=False),
        sa.Column("gender", sa.String(length=1), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("medical_flag", sa.Boolean(), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("do_not_call", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_queue_replan_member_id_members"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_queue_replan")),
    )
    with op.batch_alter_table("queue_replan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_queue_replan_replan_on"), ["replan_on"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # Team mode (0004_security): every event re-plans its member in the acting user's
        # transaction (an agent's outcome too), so every application role writes the day.
        # Days only, nothing about the member: no row-level policy.
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON queue_replan TO {APP}")


def downgrade() -> None:
    with op.batch_alter_table("queue_replan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_queue_replan_replan_on"))
    op.drop_table("queue_replan")
