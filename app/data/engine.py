"""Engines for the two supported databases: embedded SQLite and PostgreSQL (psycopg 3)."""

import time
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url

SQLITE_BUSY_TIMEOUT_MS = 10_000
PG_CONNECT_TIMEOUT_S = 5
# A pooled connection idle longer than this is pinged before it is handed out. One back in
# use sooner is not: a busy workstation's every session would pay a round trip (a claim
# is about ten), and a connection the server dropped since fails its statement, which
# invalidates the pool, so only that one attempt fails.
PING_AFTER_IDLE_S = 1.0


def normalize_url(url: str) -> str:
    """Accept plain `postgresql://` URLs and use the psycopg 3 driver for them."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def url_for_user(url: str, username: str, password: str) -> str:
    """The server URL with a user's own login (team mode: each user is a database role)."""
    parsed = make_url(normalize_url(url)).set(username=username, password=password)
    return parsed.render_as_string(hide_password=False)


# A server behind a dropped network must fail fast, not hang a worker for minutes on TCP.
_PG_CONNECT_ARGS = {"connect_timeout": PG_CONNECT_TIMEOUT_S, "keepalives": 1, "keepalives_idle": 30,
                    "keepalives_interval": 10, "keepalives_count": 3}
# claim_next's statements, which the driver prepares, planned once for any values (generic
# plans) instead of afresh on every claim (the candidates' first read's planning was 1.1 ms
# of a claim's 3.6 ms of server time), and without parallel workers (the lapsed arm's generic
# plan started two for its few rows).
CLAIM_SETTINGS = {"plan_cache_mode": "force_generic_plan", "max_parallel_workers_per_gather": "0"}


def make_engine(url: str, *, echo: bool = False) -> Engine:
    url = normalize_url(url)
    if url.startswith("sqlite"):
        return _sqlite_engine(url, echo=echo)
    engine = create_engine(url, echo=echo, pool_size=5, max_overflow=5, connect_args=_PG_CONNECT_ARGS,
                           hide_parameters=True)
    _ping_when_idle(engine)
    return engine


def make_claims_engine(url: str) -> Engine:
    """PostgreSQL: claim_next's own connections, autocommit, with CLAIM_SETTINGS from the
    start (no statement to set them, none to put them back; no other statement runs with
    them). A small pool: one claim at a time is the rule for a workstation."""
    parsed = make_url(normalize_url(url))
    given = parsed.query.get("options", "")
    options = " ".join([*([given] if given else []), *(f"-c {k}={v}" for k, v in CLAIM_SETTINGS.items())])
    engine = create_engine(parsed.difference_update_query(["options"]), pool_size=1, max_overflow=4,
                           isolation_level="AUTOCOMMIT", connect_args={**_PG_CONNECT_ARGS, "options": options},
                           hide_parameters=True)
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """SQLAlchemy's pre-ping, for connections idle more than PING_AFTER_IDLE_S only."""

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_conn, record) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _handed_out(dbapi_conn, record, _proxy) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since <= PING_AFTER_IDLE_S:
            return  # new, or back in use at once
        try:
            engine.dialect.do_ping(dbapi_conn)
        except engine.dialect.loaded_dbapi.Error as error:
            # The pool discards this connection and hands out a fresh one.
            raise exc.DisconnectionError() from error


def _sqlite_engine(url: str, *, echo: bool) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    # hide_parameters: a database error (logged, shown in a crash report) must not carry the
    # phone numbers, notes or health data that were bound into the statement.
    engine = create_engine(url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
                           hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record) -> None:
        # pysqlite's own BEGIN handling is disabled so that BEGIN IMMEDIATE works (see below).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # FULL: in WAL mode each commit is flushed before it returns, so a saved outcome
        # survives a power cut, as the README says (NORMAL would lose the last commits).
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        # Writers take the lock up front (BEGIN IMMEDIATE): one writer at a time and no
        # failed lock upgrades; readers stay deferred so they never wait in WAL mode.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine
