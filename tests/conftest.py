"""Root fixtures: offscreen Qt, a fixed clock, and migrated databases on both engines.

PostgreSQL: one throwaway cluster per test run (started here unless TEST_DATABASE_URL is
given), one migrated database, tables truncated after each test. With CI=true a missing
PostgreSQL fails the run instead of skipping.
"""

import gc
import os
import shutil
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TZ", "Asia/Shanghai")

from app.data.base import Base  # noqa: E402
from app.data.engine import make_engine  # noqa: E402
from app.data.migrate import upgrade  # noqa: E402
from app.data.uow import Database  # noqa: E402
from app.domain.clock import Clock  # noqa: E402
from tests.support.pgcluster import Cluster, PostgresUnavailable, start_cluster  # noqa: E402

SHANGHAI = ZoneInfo("Asia/Shanghai")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch) -> None:
    """No test may touch the real user data folder or the developer's configured server."""
    monkeypatch.setenv("CAREDESK_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))
    monkeypatch.delenv("CAREDESK_DATABASE_URL", raising=False)


@pytest.fixture
def clock() -> Clock:
    """Monday 2026-06-15, 10:00 in Shanghai."""
    return Clock.fixed(date(2026, 6, 15), time(10, 0), tz=SHANGHAI)


# --- SQLite -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def sqlite_url(sqlite_template, tmp_path) -> str:
    path = tmp_path / "caredesk.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def sqlite_db(sqlite_url) -> Iterator[Database]:
    database = Database.from_url(sqlite_url)
    yield database
    database.dispose()


# --- PostgreSQL ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster | None]:
    """The run's own cluster, or None when TEST_DATABASE_URL points at an existing server."""
    if os.environ.get("TEST_DATABASE_URL"):
        yield None
        return
    try:
        cluster = start_cluster()
    except PostgresUnavailable as exc:
        if IN_CI:
            pytest.fail(f"PostgreSQL is required under CI=true: {exc}")
        pytest.skip(f"PostgreSQL not available: {exc}")
    try:
        yield cluster
    finally:
        cluster.destroy()


_pg_counter = iter(range(1, 1_000_000))


@pytest.fixture(scope="session")
def pg_new_database(pg_cluster):
    """A factory of fresh, empty databases on the cluster (for migration and process tests)."""

    def create() -> str:
        name = f"caredesk_{next(_pg_counter)}"
        if pg_cluster is not None:
            return pg_cluster.createdb(name)
        base = os.environ["TEST_DATABASE_URL"]
        engine = make_engine(base)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return engine.url.set(database=name).render_as_string(hide_password=False)

    return create


@pytest.fixture
def default_thresholds():
    """Python's collector at CPython's default thresholds for the test, the process's after."""
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


@pytest.fixture(scope="module")
def team(pg_cluster, pg_new_database):
    """A team-mode server (tests/security/team.py: login roles, SCRAM for the group members),
    one per module that asks for it; a module extends it by a fixture of the same name."""
    from tests.security.team import build_team, require_scram_for_group_members

    if pg_cluster is None:
        pytest.skip("needs the run's own cluster (creates login roles, edits pg_hba.conf)")
    require_scram_for_group_members(pg_cluster)
    return build_team(pg_new_database())


@pytest.fixture(scope="session")
def pg_session_url(pg_new_database) -> str:
    url = pg_new_database()
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


_OWNED_SEQUENCES = """SELECT setval(s.oid, 1, false) FROM pg_class s
JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.deptype IN ('a', 'i')
JOIN pg_class t ON t.oid = d.refobjid
JOIN pg_sequences q ON q.schemaname = current_schema() AND q.sequencename = s.relname
WHERE s.relkind = 'S' AND t.relname = ANY(%(tables)s) AND q.last_value IS NOT NULL"""


def _truncate_all(database: Database) -> None:
    """Empty every table the test filled and restart their ids. Only the filled ones are
    truncated (a TRUNCATE of all sixty tables costs 0.1-0.3 s, after each of ~700 tests)."""
    names = [t.name for t in Base.metadata.sorted_tables]
    probe = " UNION ALL ".join(f"SELECT '{n}' WHERE EXISTS (SELECT 1 FROM \"{n}\")" for n in names)
    with database.engine.begin() as conn:
        filled = [row[0] for row in conn.exec_driver_sql(probe)]
        if filled:
            conn.exec_driver_sql("TRUNCATE " + ", ".join(f'"{n}"' for n in filled) + " CASCADE")
        conn.exec_driver_sql(_OWNED_SEQUENCES, {"tables": names})


@pytest.fixture
def pg_url(pg_session_url) -> Iterator[str]:
    """The shared migrated database, emptied after the test."""
    yield pg_session_url
    database = Database.from_url(pg_session_url)
    _truncate_all(database)
    database.dispose()


@pytest.fixture
def pg_db(pg_url) -> Iterator[Database]:
    database = Database.from_url(pg_url)
    yield database
    database.dispose()


# --- both engines -------------------------------------------------------------------------

@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request) -> str:
    """A migrated, empty database URL on each engine in turn."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


@pytest.fixture
def db(db_url) -> Iterator[Database]:
    database = Database.from_url(db_url)
    yield database
    database.dispose()
