"""The start-up check: is the server's schema the one this CareDesk expects, and is it there?"""

import pytest

from app.data.migrate import downgrade, head_revision, upgrade
from app.data.uow import Database
from app.sync.server_check import (
    SchemaMismatch, ServerUnreachable, check_server, is_unreachable, server_status,
)


def test_migrated_server_passes(pg_db):
    status = check_server(pg_db)
    assert status.at_head and status.revision == head_revision()


def test_empty_or_old_server_says_to_run_the_upgrade(pg_new_database):
    db = Database.from_url(pg_new_database())
    try:
        with pytest.raises(SchemaMismatch) as empty:
            check_server(db)
        assert "caredesk-admin db upgrade" in str(empty.value) and empty.value.found is None
        upgrade(db.engine)
        check_server(db)
        downgrade(db.engine, "base")
        with pytest.raises(SchemaMismatch):
            check_server(db)
    finally:
        db.dispose()


def test_unreachable_server_is_a_known_error():
    db = Database.from_url("postgresql+psycopg://postgres@127.0.0.1:9/caredesk?connect_timeout=2")
    try:
        with pytest.raises(ServerUnreachable) as down:
            server_status(db)
    finally:
        db.dispose()
    assert "cannot reach" in str(down.value)
    assert is_unreachable(down.value.__cause__)


def test_ordinary_errors_are_not_mistaken_for_an_outage():
    assert not is_unreachable(ValueError("bad"))
    assert not is_unreachable(KeyError("x"))
