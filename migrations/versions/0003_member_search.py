"""member search: indexes on (name, id), (name_initials, id) and the last four digits of each phone;
calls.recommendation, the advice written for the member (never the agent's notes)

Revision ID: 0003_member_search
Revises: 0002_settings

The last four digits are expression indexes rather than columns: the database derives
them from the stored number for every writer (ORM, imports, the demo's bulk COPY), and
builds them for the rows already there when the index is created (the backfill).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_member_search"
down_revision: str | None = "0002_settings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _last4(column: str) -> sa.TextClause:
    # Must stay the text of app.data.tables.last4_sql: the planners match expressions literally.
    return sa.text(f"substr({column}, length({column}) - 3)")


def upgrade() -> None:
    # (key, id): a prefix search ordered by key then id reads only the rows it returns.
    op.drop_index(op.f("ix_members_name_initials"), table_name="members")
    op.create_index(op.f("ix_members_name_initials_id"), "members", ["name_initials", "id"], unique=False)
    op.create_index(op.f("ix_members_name_id"), "members", ["name", "id"], unique=False)
    op.create_index("ix_members_phone_last4", "members", [_last4("phone_e164")], unique=False)
    op.create_index("ix_members_phone_alt_last4", "members", [_last4("phone_alt_e164")], unique=False)
    # Nullable, so adding it needs no table copy; old calls have none (their notes stay internal).
    op.add_column("calls", sa.Column("recommendation", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("calls") as batch_op:
        batch_op.drop_column("recommendation")
    op.drop_index("ix_members_phone_alt_last4", table_name="members")
    op.drop_index("ix_members_phone_last4", table_name="members")
    op.drop_index(op.f("ix_members_name_id"), table_name="members")
    op.drop_index(op.f("ix_members_name_initials_id"), table_name="members")
    op.create_index(op.f("ix_members_name_initials"), "members", ["name_initials"], unique=False)
