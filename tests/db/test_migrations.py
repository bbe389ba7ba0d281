"""The Alembic chain: linear, round-trips on both engines, and matches the models exactly."""

import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from app.data import migrate
from app.data.base import Base
from app.data.engine import make_engine
from app.data.uow import Database
from app.domain.loyalty.fraud import hidden_subject
from app.domain.loyalty.settings import DEFAULT_LOYALTY
from app.services import loyalty


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    return request.getfixturevalue("pg_new_database")()


def test_history_is_one_linear_chain():
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1
    assert all(len(rev._all_down_revisions) <= 1 for rev in script.walk_revisions())


def test_upgrade_creates_every_table_and_downgrade_removes_them(empty_url):
    engine = make_engine(empty_url)
    migrate.upgrade(engine)
    assert migrate.is_at_head(engine)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert migrate.is_at_head(engine)
    engine.dispose()


def test_models_and_migrated_schema_do_not_drift(empty_url):
    engine = make_engine(empty_url)
    migrate.upgrade(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


@pytest.mark.postgres
def test_agent_writes_narrows_the_agents_grants_and_its_downgrade_gives_them_back(pg_new_database):
    engine = make_engine(pg_new_database())
    probe = text("SELECT has_column_privilege('caredesk_agent', 'caredesk_safe.members', 'points_balance', 'UPDATE'), "
                 "has_column_privilege('caredesk_agent', 'caredesk_safe.members', 'owner_id', 'UPDATE'), "
                 "has_table_privilege('caredesk_agent', 'points_ledger', 'INSERT'), "
                 "has_column_privilege('caredesk_agent', 'caredesk_safe.members', 'best_times', 'UPDATE'), "
                 "to_regproc('caredesk_post_points') IS NOT NULL")

    def agent_grants() -> tuple:
        with engine.connect() as conn:
            return tuple(conn.execute(probe).one())

    migrate.upgrade(engine)
    assert agent_grants() == (False, False, False, True, True)
    migrate.downgrade(engine, "0015_dnc_lift_supervisors")
    assert agent_grants() == (True, True, True, True, False)
    migrate.upgrade(engine)
    assert agent_grants() == (False, False, False, True, True)
    engine.dispose()


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    engine.dispose()


def test_postgresql_connections_fail_fast_on_a_dead_network(monkeypatch):
    import psycopg

    seen = {}

    def refuse(*args, **kwargs):
        seen.update(kwargs)
        raise psycopg.OperationalError("refused for the test")

    monkeypatch.setattr(psycopg, "connect", refuse)
    monkeypatch.setattr(psycopg.Connection, "connect", staticmethod(refuse))
    engine = make_engine("postgresql://nobody@192.0.2.1:5432/none")
    with pytest.raises(Exception):
        engine.connect()
    engine.dispose()
    assert seen["connect_timeout"] == 5 and seen["keepalives"] == 1


def test_server_guards_store_the_capped_settings_and_digest_phone_subjects_and_downgrade(empty_url):
    # Both engines: the settings row and the flags; on PostgreSQL the policies and functions too.
    engine = make_engine(empty_url)
    postgres = engine.dialect.name == "postgresql"
    probe = text("SELECT (SELECT count(*) FROM pg_policy WHERE polrelid IN ('consent_records'::regclass, "
                 "'points_ledger'::regclass)), to_regproc('caredesk_drop_wrong_number') IS NOT NULL, "
                 "has_table_privilege('caredesk_agent', 'consent_records', 'UPDATE'), "
                 "pg_get_functiondef('caredesk_post_points'::regproc) LIKE '%caredesk_credit_cap%'")
    try:
        migrate.upgrade(engine, "0017_queue_rank")
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO app_settings (section, \"values\", updated_at, version) "
                              "VALUES ('loyalty', '{\"survey_points\": 25}', '2026-01-01 00:00:00', 1)"))
            conn.execute(text("INSERT INTO fraud_flags (kind, subject, detail, flagged_at, status) VALUES "
                              "('shared_phone', 'phone:+8613812345678', '{}', '2026-01-01 00:00:00', 'open'), "
                              "('refunded_points', 'order:7', '{}', '2026-01-01 00:00:00', 'open')"))
        migrate.upgrade(engine)
        with Database(engine).session() as session:  # what the app reads: the same row
            read = loyalty.loyalty_settings(session)
        assert (read.survey_points, read.remedy_points) == (25, DEFAULT_LOYALTY.remedy_points)
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT \"values\" FROM app_settings WHERE section = 'loyalty'")).scalar()
            assert (json.loads(stored) if isinstance(stored, str) else stored) == {
                "survey_points": 25, "remedy_points": DEFAULT_LOYALTY.remedy_points}
            assert set(conn.execute(text("SELECT subject FROM fraud_flags")).scalars()) == {
                hidden_subject("phone:+8613812345678"), "order:7"}
            if postgres:
                assert tuple(conn.execute(probe).one()) == (6, True, False, True)
        migrate.downgrade(engine, "0017_queue_rank")
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT \"values\" FROM app_settings WHERE section = 'loyalty'")).scalar()
            assert (json.loads(stored) if isinstance(stored, str) else stored) == {"survey_points": 25}
            assert hidden_subject("phone:+8613812345678") in set(conn.execute(text("SELECT subject FROM fraud_flags"))
                                                                 .scalars())  # a digest stays a digest
            if postgres:
                assert tuple(conn.execute(probe).one()) == (0, False, True, False)
    finally:
        engine.dispose()


