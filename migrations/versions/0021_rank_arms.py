"""queue_rank: one index per arm of the best-first read, so a claim no longer reads past every
other owner's live reservation

Revision ID: 0021_rank_arms
Revises: 0019_call_rollup

Members reserved for their owner hold the owner's bonus in their bound, so they fill the top
of both indexes; every other agent's read skipped them one by one (3,100 index rows a claim
at 100,000 members, ten times that at 1,000,000). The read now takes the pool
(`reserved_for IS NULL`), the agent's own reserved members (`reserved_for = agent`) and the
reservations that have ended (`reserved_until`, few: the nightly refresh hands them to the
pool) from indexes of their own.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_rank_arms"
down_revision: str | None = "0019_call_rollup"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ARMS = (
    ("ix_queue_rank_pool_capped", ["base", "member_id"], "capped AND reserved_for IS NULL"),
    ("ix_queue_rank_pool_rising", ["late_key", "member_id"], "NOT capped AND reserved_for IS NULL"),
    ("ix_queue_rank_owned_capped", ["reserved_for", "base", "member_id"], "capped AND reserved_for IS NOT NULL"),
    ("ix_queue_rank_owned_rising", ["reserved_for", "late_key", "member_id"],
     "NOT capped AND reserved_for IS NOT NULL"),
    ("ix_queue_rank_lapse", ["reserved_until"], "reserved_for IS NOT NULL"),
)
_BEFORE = (("ix_queue_rank_capped", "base", "capped"), ("ix_queue_rank_rising", "late_key", "NOT capped"))


def upgrade() -> None:
    for name, _key, _where in _BEFORE:
        op.drop_index(name, table_name="queue_rank")
    for name, columns, where in _ARMS:
        op.create_index(name, "queue_rank", columns, sqlite_where=sa.text(where), postgresql_where=sa.text(where))


def downgrade() -> None:
    for name, _columns, _where in _ARMS:
        op.drop_index(name, table_name="queue_rank")
    for name, key, where in _BEFORE:
        op.create_index(name, "queue_rank", [key, "member_id", "reserved_for", "reserved_until"],
                        sqlite_where=sa.text(where), postgresql_where=sa.text(where))
