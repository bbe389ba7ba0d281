"""queue_rank knows who a member is reserved for and who holds them, so show and claim skip
other owners' members and other agents' live claims

Revision ID: 0020_rank_reserved
Revises: 0018_server_guards

A member all of whose open tasks are reserved for one care manager scores nothing for any
other agent until the reservation ends, yet their stored bound (with the owner's bonus) put
them at the top of every agent's candidates: at 100,000 members, 3,964 of the first 4,100
candidates of an agent were other owners' reserved members, each scored and dropped. The
rank now stores the owner (`reserved_for`) and the earliest reservation end
(`reserved_until`; NULL: until the owner works it), and the triggers also mark a member
changed when a task's owner or reservation end changes. The best-slot bonus is counted in
`base` only for members with best times (`members.best_times`, whose change now marks the
member changed too): the others' bounds were 5 points loose, which made show read twice as
many members as it lists. And the rank keeps who holds a live claim on the member
(`held_by`, `held_until`: set by a trigger whenever a task's claim changes, whoever writes
it), so a claim no longer reads past every member the other agents took before it: with
16 claimers each claim scanned and scored all earlier claims' members.
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0020_rank_reserved"
down_revision: str | None = "0018_server_guards"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "('open', 'claimed')"
BEST_SLOT = 5  # app.domain.priority.BEST_SLOT when this migration was written
_CHANGED = ("(o.status IN {open}) <> (n.status IN {open}) OR o.priority {ne} n.priority OR o.due_at {ne} n.due_at"
            " OR o.reason {ne} n.reason OR o.member_id {ne} n.member_id"
            " OR o.assigned_agent_id {ne} n.assigned_agent_id OR o.owner_only_until {ne} n.owner_only_until")
_SQLITE_UPDATE = (
    "CREATE TRIGGER follow_up_tasks_rank_update AFTER UPDATE ON follow_up_tasks WHEN "
    + _CHANGED.format(open=OPEN, ne="IS NOT").replace("o.", "OLD.").replace("n.", "NEW.")
    + " BEGIN INSERT OR IGNORE INTO queue_rank_dirty (member_id) VALUES (NEW.member_id);"
    " INSERT OR IGNORE INTO queue_rank_dirty (member_id) VALUES (OLD.member_id); END")
_PG_UPDATE = f"""CREATE OR REPLACE FUNCTION caredesk_rank_dirty_update() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public AS $$ BEGIN
      INSERT INTO queue_rank_dirty (member_id)
      SELECT m FROM (SELECT n.member_id AS m FROM new_rows n JOIN old_rows o ON o.id = n.id
                     WHERE {_CHANGED.format(open=OPEN, ne="IS DISTINCT FROM")}
                     UNION SELECT o.member_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                     WHERE o.member_id <> n.member_id) changed
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$"""
_SQLITE_MEMBER = ("CREATE TRIGGER members_rank_best_times AFTER UPDATE OF best_times ON members "
                  "WHEN OLD.best_times IS NOT NEW.best_times "
                  "BEGIN INSERT OR IGNORE INTO queue_rank_dirty (member_id) VALUES (NEW.id); END")
_PG_MEMBER = ("""CREATE FUNCTION caredesk_rank_dirty_member() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public AS $$ BEGIN
      INSERT INTO queue_rank_dirty (member_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$""",
              "CREATE TRIGGER members_rank_best_times AFTER UPDATE OF best_times ON members FOR EACH ROW "
              "WHEN (OLD.best_times IS DISTINCT FROM NEW.best_times) EXECUTE FUNCTION caredesk_rank_dirty_member()")
_INDEXES = (("ix_queue_rank_capped", "base", "capped"), ("ix_queue_rank_rising", "late_key", "NOT capped"))
# The last claim change of any of the member's tasks: a member it hides is held for real
# (a release of one task of several only makes the bound looser).
_HELD = ("UPDATE queue_rank SET held_by = CASE WHEN NEW.status = 'claimed' THEN NEW.claimed_by_id END, "
         "held_until = CASE WHEN NEW.status = 'claimed' THEN NEW.lease_until END WHERE member_id = NEW.member_id")
_HELD_CHANGED = ("(NEW.status = 'claimed') IS NOT (OLD.status = 'claimed') OR NEW.claimed_by_id IS NOT OLD.claimed_by_id"
                 " OR NEW.lease_until IS NOT OLD.lease_until")
_SQLITE_HELD = (f"CREATE TRIGGER follow_up_tasks_rank_held AFTER UPDATE OF status, claimed_by_id, lease_until "
                f"ON follow_up_tasks WHEN {_HELD_CHANGED} BEGIN {_HELD}; END")
_PG_HELD = (f"""CREATE FUNCTION caredesk_rank_held() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public AS $$ BEGIN
      {_HELD};
      RETURN NULL;
    END $$""",
            "CREATE TRIGGER follow_up_tasks_rank_held AFTER UPDATE OF status, claimed_by_id, lease_until "
            f"ON follow_up_tasks FOR EACH ROW WHEN ({_HELD_CHANGED.replace('IS NOT', 'IS DISTINCT FROM')}) "
            "EXECUTE FUNCTION caredesk_rank_held()")
# The same expressions as app.services.queue.rank_store writes, over a member's open tasks.
_OF_MEMBER = f"FROM follow_up_tasks t WHERE t.member_id = queue_rank.member_id AND t.status IN {OPEN}"
_BACKFILL = (f"UPDATE queue_rank SET "
             f"reserved_for = (SELECT CASE WHEN count(*) = count(t.assigned_agent_id) AND min(t.assigned_agent_id) "
             f"= max(t.assigned_agent_id) THEN min(t.assigned_agent_id) END {_OF_MEMBER}), "
             f"reserved_until = (SELECT min(t.owner_only_until) {_OF_MEMBER}), "
             f"base = base - {BEST_SLOT} * (SELECT CASE WHEN m.best_times = '' THEN 1 ELSE 0 END FROM members m "
             f"WHERE m.id = queue_rank.member_id), "
             f"late_key = late_key - {BEST_SLOT} * (SELECT CASE WHEN m.best_times = '' THEN 1 ELSE 0 END FROM members m "
             f"WHERE m.id = queue_rank.member_id), "
             f"held_by = (SELECT CASE WHEN min(t.claimed_by_id) = max(t.claimed_by_id) THEN min(t.claimed_by_id) END "
             f"{_OF_MEMBER} AND t.status = 'claimed'), "
             f"held_until = (SELECT min(t.lease_until) {_OF_MEMBER} AND t.status = 'claimed')")


def _previous():
    spec = importlib.util.spec_from_file_location("queue_rank_0017", Path(__file__).with_name("0017_queue_rank.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    big = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    with op.batch_alter_table("queue_rank") as batch:
        batch.add_column(sa.Column("reserved_for", big, nullable=True))
        batch.add_column(sa.Column("reserved_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("held_by", big, nullable=True))
        batch.add_column(sa.Column("held_until", sa.DateTime(timezone=True), nullable=True))
    # The two best-first reads skip other owners' members from the index alone (SQLite would
    # otherwise look up the table row of each of an agent's thousands of skipped members).
    for name, key, where in _INDEXES:
        op.drop_index(name, table_name="queue_rank")
        op.create_index(name, "queue_rank", [key, "member_id", "reserved_for", "reserved_until"],
                        sqlite_where=sa.text(where), postgresql_where=sa.text(where))
    if postgres:
        for statement in (_PG_UPDATE, *_PG_MEMBER, *_PG_HELD):
            op.execute(statement)
    else:
        op.execute("DROP TRIGGER IF EXISTS follow_up_tasks_rank_update")
        op.execute(_SQLITE_UPDATE)
        op.execute(_SQLITE_MEMBER)
        op.execute(_SQLITE_HELD)
    op.execute(_BACKFILL)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    previous = _previous()
    op.execute("DROP TRIGGER IF EXISTS members_rank_best_times" + (" ON members" if postgres else ""))
    op.execute("DROP TRIGGER IF EXISTS follow_up_tasks_rank_held" + (" ON follow_up_tasks" if postgres else ""))
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS caredesk_rank_dirty_member()")
        op.execute("DROP FUNCTION IF EXISTS caredesk_rank_held()")
        op.execute(previous._PG_FUNCTIONS[2].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"))
    else:
        op.execute("DROP TRIGGER IF EXISTS follow_up_tasks_rank_update")
        op.execute(previous._SQLITE_TRIGGERS[2])
    # Back to the old bound: every member's base with the best-slot bonus.
    op.execute(f"UPDATE queue_rank SET base = base + {BEST_SLOT}, late_key = late_key + {BEST_SLOT} WHERE member_id "
               f"IN (SELECT id FROM members WHERE best_times = '')")
    for name, key, where in _INDEXES:
        op.drop_index(name, table_name="queue_rank")
        op.create_index(name, "queue_rank", [key, "member_id"], sqlite_where=sa.text(where),
                        postgresql_where=sa.text(where))
    with op.batch_alter_table("queue_rank") as batch:
        batch.drop_column("held_until")
        batch.drop_column("held_by")
        batch.drop_column("reserved_until")
        batch.drop_column("reserved_for")