def test_call_rollup_backfill_equals_what_the_triggers_kept_and_downgrade_drops_it(empty_url):
    """0019's backfill rolls up calls written before it exactly as its triggers roll up calls
    written after it (out of order, several agents, a churn task), on both engines."""
    from datetime import UTC, datetime, timedelta

    from app.data.tables import CallDay, CallDayMembers, CallHour
    from app.data.uow import Database
    from tests.support.factories import make_member, make_user
    from tests.support.floor_data import add_call, add_task

    start = datetime(2026, 5, 1, 15, 30, tzinfo=UTC)
    engine = make_engine(empty_url)
    migrate.upgrade(engine)
    db = Database.from_url(empty_url)
    with db.session(write=True) as s:
        agents = [make_user(s, f"agent{i}", at=start).id for i in range(2)]
        members = [make_member(s, at=start, phone=f"+86139{i:04d}5678") for i in range(3)]
        task = add_task(s, members[0], reason="churn_risk", due_at=start).id
        for i in (7, 1, 12, 3, 3, 9, 0, 5, 11, 2):  # hours after start, out of order
            add_call(s, members[i % 3], at=start + timedelta(hours=i * 5), agent_id=agents[i % 2] if i % 4 else None,
                     disposition="reached" if i % 3 else "busy", satisfaction=i % 10 or None,
                     task_id=task if i % 3 == 0 else None, reasons="churn_risk" if i == 5 else "")

    def rollup() -> dict:
        with db.session() as s:
            return {
                "days": sorted((r.day, r.agent_key, r.calls, r.reached, r.score_sum, r.scored, r.wrap_sum, r.wrapped,
                                r.refills) for r in s.query(CallDay) if r.calls),
                "members": sorted((r.kind, r.day, r.prev_day, r.members) for r in s.query(CallDayMembers) if r.members),
                "hours": sorted((r.hour, r.disposition, r.calls, r.score_sum, r.scored) for r in s.query(CallHour)
                                if r.calls),
            }

    kept = rollup()
    assert kept["members"] and kept["days"] and kept["hours"]
    migrate.downgrade(engine, "0020_rank_reserved")
    assert not {"call_days", "call_day_members", "call_hours"} & set(inspect(engine).get_table_names())
    migrate.upgrade(engine)
    assert rollup() == kept
    db.dispose()
    engine.dispose()
