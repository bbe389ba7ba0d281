"""agent writes: an agent's login updates only the member columns its use cases write, and
moves points only through the server's checked functions (issue 15)

Revision ID: 0016_agent_writes
Revises: 0015_dnc_lift_supervisors

0004_security gave every application role UPDATE on nearly every column of
caredesk_safe.members and INSERT/UPDATE on points_ledger, so an agent's own login could set a
member's balance, tier, spend, name or stage, take a pool member over (owner_id) and post any
amount of points. Now `caredesk_agent` keeps UPDATE on the columns the agent's use cases
write (contact preferences and consent, do-not-call, the severe-reaction flag, the version
columns); supervisors and admins keep their own grants (reassignment, jobs, imports).

Points an agent moves go through two SECURITY DEFINER functions, used by
app.services.loyalty.ledger for a login that may not write the ledger itself. The amounts
stay the programme's (app/domain/loyalty, app/domain/remedies); the server enforces only who
may move which points, and that no balance goes below zero:
- caredesk_post_points: a spend (a redemption) on a member whose task the caller holds a
  live claim on; a credit only on the caller's own call of that member, once per purpose
  (`survey:<call>`, `remedy:<call>`). Audited (`points.post`).
- caredesk_settle_lot: expire (or freeze) a lot already due, on the claimed member, before a
  redemption spends (what lapsed today cannot be spent). Audited (`points.settle`).
A trigger refuses clearing a member's medical flag to agents (the app only ever sets it).
Agents never update referrals (the reward is the importer's). No change on SQLite.
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_agent_writes"
down_revision: str | None = "0015_dnc_lift_supervisors"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What the agent's use cases write on a member: the contact form (app.services.members.edit),
# a consent record, the outcome save (do-not-call, severe reaction), and the version columns
# every ORM save moves. The phone columns are masked in the view and written by nobody here.
AGENT_MEMBER_COLUMNS = ("preferred_channel", "best_times", "language", "consent", "do_not_call", "email",
                        "wechat_id", "medical_flag", "updated_at", "version")
# Everything 0004, 0010 and 0013 granted (the downgrade gives it back).
_OLD_EDITABLE = (
    "name", "name_initials", "gender", "birth_date", "region", "occupation", "email", "wechat_id", "timezone",
    "language", "preferred_channel", "best_times", "consent", "do_not_call", "tier", "points_balance", "owner_id",
    "lifecycle_stage", "segment_tags", "medical_flag", "total_spent_fen", "first_order_at", "last_order_at",
    "updated_at", "version", "tier_review_on", "tier_grace_until", "address", "lifecycle_next_on",
)

_REFUSE = "USING ERRCODE = 'insufficient_privilege'"

_FUNCTIONS = f"""
CREATE FUNCTION caredesk_holds_live_claim(p_member bigint) RETURNS boolean LANGUAGE sql STABLE
SET search_path = public
AS $$ SELECT EXISTS (SELECT 1 FROM follow_up_tasks t WHERE t.member_id = p_member AND t.status = 'claimed'
                     AND t.claimed_by_id = caredesk_uid() AND t.lease_until >= now()) $$;

-- One ledger entry and the cached balance, for a login without INSERT on points_ledger.
CREATE FUNCTION caredesk_post_points(p_member bigint, p_delta integer, p_kind text, p_source text, p_reason text,
    p_client_key text, p_expires_at timestamptz, p_call bigint, p_user integer)
RETURNS TABLE (entry_id bigint, duplicate boolean) LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = public
AS $$
DECLARE
  uid integer := caredesk_uid();
  direct boolean := has_table_privilege(session_user, 'public.points_ledger', 'INSERT');
  balance bigint;
  entry bigint;
