"""The rank's update trigger on PostgreSQL plans a large statement's query with its own sizes

Revision ID: 0022_rank_trigger_planned
Revises: 0021_rank_arms

The statement trigger that lists the members whose open tasks changed joins the statement's
old and new rows. PL/pgSQL keeps the plan of a static query for the session, so the plan
made for the one-row UPDATEs of a transaction (a claim, a hold) was reused for its large
ones: after 300 one-row updates, the trigger of one 8,000-row UPDATE took 19 s (a nested
loop over both tables) instead of 0.1 s, and at a million members one night's owners'
holds cost 138 s. Statements of more than a hundred rows now run it through EXECUTE,
planned with the sizes of their own rows; smaller ones keep the cached plan, which then
only ever serves small statements (planning each time cost a one-row UPDATE 0.2-0.3 ms). JIT
is off for the function: the join's estimates over the statement's rows are far too high
(6 M rows for 35,000), so each large statement compiled the query, 1.2 s of the 1.5 s the
trigger of the night's expiry took. SQLite's triggers are row triggers: unchanged.
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from alembic import op

revision: str = "0022_rank_trigger_planned"
down_revision: str | None = "0021_rank_arms"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Up to this many rows a statement's trigger runs the cached plan (planning it each time
# cost a one-row UPDATE 0.2-0.3 ms, a quarter of it): a plan for one row is still fine
# for a hundred; larger statements are planned with their own sizes.
SMALL = 100


def _reserved():
    path = Path(__file__).with_name("0020_rank_reserved.py")
    spec = importlib.util.spec_from_file_location("rank_reserved_0020", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _planned_by_size(function: str) -> str:
    """0020's function, its one query planned afresh (EXECUTE) for a statement of more than
    SMALL rows; the cached plan then only ever serves small statements. JIT off."""
    start = function.index("INSERT INTO queue_rank_dirty")
    end = function.index("ON CONFLICT DO NOTHING;") + len("ON CONFLICT DO NOTHING")
    query = function[start:end]
    planned = (function[:start] + f"IF (SELECT count(*) FROM new_rows) <= {SMALL} THEN {query}; "
               f"ELSE EXECUTE $query${query}$query$; END IF" + function[end:])
    planned = planned.replace("SET search_path = public AS $$", "SET search_path = public SET jit = off AS $$", 1)
    assert "EXECUTE $query$" in planned and "SET jit = off" in planned, "0020's function is not as expected"
    return planned


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_planned_by_size(_reserved()._PG_UPDATE))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_reserved()._PG_UPDATE)
