"""member search: an index on the name, and on the last four digits of each phone

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
    op.create_index(op.f("ix_members_name"), "members", ["name"], unique=False)
    op.create_index("ix_members_phone_last4", "members", [_last4("phone_e164")], unique=False)
    op.create_index("ix_members_phone_alt_last4", "members", [_last4("phone_alt_e164")], unique=False)


def downgrade() -> None:
    op.drop_index("ix_members_phone_alt_last4", table_name="members")
    op.drop_index("ix_members_phone_last4", table_name="members")
    op.drop_index(op.f("ix_members_name"), table_name="members")