BEGIN
  PERFORM 1 FROM members m WHERE m.id = p_member FOR UPDATE;  -- one change of a balance at a time
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no member %', p_member USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF p_client_key IS NOT NULL THEN
    SELECT e.id INTO entry FROM points_ledger e WHERE e.member_id = p_member AND e.client_key = p_client_key;
    IF entry IS NOT NULL THEN
      RETURN QUERY SELECT entry, true;
      RETURN;
    END IF;
  END IF;
  IF NOT direct THEN
    IF uid IS NULL OR p_client_key IS NULL OR p_delta = 0 THEN
      RAISE EXCEPTION 'points of member % are not the caller''s to move', p_member {_REFUSE};
    ELSIF p_delta < 0 AND (p_kind <> 'redeemed' OR p_source <> 'call' OR NOT caredesk_holds_live_claim(p_member)) THEN
      RAISE EXCEPTION 'points of member % are spent only on a call the caller holds a live claim on', p_member
        {_REFUSE};
    ELSIF p_delta > 0 AND (p_kind <> 'bonus' OR p_source <> 'call' OR p_call IS NULL
          OR p_client_key NOT IN ('survey:' || p_call, 'remedy:' || p_call)
          OR NOT EXISTS (SELECT 1 FROM calls c WHERE c.id = p_call AND c.agent_id = uid AND c.member_id = p_member))
    THEN
      RAISE EXCEPTION 'points of member % are credited only for a survey or remedy of the caller''s own call',
        p_member {_REFUSE};
    END IF;
    p_user := uid;
  END IF;
  SELECT coalesce(sum(e.delta), 0) INTO balance FROM points_ledger e WHERE e.member_id = p_member;
  IF balance + p_delta < 0 THEN
    RAISE EXCEPTION 'needs % points, the balance is %', -p_delta, balance USING ERRCODE = 'check_violation';
  END IF;
  INSERT INTO points_ledger (member_id, delta, kind, source, reason, client_key, expires_at, call_id, user_id,
                             created_at, frozen)
  VALUES (p_member, p_delta, p_kind, p_source, left(p_reason, 120), p_client_key,
          CASE WHEN p_delta > 0 THEN p_expires_at END, p_call, p_user, now(), false)
  RETURNING id INTO entry;
  UPDATE members SET points_balance = points_balance + p_delta WHERE id = p_member;
  IF NOT direct THEN
    INSERT INTO audit_log (at, user_id, action, entity, entity_id, detail)
    VALUES (now(), uid, 'points.post', 'member', p_member::text,
            json_build_object('entry_id', entry, 'delta', p_delta, 'kind', p_kind, 'client_key', p_client_key,
                              'call_id', p_call, 'via', 'caredesk_post_points'));
  END IF;
  RETURN QUERY SELECT entry, false;
END $$;

-- A lot whose date has come: expire what is left of it (or freeze it), once.
CREATE FUNCTION caredesk_settle_lot(p_lot bigint, p_points integer, p_freeze boolean, p_reason text)
RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public
AS $$
DECLARE
  uid integer := caredesk_uid();
  direct boolean := has_table_privilege(session_user, 'public.points_ledger', 'INSERT');
  lot_member bigint;
  lot_delta integer;
  lot_due timestamptz;
  balance bigint;
