"""Sign-in: lockout after 5 failures for 15 minutes, unknown names cost the same, every try audited."""

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.cli.main import main
from app.data.tables import AuditEntry
from app.data.uow import Database
from app.domain.clock import Clock
from app.services import users
from app.services.errors import PermissionDenied
from app.services.users import SYSTEM, SignInRefused, sign_in


@pytest.fixture
def database(db_url, clock):
    database = Database.from_url(db_url)
    users.add_user(database, SYSTEM, clock, username="wang", role="agent", password="right-password")
    yield database
    database.dispose()


def _actions(database: Database) -> list[tuple[str, str | None]]:
    with database.session() as session:
        rows = session.execute(select(AuditEntry.action, AuditEntry.entity_id)
                               .where(AuditEntry.action.like("signin.%")).order_by(AuditEntry.id))
        return [tuple(r) for r in rows]


def test_five_failures_lock_the_user_for_fifteen_minutes(database, clock):
    for _ in range(5):
        with pytest.raises(SignInRefused, match="wrong user name or password"):
            sign_in(database, clock, "wang", "wrong-password")
    with pytest.raises(SignInRefused, match="locked until"):
        sign_in(database, clock, "wang", "right-password")
    later = Clock(tz=clock.tz, fixed_at=clock.now() + timedelta(minutes=14, seconds=59))
    with pytest.raises(SignInRefused, match="locked"):
        sign_in(database, later, "wang", "right-password")
    after = Clock(tz=clock.tz, fixed_at=clock.now() + timedelta(minutes=15, seconds=1))
    assert sign_in(database, after, "wang", "right-password").username == "wang"
    assert [a for a, _ in _actions(database)] == [
        *["signin.failed"] * 4, "signin.locked", "signin.failed", "signin.refused", "signin.refused", "signin.ok"]


def test_a_success_resets_the_failure_count(database, clock):
    for _ in range(4):
        with pytest.raises(SignInRefused):
            sign_in(database, clock, "wang", "wrong-password")
    assert sign_in(database, clock, "wang", "right-password").username == "wang"
    for _ in range(4):
        with pytest.raises(SignInRefused):
            sign_in(database, clock, "wang", "wrong-password")
    assert sign_in(database, clock, "wang", "right-password").username == "wang"


def test_unknown_names_answer_and_lock_exactly_like_known_ones(database, clock):
    answers = {}
    for name in ("wang", "nobody"):
        messages = []
        for _ in range(6):
            with pytest.raises(SignInRefused) as refused:
                sign_in(database, clock, name, "wrong-password")
            messages.append(str(refused.value).replace(repr(name), "NAME"))
        answers[name] = messages
    assert answers["wang"] == answers["nobody"]


def test_unknown_names_cost_one_argon2_verification_like_known_ones(database, clock, monkeypatch):
    # Equal time is equal work: exactly one argon2 verify per try, with the same parameters.
    from app.services.users import signin

    calls: list[str] = []
    real = signin.verify_password
    monkeypatch.setattr(signin, "verify_password", lambda h, p: calls.append(h) or real(h, p))
    for name in ("wang", "nobody", ""):
        with pytest.raises(SignInRefused):
            sign_in(database, clock, name, "wrong-password")
    assert len(calls) == 3
    params = {h.split("$")[3] for h in calls}  # m=...,t=...,p=...
    assert len(params) == 1 and all(h.startswith("$argon2id$") for h in calls)


def test_every_sign_in_and_failure_is_audited(database, clock):
    sign_in(database, clock, "wang", "right-password")
    with pytest.raises(SignInRefused):
        sign_in(database, clock, "wang", "wrong-password")
    with pytest.raises(SignInRefused):
        sign_in(database, clock, "ghost", "whatever-pass")
    assert _actions(database) == [("signin.ok", "wang"), ("signin.failed", "wang"), ("signin.failed", "ghost")]
    with database.session() as session:
        details = [d for (d,) in session.execute(select(AuditEntry.detail).where(AuditEntry.action == "signin.failed"))]
    assert [d["reason"] for d in details] == ["wrong_password", "unknown_user"]
    assert all("wrong-password" not in str(d) and "whatever-pass" not in str(d) for d in details)


def test_cli_signin_exits_0_accepted_and_1_refused(db_url, database, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("right-password\n"))
    assert main(["--db", db_url, "signin", "wang", "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("wrong-password\n"))
    assert main(["--db", db_url, "signin", "wang", "--password-stdin"]) == 1
    assert "wrong user name or password" in capsys.readouterr().err


def test_admin_commands_lock_unlock_disable_enable_reset(db_url, database, clock, monkeypatch):
    def signin(password: str = "right-password") -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
        return main(["--db", db_url, "signin", "wang", "--password-stdin"])

    assert main(["--db", db_url, "user", "lock", "wang"]) == 0
    assert signin() == 1
    assert main(["--db", db_url, "user", "unlock", "wang"]) == 0
    assert signin() == 0
    assert main(["--db", db_url, "user", "disable", "wang"]) == 0
    assert signin() == 1
    assert main(["--db", db_url, "user", "enable", "wang"]) == 0
    assert signin() == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("a-new-password\n"))
    assert main(["--db", db_url, "user", "reset-password", "wang", "--password-stdin"]) == 0
    assert signin() == 1
    assert signin("a-new-password") == 0
    assert main(["--db", db_url, "user", "lock", "nobody"]) == 1


def test_only_admins_manage_users(database, clock):
    supervisor = users.add_user(database, SYSTEM, clock, username="zhao", role="supervisor", password="password-1")
    for attempt in (lambda: users.lock_user(database, supervisor, clock, "wang"),
                    lambda: users.set_active(database, supervisor, clock, "wang", active=False),
                    lambda: users.reset_password(database, supervisor, clock, "wang", "password-2"),
                    lambda: users.add_user(database, supervisor, clock, username="x", role="admin", password="password-3")):
        with pytest.raises(PermissionDenied):
            attempt()
