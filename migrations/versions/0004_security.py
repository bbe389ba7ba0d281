"""security: sign-in lockout, consent records, settings; on PostgreSQL roles, grants and policies

Revision ID: 0004_security
Revises: 0003_member_search
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.data.base

revision: str = "0004_security"
down_revision: str | None = "0003_member_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sign_in_attempts",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", app.data.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("locked_until", app.data.base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_sign_in_attempts")),
    )
    op.create_table(
        "consent_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", app.data.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_consent_records_member_id_members"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name=op.f("fk_consent_records_recorded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_records")),
    )
    op.create_index(op.f("ix_consent_records_member_id_at"), "consent_records", ["member_id", "at"])
    op.create_table(
        "security_settings",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_security_settings")),
    )
    if op.get_bind().dialect.name == "postgresql":
        _pg_upgrade()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _pg_downgrade()
    op.drop_table("security_settings")
    op.drop_index(op.f("ix_consent_records_member_id_at"), table_name="consent_records")
    op.drop_table("consent_records")
    op.drop_table("sign_in_attempts")


# --- PostgreSQL: group roles, privileges, row-level security, controlled exceptions -------
# Application roles never read public.members or public.users directly: their login's
# search_path puts caredesk_safe first, whose views mask phones, hide password hashes and
# keep an agent to the members of their work. Everything else is table privileges and RLS.

GROUPS = ("caredesk_agent", "caredesk_supervisor", "caredesk_admin", "caredesk_health")
APP = "caredesk_agent, caredesk_supervisor, caredesk_admin"
WORK_TABLES = ("calls", "effect_ratings", "follow_up_tasks", "tickets", "ticket_comments", "points_ledger",
               "refill_requests", "outbound_messages", "change_events", "consent_records")
MEMBER_COLUMNS = (
    "id", "external_id", "name", "name_initials", "gender", "birth_date", "region", "occupation",
    "email", "wechat_id", "timezone", "language", "preferred_channel", "best_times", "consent", "do_not_call", "tier",
    "points_balance", "owner_id", "lifecycle_stage", "segment_tags", "medical_flag", "total_spent_fen",
    "first_order_at", "last_order_at", "created_at", "updated_at", "version",
)
USER_COLUMNS = ("id", "username", "display_name", "role", "can_view_health", "active", "language", "created_at")

_FUNCTIONS = """
CREATE FUNCTION caredesk_uid() RETURNS integer LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT id FROM users WHERE username = session_user AND active $$;

CREATE FUNCTION caredesk_is_supervisor() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public
AS $$ SELECT pg_has_role(session_user, 'caredesk_supervisor', 'MEMBER') $$;

-- The visible part of a task for the caller: the pool, their own work, expired leases.
CREATE FUNCTION caredesk_task_visible(assigned integer, claimed integer, lease timestamptz) RETURNS boolean
LANGUAGE sql STABLE SET search_path = public
AS $$ SELECT caredesk_is_supervisor() OR ((assigned IS NULL OR assigned = caredesk_uid())
          AND (claimed IS NULL OR claimed = caredesk_uid() OR lease < now())) $$;

CREATE FUNCTION caredesk_works_member(member bigint) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public
AS $$ SELECT caredesk_is_supervisor()
          OR EXISTS (SELECT 1 FROM members m WHERE m.id = member AND m.owner_id = caredesk_uid())
          OR EXISTS (SELECT 1 FROM follow_up_tasks t WHERE t.member_id = member
                     AND t.status IN ('open', 'claimed')
                     AND caredesk_task_visible(t.assigned_agent_id, t.claimed_by_id, t.lease_until))
          OR EXISTS (SELECT 1 FROM calls c WHERE c.member_id = member AND c.agent_id = caredesk_uid()) $$;

CREATE FUNCTION caredesk_masked_phone(e164 text) RETURNS text LANGUAGE sql IMMUTABLE
AS $$ SELECT CASE WHEN e164 IS NULL OR length(e164) <= 10 THEN e164
                  ELSE left(e164, 6) || repeat('0', length(e164) - 10) || right(e164, 4) END $$;

