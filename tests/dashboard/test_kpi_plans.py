"""Every statement of the KPIs reads an index range, never the whole calls, tickets or rollup table:
each statement `measure` runs is captured and EXPLAINed on both engines (on PostgreSQL with
sequential scans discouraged, so the test asks whether an index range is usable at all,
whatever the planner prefers on a table this small)."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import event, text

from app.services.dashboard import measure
from tests.support.factories import make_member, make_user
from tests.support.floor_data import add_call

SINCE = datetime(2026, 6, 1, tzinfo=UTC)  # a UTC midnight: whole centre days and a piece before and after
TABLES = ("calls", "tickets", "call_days", "call_day_members")


def _statements(db) -> list[tuple[str, object]]:
    seen: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        with db.session() as s:
            measure(s, SINCE, SINCE + timedelta(days=30), SINCE + timedelta(days=31))
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    return seen


def test_every_kpi_statement_reads_an_index_range(db):
    with db.session(write=True) as s:
        agent = make_user(s, "agent1", at=SINCE)
        member = make_member(s, at=SINCE)
        for day in range(40):
            add_call(s, member, at=SINCE + timedelta(days=day - 5), agent_id=agent.id,
                     disposition="reached" if day % 3 else "no_answer", satisfaction=day % 10 or None)
    statements = _statements(db)
    assert len(statements) >= 4
    assert any("call_day_members" in statement for statement, _ in statements)  # the days come from the rollup
    with db.engine.connect() as conn:
        driver = conn.connection.driver_connection
        cur = driver.cursor()
        if db.engine.dialect.name == "sqlite":
            for statement, params in statements:
                plan = " | ".join(row[3] for row in cur.execute("EXPLAIN QUERY PLAN " + statement, params))
                assert not any(f"SCAN {t}" in plan for t in TABLES), (statement, plan)
        else:
            conn.execute(text("SET enable_seqscan = off"))
            for statement, params in statements:
                cur.execute("EXPLAIN " + statement, params)
                plan = " | ".join(row[0] for row in cur.fetchall())
                assert not any(f"Seq Scan on {t}" in plan for t in TABLES), (statement, plan)