BEGIN
  SELECT e.member_id INTO lot_member FROM points_ledger e WHERE e.id = p_lot;
  IF lot_member IS NOT NULL THEN
    PERFORM 1 FROM members m WHERE m.id = lot_member FOR UPDATE;
    SELECT e.delta, e.expires_at INTO lot_delta, lot_due FROM points_ledger e WHERE e.id = p_lot;
  END IF;
  IF lot_member IS NULL OR lot_delta <= 0 OR lot_due IS NULL OR lot_due > now() THEN
    RAISE EXCEPTION 'entry % is no lot due to expire', p_lot USING ERRCODE = 'check_violation';
  END IF;
  IF NOT direct AND (uid IS NULL OR NOT caredesk_holds_live_claim(lot_member)) THEN
    RAISE EXCEPTION 'points of member % are settled only on a call the caller holds a live claim on', lot_member
      {_REFUSE};
  END IF;
  IF p_points < 0 OR p_points > lot_delta THEN
    RAISE EXCEPTION 'lot % holds at most % points', p_lot, lot_delta USING ERRCODE = 'check_violation';
  END IF;
  IF p_points > 0 AND p_freeze THEN
    INSERT INTO points_ledger (member_id, delta, kind, source, reason, client_key, ref_entry_id, created_at, frozen)
    VALUES (lot_member, 0, 'frozen', 'system', left(p_reason, 120), 'freeze:' || p_lot, p_lot, now(), false);
  ELSIF p_points > 0 THEN
    SELECT coalesce(sum(e.delta), 0) INTO balance FROM points_ledger e WHERE e.member_id = lot_member;
    IF balance < p_points THEN
      RAISE EXCEPTION 'needs % points, the balance is %', p_points, balance USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO points_ledger (member_id, delta, kind, source, reason, client_key, ref_entry_id, created_at, frozen)
    VALUES (lot_member, -p_points, 'expired', 'system', left(p_reason, 120), 'expire:' || p_lot, p_lot, now(), false);
    UPDATE members SET points_balance = points_balance - p_points WHERE id = lot_member;
  END IF;
  UPDATE points_ledger SET expires_at = NULL, frozen = frozen OR (p_freeze AND p_points > 0) WHERE id = p_lot;
  IF NOT direct THEN
    INSERT INTO audit_log (at, user_id, action, entity, entity_id, detail)
    VALUES (now(), uid, 'points.settle', 'member', lot_member::text,
            json_build_object('lot_id', p_lot, 'points', p_points, 'freeze', p_freeze, 'via', 'caredesk_settle_lot'));
  END IF;
END $$;

CREATE FUNCTION caredesk_medical_flag_guard() RETURNS trigger LANGUAGE plpgsql
AS $$ BEGIN
  IF pg_has_role(session_user, 'caredesk_agent', 'MEMBER')
     AND NOT pg_has_role(session_user, 'caredesk_supervisor', 'MEMBER') THEN
    RAISE EXCEPTION 'clearing a medical flag needs a supervisor' {_REFUSE};
  END IF;
  RETURN NEW;
END $$;
"""

_FUNCTION_NAMES = ("caredesk_post_points(bigint, integer, text, text, text, text, timestamptz, bigint, integer)",
                   "caredesk_settle_lot(bigint, integer, boolean, text)", "caredesk_holds_live_claim(bigint)",
                   "caredesk_medical_flag_guard()")
_ENTRY_POINTS = _FUNCTION_NAMES[:2]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # A table-level REVOKE takes the column privileges with it; then the agent's own columns.
    op.execute("REVOKE UPDATE ON caredesk_safe.members FROM caredesk_agent")
    op.execute(f"GRANT UPDATE ({', '.join(AGENT_MEMBER_COLUMNS)}) ON caredesk_safe.members TO caredesk_agent")
    op.execute("REVOKE INSERT, UPDATE ON points_ledger FROM caredesk_agent")
    op.execute("REVOKE UPDATE ON referrals FROM caredesk_agent")
    for statement in re.split(r"\n(?=CREATE FUNCTION)", _FUNCTIONS.strip()):
        op.execute(sa.text(statement))
    for function in _FUNCTION_NAMES[:3]:  # a trigger's function needs no EXECUTE of the login
        op.execute(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
    for function in _ENTRY_POINTS:
        op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO caredesk_agent")
    op.execute("CREATE TRIGGER members_medical_flag_clear BEFORE UPDATE OF medical_flag ON members FOR EACH ROW "
               "WHEN (OLD.medical_flag AND NOT NEW.medical_flag) EXECUTE FUNCTION caredesk_medical_flag_guard()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS members_medical_flag_clear ON members")
    for function in _FUNCTION_NAMES:
        op.execute(f"DROP FUNCTION IF EXISTS {function}")
    op.execute("GRANT UPDATE ON referrals TO caredesk_agent")
    op.execute("GRANT INSERT, UPDATE ON points_ledger TO caredesk_agent")
    op.execute(f"GRANT UPDATE ({', '.join(_OLD_EDITABLE)}) ON caredesk_safe.members TO caredesk_agent")
