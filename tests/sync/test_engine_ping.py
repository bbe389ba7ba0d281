"""The pool pings a connection only after it sat idle (app.data.engine.PING_AFTER_IDLE_S):
a connection the server dropped while idle is replaced without an error, and one back in
use at once costs no round trip."""

import time

from sqlalchemy import event, text

from app.data import engine as engines


def _pid(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT pg_backend_pid()")).scalar()


def _pings(engine) -> list[int]:
    pings = []
    real = engine.dialect.do_ping

    def counted(dbapi_conn):
        pings.append(1)
        return real(dbapi_conn)
    engine.dialect.do_ping = counted
    return pings


def test_a_connection_dropped_while_idle_is_replaced_without_an_error(pg_url, monkeypatch):
    monkeypatch.setattr(engines, "PING_AFTER_IDLE_S", 0.05)
    engine, admin = engines.make_engine(pg_url), engines.make_engine(pg_url)
    try:
        dropped = _pid(engine)
        with admin.connect() as conn:
            assert conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": dropped}).scalar()
        time.sleep(0.2)
        assert _pid(engine) != dropped  # no OperationalError: the ping found it dead
    finally:
        engine.dispose()
        admin.dispose()


def test_a_connection_back_in_use_at_once_is_not_pinged(pg_url, monkeypatch):
    monkeypatch.setattr(engines, "PING_AFTER_IDLE_S", 30.0)
    engine = engines.make_engine(pg_url)
    try:
        pings = _pings(engine)
        statements = []
        event.listen(engine, "before_cursor_execute", lambda *a: statements.append(1))
        first = _pid(engine)
        assert [_pid(engine) for _ in range(5)] == [first] * 5  # the same pooled connection
        assert pings == [] and len(statements) == 6
        monkeypatch.setattr(engines, "PING_AFTER_IDLE_S", 0.0)
        time.sleep(0.01)
        assert _pid(engine) == first and pings == [1]  # idle: pinged, still alive
    finally:
        engine.dispose()