-- The full number, only for the member whose task the caller holds a live claim on; audited.
CREATE FUNCTION caredesk_reveal_phone(member bigint) RETURNS text LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = public
AS $$
DECLARE uid integer := caredesk_uid(); phone text;
BEGIN
  IF uid IS NULL OR NOT EXISTS (SELECT 1 FROM follow_up_tasks t WHERE t.member_id = member
        AND t.claimed_by_id = uid AND t.status = 'claimed' AND t.lease_until > now()) THEN
    RAISE EXCEPTION 'phone of member % only for the agent holding a live claim on its task', member
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT phone_e164 INTO phone FROM members WHERE id = member;
  INSERT INTO audit_log (at, user_id, action, entity, entity_id, detail)
  VALUES (now(), uid, 'phone.reveal', 'member', member::text, '{"via": "caredesk_reveal_phone"}');
  RETURN phone;
END $$;

-- A workstation that connected with its user's own login records the sign-in (audited).
CREATE FUNCTION caredesk_sign_in() RETURNS integer LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = public
AS $$
DECLARE uid integer := caredesk_uid();
BEGIN
  IF uid IS NULL OR EXISTS (SELECT 1 FROM sign_in_attempts a WHERE a.username = session_user
                            AND a.locked_until > now()) THEN
    INSERT INTO audit_log (at, user_id, action, entity, entity_id, detail)
    VALUES (now(), uid, 'signin.refused', 'user', session_user, '{"reason": "locked_or_disabled"}');
    RETURN NULL;
  END IF;
  INSERT INTO audit_log (at, user_id, action, entity, entity_id, detail)
  VALUES (now(), uid, 'signin.ok', 'user', session_user, '{"via": "server_login"}');
  RETURN uid;
END $$;

CREATE FUNCTION caredesk_audit_append_only() RETURNS trigger LANGUAGE plpgsql
AS $$ BEGIN
  IF pg_has_role(session_user, 'caredesk_agent', 'MEMBER') THEN
    RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
