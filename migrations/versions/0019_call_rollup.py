"""call rollup: the dashboard's calls per centre day, kept by triggers on calls (issue 13)

Revision ID: 0019_call_rollup
Revises: 0020_rank_reserved

A year of KPIs read every call of the year (1.87 M at a million members: 43 s on SQLite,
7 s on PostgreSQL; the floor of reading each once is 1.2-1.6 s). Two tables now hold the
figures per centre day (UTC+8, app/services/dashboard/rollup.py), so a span reads a row per
day and agent (the charts: per hour and outcome), and the members of any span are counted
exactly:
- call_days (day, agent_key): calls, reached, scores, wrap-up, refills credited.
- call_hours (UTC hour, disposition): calls and scores, for the charts (outcomes by local
  hour, satisfaction by local day), which fold UTC hours into the reader's zone.
- call_day_members (kind, day, prev_day): for each member's first call of a kind (called,
  reached, churn call reached) on a day, the day of their previous call of that kind
  (0001-01-01: none). The members of days a..b are the rows of a..b with prev_day < a.
Triggers keep both in the writer's own transaction, whoever writes (a save, an import, the
demo, a bulk load, an erasure, a late or out-of-order call): a change to a member's calls
adds the member's chain of days after it and subtracts the chain before it, one rule
(`_members_delta`) for the triggers and the backfill. Row triggers on SQLite; on
PostgreSQL statement triggers over the transition tables (a COPY costs one statement),
SECURITY DEFINER so an agent's save counts calls row-level security hides from the agent,
and no application role may write the rollup itself. The backfill is the same rule over
every call, set-based.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_call_rollup"
down_revision: str | None = "0020_rank_reserved"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

READERS = "caredesk_supervisor, caredesk_admin"
OFFSET_HOURS = 8  # the centre's day: Asia/Shanghai, UTC+8 all year (rollup.py's CENTRE_OFFSET)
KINDS = {
    "called": "TRUE",
    "reached": "{c}.disposition = 'reached'",
    # kpi.py's churn call: its reasons, or the task it worked.
    "churn": "{c}.disposition = 'reached' AND ({c}.reasons LIKE '%churn_risk%' OR EXISTS "
             "(SELECT 1 FROM follow_up_tasks t WHERE t.id = {c}.task_id AND t.reason = 'churn_risk'))",
}
CHAIN_COLUMNS = ("member_id", "started_at", "disposition", "reasons", "task_id")
LOCK_KEY = 4019  # pg_advisory_xact_lock(LOCK_KEY, member): writers of one member's calls chain in turn
LOCKED_MEMBERS = 1000
SUM_COLUMNS = ("started_at", "agent_id", "disposition", "satisfaction", "wrap_seconds", "led_to_refill")


def _day(expr: str, dialect: str) -> str:
    if dialect == "sqlite":
        return f"date({expr}, '+{OFFSET_HOURS} hours')"
    return f"((({expr}) AT TIME ZONE 'UTC') + interval '{OFFSET_HOURS} hours')::date"


def _no_day(dialect: str) -> str:
    return "'0001-01-01'" if dialect == "sqlite" else "DATE '0001-01-01'"


def _chain(source: str, kind: str, sign: int, dialect: str) -> str:
    """Each member's days with a call of `kind` in `source`, with the day before it (lag)."""
    return (f"SELECT day, COALESCE(prev, {_no_day(dialect)}) AS prev_day, {sign} AS n FROM ("
            f"SELECT day, LAG(day) OVER (PARTITION BY member_id ORDER BY day) AS prev FROM ("
            f"SELECT DISTINCT c.member_id, {_day('c.started_at', dialect)} AS day FROM ({source}) c "
            f"WHERE {KINDS[kind].format(c='c')}) d) x")


def _members_delta(after: str, before: str | None, dialect: str) -> list[str]:
    """Add the chains of `after` and subtract those of `before` (both: the calls of the same
    members, each a SELECT of CHAIN_COLUMNS), per kind."""
    statements = []
    for kind in KINDS:
        parts = [_chain(after, kind, 1, dialect)] + ([_chain(before, kind, -1, dialect)] if before else [])
        statements.append(
            f"INSERT INTO call_day_members (kind, day, prev_day, members) "
            f"SELECT '{kind}', day, prev_day, sum(n) FROM ({' UNION ALL '.join(parts)}) y "
            f"GROUP BY day, prev_day HAVING sum(n) <> 0 "
            f"ON CONFLICT (kind, day, prev_day) DO UPDATE SET members = call_day_members.members + excluded.members")
    return statements


def _hour(expr: str, dialect: str) -> str:
    """The UTC hour an instant falls in, stored as the app stores instants."""
    if dialect == "sqlite":
        return f"strftime('%Y-%m-%d %H:00:00.000000', {expr})"
    return f"(date_trunc('hour', ({expr}) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')"


