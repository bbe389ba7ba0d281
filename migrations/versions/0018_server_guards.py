"""server guards: the server caps an agent's credits, guards consent records and the ledger
by row, writes the phones an agent's login reads masked, and fraud flags name no phone (issue 15)

Revision ID: 0018_server_guards
Revises: 0017_queue_rank

Both engines:
- The "loyalty" settings row holds `survey_points` and `remedy_points` explicitly (the values
  in force, the code's defaults where no admin set them): the server reads its cap there, the
  app reads the same row. An admin's later change moves both.
- Shared-phone fraud flags name the number's digest (`app.domain.loyalty.fraud.hidden_subject`,
  the one erasure uses), never the number; existing subjects are rewritten. The downgrade
  keeps the digests (a digest cannot be turned back into a number; the older check knows it).

PostgreSQL only (team mode; the services check the same on SQLite):
- `caredesk_post_points` refuses an agent's survey or remedy credit above the stored setting
  (0016's function, with the cap before the entry is written).
- `consent_records`: row policies (an agent reads and inserts records of the members of its
  work only, and only in its own name; supervisors and admins as on `calls`); no application
  role may update, delete or truncate a record (history; erasure runs with the owner's URL).
- `points_ledger`: an agent reads the entries of the members of its work only.
- `caredesk_drop_wrong_number(member, call)` and `caredesk_set_alt_phone(member, phone)`:
  SECURITY DEFINER writers of the two phone columns the masked view cannot update, for a
  wrong-number call of the caller's own (once per call) and the contact form of a member of
  the caller's work; each writes an audit row.
"""

import importlib.util
import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import op

import app.data.base
from app.domain.loyalty.fraud import hidden_subject
from app.domain.loyalty.settings import DEFAULT_LOYALTY

revision: str = "0018_server_guards"
down_revision: str | None = "0017_queue_rank"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP = "caredesk_agent, caredesk_supervisor, caredesk_admin"
CAPPED = ("survey_points", "remedy_points")  # the settings an agent's credit keys name (survey:, remedy:)
_REFUSE = "USING ERRCODE = 'insufficient_privilege'"
_OUTSIDE_GROUPS = ("CREATE POLICY outside_groups ON {table} TO PUBLIC "
                   "USING (NOT pg_has_role(session_user, 'caredesk_agent', 'MEMBER')) "
                   "WITH CHECK (NOT pg_has_role(session_user, 'caredesk_agent', 'MEMBER'))")
_POLICIES = {
    "consent_records": (
        "CREATE POLICY consent_read ON consent_records FOR SELECT TO caredesk_agent "
        "USING (caredesk_works_member(member_id))",
        "CREATE POLICY consent_write ON consent_records FOR INSERT TO caredesk_agent "
        "WITH CHECK (caredesk_is_supervisor() OR (recorded_by_id = caredesk_uid() AND caredesk_works_member(member_id)))",
    ),
    "points_ledger": (
        "CREATE POLICY ledger_read ON points_ledger FOR SELECT TO caredesk_agent "
        "USING (caredesk_works_member(member_id))",
        # Supervisors and admins keep writing it directly (adjustments, jobs, imports).
        "CREATE POLICY supervisors_all ON points_ledger TO caredesk_supervisor USING (true) WITH CHECK (true)",
    ),
}
_POLICY_NAMES = {"consent_records": ("consent_read", "consent_write", "outside_groups"),
                 "points_ledger": ("ledger_read", "supervisors_all", "outside_groups")}

