"""dnc lift supervisors: on the server only a supervisor's login lifts a member's do-not-call

Revision ID: 0015_dnc_lift_supervisors
Revises: 0014_queue_replan_on

Setting do-not-call is open to agents, lifting it needs a supervisor (issue 15). The service
checks it; an agent's login could still `UPDATE members SET do_not_call = false` through the
caredesk_safe view, so a trigger on public.members refuses that for logins in the agent group
that are not supervisors. Logins outside the group roles (the owner's imports and jobs) are
not affected. No change on SQLite (one user, the services' checks).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_dnc_lift_supervisors"
down_revision: str | None = "0014_queue_replan_on"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FUNCTION = """
CREATE FUNCTION caredesk_dnc_lift_guard() RETURNS trigger LANGUAGE plpgsql
AS $$ BEGIN
  IF pg_has_role(session_user, 'caredesk_agent', 'MEMBER')
     AND NOT pg_has_role(session_user, 'caredesk_supervisor', 'MEMBER') THEN
    RAISE EXCEPTION 'lifting do-not-call needs a supervisor' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(sa.text(_FUNCTION))
    op.execute("CREATE TRIGGER members_dnc_lift BEFORE UPDATE OF do_not_call ON members FOR EACH ROW "
               "WHEN (OLD.do_not_call AND NOT NEW.do_not_call) EXECUTE FUNCTION caredesk_dnc_lift_guard()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS members_dnc_lift ON members")
    op.execute("DROP FUNCTION IF EXISTS caredesk_dnc_lift_guard()")