def _sums_delta(source: str, dialect: str) -> list[str]:
    """Add `source`'s calls (SUM_COLUMNS and a sign s) to call_days and call_hours."""
    reached = "r.disposition = 'reached'"
    credited = "r.led_to_refill" if dialect == "postgresql" else "r.led_to_refill = 1"

    def flag(cond: str) -> str:
        return f"sum(r.s * CASE WHEN {cond} THEN 1 ELSE 0 END)"

    def upsert(table: str, key: str, columns: Sequence[str]) -> str:
        return f"ON CONFLICT ({key}) DO UPDATE SET " + ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in columns)

    scores = ("sum(r.s * COALESCE(r.satisfaction, 0))", flag("r.satisfaction IS NOT NULL"))
    columns = ("calls", "reached", "score_sum", "scored", "wrap_sum", "wrapped", "refills", "refills_reached")
    values = ("sum(r.s)", flag(reached), *scores, "sum(r.s * COALESCE(r.wrap_seconds, 0))",
              flag("r.wrap_seconds IS NOT NULL"), flag(credited), flag(f"{credited} AND {reached}"))
    hours = ("calls", "score_sum", "scored")
    return [
        f"INSERT INTO call_days (day, agent_key, {', '.join(columns)}) "
        f"SELECT {_day('r.started_at', dialect)}, COALESCE(r.agent_id, 0), {', '.join(values)} "
        f"FROM ({source}) r GROUP BY 1, 2 {upsert('call_days', 'day, agent_key', columns)}",
        f"INSERT INTO call_hours (hour, disposition, {', '.join(hours)}) "
        f"SELECT {_hour('r.started_at', dialect)}, r.disposition, sum(r.s), {', '.join(scores)} "
        f"FROM ({source}) r GROUP BY 1, 2 {upsert('call_hours', 'hour, disposition', hours)}",
    ]


def _cols(alias: str, columns: Sequence[str]) -> str:
    return ", ".join(f"{alias}.{c}" for c in columns)


def _row(ref: str, columns: Sequence[str]) -> str:
    """A trigger's NEW or OLD row as a one-row SELECT."""
    return "SELECT " + ", ".join(f"{ref}.{c} AS {c}" for c in columns)


# --- SQLite: row triggers -----------------------------------------------------------------

def _sqlite_triggers() -> list[str]:
    d = "sqlite"
    chain = ", ".join(CHAIN_COLUMNS)
    sums = ", ".join(SUM_COLUMNS)

    def member_calls(where: str) -> str:
        return f"SELECT {chain} FROM calls WHERE {where}"

    insert = _sums_delta(f"{_row('NEW', SUM_COLUMNS)}, 1 AS s", d) + _members_delta(
        member_calls("member_id = NEW.member_id"), member_calls("member_id = NEW.member_id AND id <> NEW.id"), d)
    delete = _sums_delta(f"{_row('OLD', SUM_COLUMNS)}, -1 AS s", d) + _members_delta(
        member_calls("member_id = OLD.member_id"),
        member_calls("member_id = OLD.member_id") + " UNION ALL " + _row("OLD", CHAIN_COLUMNS), d)
    update_sums = _sums_delta(f"{_row('OLD', SUM_COLUMNS)}, -1 AS s UNION ALL {_row('NEW', SUM_COLUMNS)}, 1", d)
    both = "member_id IN (OLD.member_id, NEW.member_id)"
    update_members = _members_delta(
        member_calls(both), member_calls(f"{both} AND id <> NEW.id") + " UNION ALL " + _row("OLD", CHAIN_COLUMNS), d)

    def trigger(name: str, event: str, body: list[str]) -> str:
        return f"CREATE TRIGGER {name} AFTER {event} ON calls BEGIN {'; '.join(body)}; END"

    return [
        trigger("calls_rollup_insert", "INSERT", insert),
        trigger("calls_rollup_delete", "DELETE", delete),
        trigger("calls_rollup_sums", f"UPDATE OF {sums}", update_sums),
        trigger("calls_rollup_members", f"UPDATE OF {chain}", update_members),
    ]


_SQLITE_TRIGGER_NAMES = ("calls_rollup_insert", "calls_rollup_delete", "calls_rollup_sums", "calls_rollup_members")


# --- PostgreSQL: statement triggers over the transition tables ----------------------------