_CAP = """
CREATE FUNCTION caredesk_credit_cap(p_client_key text) RETURNS integer LANGUAGE sql STABLE
SET search_path = public
AS $$ SELECT CASE WHEN v ~ '^[0-9]{1,9}$' THEN v::integer END
      FROM (SELECT s."values"->>(CASE split_part(p_client_key, ':', 1) WHEN 'survey' THEN 'survey_points'
                                                                    WHEN 'remedy' THEN 'remedy_points' END) AS v
            FROM app_settings s WHERE s.section = 'loyalty') stored $$
"""
# Inserted into 0016's caredesk_post_points where an agent's credit has passed its checks.
_CAP_CHECK = f"""    IF p_delta > coalesce(caredesk_credit_cap(p_client_key), 0) THEN
      RAISE EXCEPTION 'a credit keyed % is at most % points (the loyalty settings)', p_client_key,
        coalesce(caredesk_credit_cap(p_client_key), 0) {_REFUSE};
    END IF;
"""
_MARKER = "    p_user := uid;\n"

_PHONES = (
    rf"""CREATE FUNCTION caredesk_drop_wrong_number(p_member bigint, p_call bigint) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public
AS $$
DECLARE uid integer := caredesk_uid(); alt text; moved boolean;
BEGIN
  IF uid IS NULL OR NOT EXISTS (SELECT 1 FROM calls c WHERE c.id = p_call AND c.member_id = p_member
                                AND c.agent_id = uid AND c.disposition = 'wrong_number') THEN
    RAISE EXCEPTION 'the number of member % is dropped only on a wrong-number call of the caller''s own', p_member
      {_REFUSE};
  END IF;
  IF EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'member' AND a.entity_id = p_member::text
             AND a.action = 'phone.wrong_number' AND a.detail->>'call_id' = p_call::text) THEN
    RAISE EXCEPTION 'call % has dropped a number already', p_call {_REFUSE};
  END IF;
  SELECT m.phone_alt_e164 INTO alt FROM members m WHERE m.id = p_member FOR UPDATE;
  moved := coalesce(alt, '') <> '';
  UPDATE members SET phone_e164 = CASE WHEN moved THEN alt END,
                     phone_alt_e164 = CASE WHEN moved THEN NULL ELSE phone_alt_e164 END
  WHERE id = p_member;
  INSERT INTO audit_log (at, user_id, action, entity, entity_id, detail)
  VALUES (now(), uid, 'phone.wrong_number', 'member', p_member::text,
          json_build_object('call_id', p_call, 'alternative_moved_up', moved, 'via', 'caredesk_drop_wrong_number'));
  RETURN moved;
END $$""",
    rf"""CREATE FUNCTION caredesk_set_alt_phone(p_member bigint, p_phone text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public
AS $$
DECLARE uid integer := caredesk_uid();
BEGIN
  IF uid IS NULL OR NOT caredesk_works_member(p_member) THEN
    RAISE EXCEPTION 'the numbers of member % are not the caller''s to change', p_member {_REFUSE};
  END IF;
  p_phone := nullif(p_phone, '');
  IF p_phone !~ '^\+[1-9][0-9]{{6,14}}$' THEN
    RAISE EXCEPTION 'not an E.164 number' USING ERRCODE = 'check_violation';
  END IF;
  UPDATE members SET phone_alt_e164 = p_phone WHERE id = p_member;
  INSERT INTO audit_log (at, user_id, action, entity, entity_id, detail)
  VALUES (now(), uid, 'phone.set_alt', 'member', p_member::text,
          json_build_object('removed', p_phone IS NULL, 'via', 'caredesk_set_alt_phone'));
END $$""",
)
_PHONE_FUNCTIONS = ("caredesk_drop_wrong_number(bigint, bigint)", "caredesk_set_alt_phone(bigint, text)")


