"""Lockout and retention are the "security" section of the centre-wide settings, on both
engines: the sign-in and the retention read it, only admins change it, and migration
0009_security_settings_section moves the old security_settings rows into it."""

from datetime import timedelta

import pytest
from sqlalchemy import inspect, text

from app.data import migrate
from app.data.engine import make_engine
from app.data.uow import Database
from app.services import settings, users
from app.services.errors import PermissionDenied, ValidationError
from app.services.users import SYSTEM, SignInRefused, sign_in


def test_the_lockout_follows_the_security_section(db, clock):
    users.add_user(db, SYSTEM, clock, username="wang", role="agent", password="right-password")
    agent = users.actor_by_name(db, "wang")
    with pytest.raises(PermissionDenied):
        settings.update_settings(db, agent, clock, "security", {"max_failures": "9"})
    with pytest.raises(ValidationError):
        settings.update_settings(db, SYSTEM, clock, "security", {"max_failures": "0"})
    settings.update_settings(db, SYSTEM, clock, "security", {"max_failures": "2", "lock_for": "1h"})
    assert settings.show_settings(db, agent, "security") == {
        "max_failures": 2, "lock_for": "1h", "call_notes_retention_days": 0}
    for _ in range(2):
        with pytest.raises(SignInRefused):
            sign_in(db, clock, "wang", "wrong-password")
    with pytest.raises(SignInRefused) as locked:
        sign_in(db, clock, "wang", "right-password")
    assert locked.value.reason == "locked" and locked.value.until == clock.now() + timedelta(hours=1)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    return request.getfixturevalue("pg_new_database")()


def _before() -> str:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    return script.get_revision("0009_security_settings_section").down_revision


def test_migration_moves_the_retention_row_into_the_section_and_back(empty_url):
    engine = make_engine(empty_url)
    before = _before()
    try:
        migrate.upgrade(engine, before)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO security_settings (key, value) VALUES ('call_notes_retention_days', '30')"))
        migrate.upgrade(engine)
        assert "security_settings" not in inspect(engine).get_table_names()
        db = Database(engine)
        assert settings.show_settings(db, SYSTEM, "security")["call_notes_retention_days"] == 30
        migrate.downgrade(engine, before)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT key, value FROM security_settings")).all() == [
                ("call_notes_retention_days", "30")]
    finally:
        engine.dispose()