def _pg_function() -> str:
    d = "postgresql"
    chain = ", ".join(CHAIN_COLUMNS)
    sums = ", ".join(SUM_COLUMNS)
    # The members' calls as they are now (after) and as they were (before): the changed rows
    # swapped back (NOT EXISTS, an anti-join: NOT IN over a COPY's million ids would not hash).
    # The members are locked first so concurrent writers chain in turn.
    moved = ("SELECT o.id, o.member_id AS old_member, n.member_id AS new_member FROM old_rows o "
             "JOIN new_rows n ON n.id = o.id WHERE " +
             " OR ".join(f"o.{c} IS DISTINCT FROM n.{c}" for c in CHAIN_COLUMNS))
    summed = ("SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE " +
              " OR ".join(f"o.{c} IS DISTINCT FROM n.{c}" for c in SUM_COLUMNS))

    def lock(members: str) -> str:
        # Per member (in order: no deadlock); a bulk statement takes the whole rollup instead,
        # a million advisory locks would not fit the lock table.
        return (f"IF (SELECT count(DISTINCT member_id) FROM ({members}) k) > {LOCKED_MEMBERS} THEN "
                f"PERFORM pg_advisory_xact_lock({LOCK_KEY}, -1); ELSE "
                f"PERFORM pg_advisory_xact_lock_shared({LOCK_KEY}, -1); "
                f"PERFORM pg_advisory_xact_lock({LOCK_KEY}, (m % 2147483647)::integer) "
                f"FROM (SELECT DISTINCT member_id AS m FROM ({members}) k ORDER BY 1) l; END IF")

    def calls_of(members: str, where: str = "TRUE") -> str:
        return f"SELECT {chain} FROM calls WHERE member_id IN ({members}) AND {where}"

    ins_members = "SELECT member_id FROM new_rows"
    del_members = "SELECT member_id FROM old_rows"
    upd_members = f"SELECT old_member AS member_id FROM ({moved}) v UNION SELECT new_member FROM ({moved}) w"
    insert = [lock(ins_members), *_sums_delta(f"SELECT {sums}, 1 AS s FROM new_rows", d)] + _members_delta(
        calls_of(ins_members), calls_of(ins_members, "NOT EXISTS (SELECT 1 FROM new_rows x WHERE x.id = calls.id)"), d)
    delete = [lock(del_members), *_sums_delta(f"SELECT {sums}, -1 AS s FROM old_rows", d)] + _members_delta(
        calls_of(del_members), calls_of(del_members) + f" UNION ALL SELECT {chain} FROM old_rows", d)
    update = [lock(upd_members), *_sums_delta(
        f"SELECT {_cols('o', SUM_COLUMNS)}, -1 AS s FROM old_rows o WHERE o.id IN ({summed}) UNION ALL "
        f"SELECT {_cols('n', SUM_COLUMNS)}, 1 FROM new_rows n WHERE n.id IN ({summed})", d)] + _members_delta(
        calls_of(upd_members), calls_of(upd_members, f"NOT EXISTS (SELECT 1 FROM ({moved}) x WHERE x.id = calls.id)")
        + f" UNION ALL SELECT {_cols('o', CHAIN_COLUMNS)} FROM old_rows o WHERE o.id IN (SELECT id FROM ({moved}) y)",
        d)

    def block(statements: list[str]) -> str:
        return ";\n    ".join(statements) + ";"

    return f"""
CREATE FUNCTION caredesk_call_rollup() RETURNS trigger LANGUAGE plpgsql VOLATILE
SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {block(insert)}
  ELSIF TG_OP = 'DELETE' THEN
    {block(delete)}
  ELSE
    {block(update)}
  END IF;
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION caredesk_call_rollup() FROM PUBLIC;
CREATE TRIGGER calls_rollup_insert AFTER INSERT ON calls REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION caredesk_call_rollup();
CREATE TRIGGER calls_rollup_delete AFTER DELETE ON calls REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION caredesk_call_rollup();
CREATE TRIGGER calls_rollup_update AFTER UPDATE ON calls REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION caredesk_call_rollup();
"""


def backfill(dialect: str) -> list[str]:
    """The rollup of every call (from empty tables): the triggers' rule, set-based."""
    sums = ", ".join(SUM_COLUMNS)
    return _sums_delta(f"SELECT {sums}, 1 AS s FROM calls", dialect) + _members_delta(
        f"SELECT {', '.join(CHAIN_COLUMNS)} FROM calls", None, dialect)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "call_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("agent_key", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.BigInteger() if name == "wrap_sum" else sa.Integer(), nullable=False)
          for name in ("calls", "reached", "score_sum", "scored", "wrap_sum", "wrapped", "refills",
                       "refills_reached")),
        sa.PrimaryKeyConstraint("day", "agent_key", name=op.f("pk_call_days")),
        sqlite_with_rowid=False,  # the key is the table: a span's rows are read in one index pass
    )
    op.create_table(
        "call_day_members",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("prev_day", sa.Date(), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "day", "prev_day", name=op.f("pk_call_day_members")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "call_hours",
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disposition", sa.String(length=16), nullable=False),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.Column("score_sum", sa.Integer(), nullable=False),
        sa.Column("scored", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("hour", "disposition", name=op.f("pk_call_hours")),
        sqlite_with_rowid=False,
    )
    for statement in backfill(dialect):
        op.execute(statement)
    if dialect == "postgresql":
        op.execute(_pg_function())
        op.execute(f"GRANT SELECT ON call_days, call_day_members, call_hours TO {READERS}")
        for table in ("call_days", "call_day_members", "call_hours"):
            op.execute(f"ANALYZE {table}")
    else:
        for statement in _sqlite_triggers():
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in ("calls_rollup_insert", "calls_rollup_delete", "calls_rollup_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON calls")
        op.execute("DROP FUNCTION IF EXISTS caredesk_call_rollup()")
    else:
        for name in _SQLITE_TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("call_hours")
    op.drop_table("call_day_members")
    op.drop_table("call_days")