"""

_FUNCTION_NAMES = ("caredesk_reveal_phone(bigint)", "caredesk_sign_in()", "caredesk_works_member(bigint)",
                   "caredesk_task_visible(integer, integer, timestamptz)", "caredesk_masked_phone(text)",
                   "caredesk_is_supervisor()", "caredesk_uid()", "caredesk_audit_append_only()")


def _pg_upgrade() -> None:
    for group in GROUPS:
        op.execute(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group}') "
                   f"THEN CREATE ROLE {group} NOLOGIN; END IF; END $$")
    op.execute("GRANT caredesk_agent TO caredesk_supervisor")
    op.execute("GRANT caredesk_supervisor TO caredesk_admin")
    for statement in re.split(r"\n(?=CREATE FUNCTION)", _FUNCTIONS.strip()):
        op.execute(sa.text(statement))
    op.execute("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC")
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {APP}, caredesk_health")
    op.execute("REVOKE ALL ON FUNCTION caredesk_reveal_phone(bigint), caredesk_sign_in() FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION caredesk_reveal_phone(bigint), caredesk_sign_in() TO {APP}")
    op.execute(f"GRANT USAGE ON SCHEMA public TO {APP}, caredesk_health")
    op.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {APP}")

    # The safe schema: masked members, users without hashes (definer views, filtered here).
    op.execute("CREATE SCHEMA caredesk_safe")
    op.execute(f"GRANT USAGE ON SCHEMA caredesk_safe TO {APP}")
    cols = ", ".join(MEMBER_COLUMNS)
    op.execute(
        f"CREATE VIEW caredesk_safe.members WITH (security_barrier) AS SELECT {cols}, "
        "caredesk_masked_phone(phone_e164) AS phone_e164, caredesk_masked_phone(phone_alt_e164) AS phone_alt_e164 "
        "FROM public.members WHERE caredesk_works_member(id)"
    )
    op.execute(f"GRANT SELECT ON caredesk_safe.members TO {APP}")
    editable = [c for c in MEMBER_COLUMNS if c not in ("id", "external_id", "created_at")]
    op.execute(f"GRANT UPDATE ({', '.join(editable)}) ON caredesk_safe.members TO {APP}")
    op.execute(f"GRANT INSERT ({cols}) ON caredesk_safe.members TO caredesk_supervisor")
    ucols = ", ".join(USER_COLUMNS)
    op.execute(f"CREATE VIEW caredesk_safe.users AS SELECT {ucols}, ''::varchar(255) AS password_hash FROM public.users")
    op.execute(f"GRANT SELECT ON caredesk_safe.users TO {APP}")
    op.execute("GRANT UPDATE (display_name, role, can_view_health, active, language) ON caredesk_safe.users "
               "TO caredesk_admin")

    # Work tables: agents read and write their work; row policies say which rows.
    op.execute(f"GRANT SELECT ON products, orders, order_lines, security_settings, app_settings, alembic_version "
               f"TO {APP}")
    op.execute("GRANT INSERT, UPDATE ON app_settings TO caredesk_admin")  # centre-wide settings: admins
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON {', '.join(WORK_TABLES)} TO {APP}")
    op.execute("GRANT SELECT (member_id, baby_birth_date) ON health_profiles TO caredesk_agent")  # care moments
    op.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON health_profiles, health_indicators TO caredesk_health")
    op.execute("GRANT SELECT, INSERT, UPDATE ON import_runs TO caredesk_supervisor")
    op.execute("GRANT INSERT, UPDATE, DELETE ON products, orders, order_lines TO caredesk_supervisor")
    op.execute("GRANT UPDATE, DELETE ON security_settings TO caredesk_admin")
    op.execute("GRANT INSERT ON security_settings TO caredesk_admin")
    op.execute(f"GRANT INSERT ON audit_log TO {APP}")
    op.execute("GRANT SELECT ON audit_log TO caredesk_supervisor")

    op.execute("ALTER TABLE follow_up_tasks ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY tasks_of_work ON follow_up_tasks TO caredesk_agent "
               "USING (caredesk_task_visible(assigned_agent_id, claimed_by_id, lease_until)) "
               "WITH CHECK (caredesk_is_supervisor() OR ((assigned_agent_id IS NULL OR assigned_agent_id = caredesk_uid()) "
               "AND (claimed_by_id IS NULL OR claimed_by_id = caredesk_uid())))")
    op.execute("ALTER TABLE calls ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY calls_read ON calls FOR SELECT TO caredesk_agent USING (caredesk_works_member(member_id))")
    op.execute("CREATE POLICY calls_write ON calls FOR INSERT TO caredesk_agent "
               "WITH CHECK (caredesk_is_supervisor() OR agent_id = caredesk_uid())")
    op.execute("CREATE POLICY calls_update ON calls FOR UPDATE TO caredesk_agent "
               "USING (caredesk_is_supervisor() OR agent_id = caredesk_uid()) "
               "WITH CHECK (caredesk_is_supervisor() OR agent_id = caredesk_uid())")
    op.execute("ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY audit_as_self ON audit_log FOR INSERT TO caredesk_agent "
               "WITH CHECK (user_id IS NOT DISTINCT FROM caredesk_uid())")
    op.execute("CREATE POLICY audit_read ON audit_log FOR SELECT TO caredesk_supervisor USING (true)")
    # INSERT ... RETURNING id needs the new row's id readable: agents see ids of their own rows only.
    op.execute("GRANT SELECT (id) ON audit_log TO caredesk_agent")
    op.execute("CREATE POLICY audit_own_ids ON audit_log FOR SELECT TO caredesk_agent "
               "USING (user_id IS NOT DISTINCT FROM caredesk_uid())")
    # A login outside the group roles (an older shared application login, the owner's tools)
    # keeps what its table privileges give; the policies above bind every application role.
    for table in ("follow_up_tasks", "calls", "audit_log"):
        op.execute(f"CREATE POLICY outside_groups ON {table} TO PUBLIC "
                   "USING (NOT pg_has_role(session_user, 'caredesk_agent', 'MEMBER')) "
                   "WITH CHECK (NOT pg_has_role(session_user, 'caredesk_agent', 'MEMBER'))")
    op.execute("CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
               "FOR EACH ROW EXECUTE FUNCTION caredesk_audit_append_only()")


def _pg_downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
    for table, policies in (("follow_up_tasks", ("tasks_of_work",)), ("audit_log", ("audit_as_self", "audit_read", "audit_own_ids")),
                            ("calls", ("calls_read", "calls_write", "calls_update"))):
        policies = (*policies, "outside_groups")
        for policy in policies:
            op.execute(f"DROP POLICY IF EXISTS {policy} ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute("DROP SCHEMA IF EXISTS caredesk_safe CASCADE")
    for function in _FUNCTION_NAMES:
        op.execute(f"DROP FUNCTION IF EXISTS {function}")
    # Group roles are cluster-wide and may serve other databases: they stay, without rights here.
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {APP}, caredesk_health")
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {APP}")
    op.execute(f"REVOKE ALL ON SCHEMA public FROM {APP}, caredesk_health")
