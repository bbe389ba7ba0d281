"""phone rls: agents read and write only their own dials and states; supervisors read all

Revision ID: 0007_phone_rls
Revises: 0005_telephony
Create Date: 2026-12-02 00:30:00

Team mode (0004_security): each user is a login role in the group roles. 0005 granted the
tables to every application role; these row policies make the server refuse an agent's
`psql` read of another agent's calls or states and a dial or state written in another's name.
No change on SQLite (one user, the services' checks).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007_phone_rls"
down_revision: str | None = "0005_telephony"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("phone_calls", "agent_state_periods")
POLICIES = ("own_rows", "supervisors_read", "outside_groups")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        # Every application role (supervisors and admins are agents too) writes as itself.
        op.execute(f"CREATE POLICY own_rows ON {table} TO caredesk_agent "
                   "USING (agent_id = caredesk_uid()) WITH CHECK (agent_id = caredesk_uid())")
        op.execute(f"CREATE POLICY supervisors_read ON {table} FOR SELECT TO caredesk_supervisor USING (true)")
        # A login outside the group roles (the owner's tools) keeps what its privileges give.
        op.execute(f"CREATE POLICY outside_groups ON {table} TO PUBLIC "
                   "USING (NOT pg_has_role(session_user, 'caredesk_agent', 'MEMBER')) "
                   "WITH CHECK (NOT pg_has_role(session_user, 'caredesk_agent', 'MEMBER'))")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        for policy in POLICIES:
            op.execute(f"DROP POLICY IF EXISTS {policy} ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
