"""queue_rank: the stored rank show and claim read through an index (issue 13)

Revision ID: 0017_queue_rank
Revises: 0016_agent_writes

queue_rank holds, per member with open tasks, what bounds their score (see
app/data/queue_rank.py); queue_rank_dirty lists the members whose open tasks changed since,
written by triggers on follow_up_tasks so no writer can leave a stale rank behind (row
triggers on SQLite; statement triggers over the transition tables on PostgreSQL, so a COPY
of a night's tasks costs one statement). Every member with open tasks starts dirty: they
are scored from their tasks until the next build writes their rank.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_queue_rank"
down_revision: str | None = "0016_agent_writes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP = "caredesk_agent, caredesk_supervisor, caredesk_admin"
OPEN = "('open', 'claimed')"
# A change that can raise a member's bound or end a task (the claim, lease and attempt
# columns never move it).
_CHANGED = ("(o.status IN {open}) <> (n.status IN {open}) OR o.priority {ne} n.priority OR o.due_at {ne} n.due_at"
            " OR o.reason {ne} n.reason OR o.member_id {ne} n.member_id"
            " OR (o.assigned_agent_id IS NULL) <> (n.assigned_agent_id IS NULL)")

_SQLITE_TRIGGERS = (
    f"CREATE TRIGGER follow_up_tasks_rank_insert AFTER INSERT ON follow_up_tasks WHEN NEW.status IN {OPEN} "
    "BEGIN INSERT OR IGNORE INTO queue_rank_dirty (member_id) VALUES (NEW.member_id); END",
    f"CREATE TRIGGER follow_up_tasks_rank_delete AFTER DELETE ON follow_up_tasks WHEN OLD.status IN {OPEN} "
    "BEGIN INSERT OR IGNORE INTO queue_rank_dirty (member_id) VALUES (OLD.member_id); END",
    "CREATE TRIGGER follow_up_tasks_rank_update AFTER UPDATE ON follow_up_tasks WHEN "
    + _CHANGED.format(open=OPEN, ne="IS NOT").replace("o.", "OLD.").replace("n.", "NEW.")
    + " BEGIN INSERT OR IGNORE INTO queue_rank_dirty (member_id) VALUES (NEW.member_id);"
    " INSERT OR IGNORE INTO queue_rank_dirty (member_id) VALUES (OLD.member_id); END",
)

# SECURITY DEFINER: an agent's own login changes tasks; it need not write the list itself.
_PG_FUNCTIONS = (
    f"""CREATE FUNCTION caredesk_rank_dirty_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public AS $$ BEGIN
      INSERT INTO queue_rank_dirty (member_id) SELECT DISTINCT member_id FROM new_rows WHERE status IN {OPEN}
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION caredesk_rank_dirty_delete() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public AS $$ BEGIN
      INSERT INTO queue_rank_dirty (member_id) SELECT DISTINCT member_id FROM old_rows WHERE status IN {OPEN}
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION caredesk_rank_dirty_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public AS $$ BEGIN
      INSERT INTO queue_rank_dirty (member_id)
      SELECT m FROM (SELECT n.member_id AS m FROM new_rows n JOIN old_rows o ON o.id = n.id
                     WHERE {_CHANGED.format(open=OPEN, ne="IS DISTINCT FROM")}
                     UNION SELECT o.member_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                     WHERE o.member_id <> n.member_id) changed
      ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$""",
)
_PG_TRIGGERS = (
    "CREATE TRIGGER follow_up_tasks_rank_insert AFTER INSERT ON follow_up_tasks REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION caredesk_rank_dirty_insert()",
    "CREATE TRIGGER follow_up_tasks_rank_delete AFTER DELETE ON follow_up_tasks REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION caredesk_rank_dirty_delete()",
    "CREATE TRIGGER follow_up_tasks_rank_update AFTER UPDATE ON follow_up_tasks REFERENCING OLD TABLE AS old_rows "
    "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION caredesk_rank_dirty_update()",
)
_NAMES = ("insert", "delete", "update")


def upgrade() -> None:
    big = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "queue_rank",
        sa.Column("member_id", big, nullable=False),
        sa.Column("base", sa.Float(), nullable=False),
        sa.Column("late_key", sa.Float(), nullable=False),
        sa.Column("due_min", sa.DateTime(timezone=True), nullable=False),
        sa.Column("capped", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_queue_rank_member_id_members"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_queue_rank")),
    )
    op.create_index("ix_queue_rank_capped", "queue_rank", ["base", "member_id"], sqlite_where=sa.text("capped"),
                    postgresql_where=sa.text("capped"))
    op.create_index("ix_queue_rank_rising", "queue_rank", ["late_key", "member_id"],
                    sqlite_where=sa.text("NOT capped"), postgresql_where=sa.text("NOT capped"))
    op.create_table(
        "queue_rank_dirty",
        sa.Column("member_id", big, nullable=False),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_queue_rank_dirty")),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in (_PG_FUNCTIONS + _PG_TRIGGERS if postgres else _SQLITE_TRIGGERS):
        op.execute(sa.text(statement))
    op.execute(f"INSERT INTO queue_rank_dirty (member_id) SELECT DISTINCT member_id FROM follow_up_tasks "
               f"WHERE status IN {OPEN}")
    if postgres:
        # Numbers and member ids only, nothing about the member: no row-level policy. Every
        # role's own events write the rank of the member they changed.
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON queue_rank, queue_rank_dirty TO {APP}")


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name in _NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS follow_up_tasks_rank_{name}" + (" ON follow_up_tasks" if postgres else ""))
        if postgres:
            op.execute(f"DROP FUNCTION IF EXISTS caredesk_rank_dirty_{name}()")
    op.drop_table("queue_rank_dirty")
    op.drop_index("ix_queue_rank_rising", table_name="queue_rank")
    op.drop_index("ix_queue_rank_capped", table_name="queue_rank")
    op.drop_table("queue_rank")