def _post_points_of_0016() -> str:
    """0016's caredesk_post_points as it created it (the downgrade puts it back)."""
    spec = importlib.util.spec_from_file_location("_agent_writes", Path(__file__).with_name("0016_agent_writes.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    statements = re.split(r"\n(?=CREATE FUNCTION)", module._FUNCTIONS.strip())
    (post,) = [s for s in statements if s.startswith("CREATE FUNCTION caredesk_post_points(")]
    return post.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)


def upgrade() -> None:
    _store_capped_settings()
    _digest_phone_subjects()
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(sa.text(_CAP))
    op.execute("REVOKE ALL ON FUNCTION caredesk_credit_cap(text) FROM PUBLIC")
    post = _post_points_of_0016()
    assert post.count(_MARKER) == 1, "0016's caredesk_post_points changed: place the cap again"
    op.execute(sa.text(post.replace(_MARKER, _CAP_CHECK + _MARKER)))
    for table, policies in _POLICIES.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        for policy in (*policies, _OUTSIDE_GROUPS.format(table=table)):
            op.execute(policy)
    op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON consent_records FROM {APP}")
    for statement in _PHONES:
        op.execute(sa.text(statement))
    for function in _PHONE_FUNCTIONS:
        op.execute(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO caredesk_agent")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for function in _PHONE_FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {function}")
        op.execute(f"GRANT UPDATE ON consent_records TO {APP}")  # what 0004 gave (no delete, no truncate)
        for table, names in _POLICY_NAMES.items():
            for name in names:
                op.execute(f"DROP POLICY IF EXISTS {name} ON {table}")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        op.execute(sa.text(_post_points_of_0016()))
        op.execute("DROP FUNCTION IF EXISTS caredesk_credit_cap(text)")
    # An older version does not know remedy_points (its own constant); survey_points stays, in force.
    settings = _settings_table()
    row = op.get_bind().execute(sa.select(settings.c["values"]).where(settings.c.section == "loyalty")).first()
    if row is not None and "remedy_points" in _values(row[0]):
        values = {k: v for k, v in _values(row[0]).items() if k != "remedy_points"}
        op.get_bind().execute(settings.update().where(settings.c.section == "loyalty").values({"values": values}))


def _settings_table() -> sa.Table:
    return sa.table("app_settings", sa.column("section", sa.String), sa.column("values", sa.JSON),
                    sa.column("updated_at", app.data.base.UTCDateTime(timezone=True)), sa.column("updated_by_id", sa.Integer),
                    sa.column("version", sa.Integer))


def _values(raw) -> dict:
    return json.loads(raw) if isinstance(raw, str) else dict(raw or {})


def _store_capped_settings() -> None:
    """The capped values in force, stored in the row (an admin's own value is kept)."""
    conn, settings = op.get_bind(), _settings_table()
    row = conn.execute(sa.select(settings.c["values"]).where(settings.c.section == "loyalty")).first()
    stored = _values(row[0]) if row is not None else {}
    values = {**{name: getattr(DEFAULT_LOYALTY, name) for name in CAPPED}, **stored}
    if row is None:
        conn.execute(settings.insert().values({"section": "loyalty", "values": values, "updated_at": datetime.now(UTC),
                                               "updated_by_id": None, "version": 1}))
    elif values != stored:
        conn.execute(settings.update().where(settings.c.section == "loyalty")
                     .values({"values": values, "version": settings.c.version + 1}))


def _digest_phone_subjects() -> None:
    """Every shared-phone subject that still names a number becomes its digest (the review list is short)."""
    conn = op.get_bind()
    flags = sa.table("fraud_flags", sa.column("id", sa.BigInteger), sa.column("kind", sa.String),
                     sa.column("subject", sa.String))
    rows = conn.execute(sa.select(flags.c.id, flags.c.subject).where(
        flags.c.kind == "shared_phone", flags.c.subject.like("phone:%"))).all()
    for flag_id, subject in rows:
        hidden = hidden_subject(subject)
        twin = conn.execute(sa.select(flags.c.id).where(flags.c.kind == "shared_phone",
                                                        flags.c.subject == hidden)).first()
        if twin is not None:  # an erasure hid the same number's flag already: that one stands
            conn.execute(flags.delete().where(flags.c.id == flag_id))
        else:
            conn.execute(flags.update().where(flags.c.id == flag_id).values(subject=hidden))
