"""queue_rank: the capped arms' indexes give equal whole points earliest due first

Revision ID: 0023_rank_capped_ties
Revises: 0022_rank_trigger_planned

A capped member's bound is base + cap, and members of one reason and tier share it: an
owner's capped churn-risk members, say, are one plateau of equal bounds whose tie the queue
breaks by the earliest due. The capped indexes were ordered by base and member id, so every
claim read the whole plateau to find its earliest due member (at a million members, with 16
agents claiming, 70 to 100 index rows and two or three more reads a claim, the same rows
again on every claim). `capped_order` is minus the whole points of that bound
(floor(base + cap)); the capped arms' indexes are (capped_order, due_min, member_id), so the
first row of a plateau is the member the queue would take, and the ranking stops there.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.domain.priority import LATENESS_CAP

revision: str = "0023_rank_capped_ties"
down_revision: str | None = "0022_rank_trigger_planned"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXES = (
    ("ix_queue_rank_pool_capped", [], "capped AND reserved_for IS NULL"),
    ("ix_queue_rank_owned_capped", ["reserved_for"], "capped AND reserved_for IS NOT NULL"),
)


def _capped_order(dialect: str) -> str:
    """minus floor(base + cap), the same double sum rank_store writes (SQLite may lack floor)."""
    bound = f"(base + {float(LATENESS_CAP)})"
    if dialect == "postgresql":
        return f"-CAST(floor({bound}) AS INTEGER)"
    return f"-(CAST({bound} AS INTEGER) - ({bound} < CAST({bound} AS INTEGER)))"


def _recreate(key: list[str]) -> None:
    for name, owner, where in _INDEXES:
        op.drop_index(name, table_name="queue_rank")
        op.create_index(name, "queue_rank", [*owner, *key], sqlite_where=sa.text(where),
                        postgresql_where=sa.text(where))


def upgrade() -> None:
    op.add_column("queue_rank", sa.Column("capped_order", sa.Integer(), nullable=True))
    op.execute(f"UPDATE queue_rank SET capped_order = {_capped_order(op.get_bind().dialect.name)}")
    _recreate(["capped_order", "due_min", "member_id"])


def downgrade() -> None:
    _recreate(["base", "member_id"])
    # Not a batch copy of the table on SQLite: the rank's triggers name it (3.35+ drops a column).
    op.execute("ALTER TABLE queue_rank DROP COLUMN capped_order")
