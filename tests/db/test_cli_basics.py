"""caredesk-admin basics: db upgrade, user add, global options and clear errors."""

import io

import pytest
from sqlalchemy import select

from app.cli.main import main, make_clock
from app.config import Config
from app.data import migrate
from app.data.tables import User
from app.data.uow import Database
from app.services.users import authenticate


def test_db_upgrade_creates_the_schema_on_both_engines(request, tmp_path, capsys):
    urls = [f"sqlite:///{tmp_path / 'fresh.db'}", request.getfixturevalue("pg_new_database")()]
    for url in urls:
        assert main(["--db", url, "db", "upgrade"]) == 0
        database = Database.from_url(url)
        assert migrate.is_at_head(database.engine)
        database.dispose()
        assert main(["db", "status", "--db", url]) == 0
    assert "schema at" in capsys.readouterr().out


def test_user_add_stores_an_argon2_hash_and_the_user_can_sign_in(db_url, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-pass\n"))
    assert main(["--db", db_url, "user", "add", "li", "--role", "supervisor", "--password-stdin"]) == 0
    database = Database.from_url(db_url)
    with database.session() as s:
        user = s.scalars(select(User)).one()
        assert user.role == "supervisor"
        assert user.password_hash.startswith("$argon2")
        assert "s3cret-pass" not in user.password_hash
    assert authenticate(database, "li", "s3cret-pass").username == "li"
    assert authenticate(database, "li", "wrong-pass") is None
    database.dispose()


def test_user_add_refuses_a_duplicate_and_a_short_password(sqlite_url, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("long-enough\n"))
    assert main(["--db", sqlite_url, "user", "add", "li", "--role", "agent", "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("long-enough\n"))
    assert main(["--db", sqlite_url, "user", "add", "li", "--role", "agent", "--password-stdin"]) == 1
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["--db", sqlite_url, "user", "add", "wang", "--role", "agent", "--password-stdin"]) == 1
    err = capsys.readouterr().err
    assert "already exists" in err
    assert "password: at least 8 characters" in err


def test_bad_role_and_bad_date_exit_with_usage_errors(sqlite_url):
    with pytest.raises(SystemExit) as bad_role:
        main(["--db", sqlite_url, "user", "add", "li", "--role", "boss"])
    assert bad_role.value.code == 2
    with pytest.raises(SystemExit) as bad_date:
        main(["--today", "2026-13-01", "db", "status", "--db", sqlite_url])
    assert bad_date.value.code == 2


def test_today_and_at_fix_the_clock_in_the_workstation_zone(monkeypatch):
    from datetime import date, time

    clock = make_clock(date(2026, 6, 1), time(9, 30))
    assert clock.local_now().strftime("%Y-%m-%d %H:%M") == "2026-06-01 09:30"
    assert clock.now().utcoffset().total_seconds() == 0
    assert make_clock(date(2026, 6, 1), None).local_now().hour == 10


def test_database_url_comes_from_option_then_environment_then_embedded(monkeypatch, tmp_path):
    monkeypatch.setenv("CAREDESK_DATABASE_URL", "postgresql://u@h/db")
    assert Config.from_env("sqlite:///x.db").database_url == "sqlite:///x.db"
    assert Config.from_env(None).database_url == "postgresql://u@h/db"
    monkeypatch.delenv("CAREDESK_DATABASE_URL")
    embedded = Config.from_env(None)
    assert embedded.is_embedded and embedded.database_url.endswith("caredesk.db")


def test_unreachable_server_gives_a_clear_error(capsys):
    assert main(["--db", "postgresql://nobody@127.0.0.1:1/none", "db", "upgrade"]) == 1
    assert "cannot reach the database" in capsys.readouterr().err


def test_a_named_command_parses_as_with_every_command_loaded():
    """Only the named command's module is imported; every top-level command must still be found."""
    from app.cli.main import COMMAND_MODULES, build_parser

    choices = build_parser()._subparsers._group_actions[0].choices
    assert set(choices) == set(COMMAND_MODULES)
    for command in choices:
        alone = build_parser(["--db", "sqlite://", command])._subparsers._group_actions[0].choices
        assert command in alone and len(alone) < len(choices)
