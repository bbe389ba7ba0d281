"""A team-mode server for the security tests: a fresh migrated database on the run's cluster,
users made with `caredesk-admin --db OWNER_URL user add` (its main, in this process), members and tasks seeded as the owner.

Group members must give their password (SCRAM) even though the throwaway cluster trusts the
owner: a pg_hba.conf line is put first for `+caredesk_agent` and the server reloaded.
"""

import contextlib
import io
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from app.data.engine import make_engine, url_for_user
from app.data.migrate import upgrade
from app.data.tables import HealthProfile
from app.data.uow import Database
from tests.support.factories import make_member
from tests.sync.support import make_task

PASSWORD = "team-password-1"
HBA_LINE = "host all +caredesk_agent 127.0.0.1/32 scram-sha-256\n"


def require_scram_for_group_members(cluster) -> None:
    hba = cluster.data / "pg_hba.conf"
    text = hba.read_text()
    if HBA_LINE not in text:
        hba.write_text(HBA_LINE + text)
        cluster.pg_ctl("reload")


def admin_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *args], input=stdin, capture_output=True, text=True,
                          timeout=120)


def admin_main(*args: str, stdin: str = "") -> tuple[int, str]:
    """The same command in this process (a fixture making five users needs no five interpreters)."""
    from app.cli.main import main

    out = io.StringIO()
    saved, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out):
            code = main(list(args))
    finally:
        sys.stdin = saved
    return code, out.getvalue()


def zone_at_one_pm() -> str:
    """A fixed-offset zone where it is about 13:00 now, so calling windows are open whenever tests run."""
    offset = (13 - datetime.now(UTC).hour + 12) % 24 - 12  # hours east of UTC, -12..11
    return "Etc/GMT" + (f"{-offset:+d}" if offset else "")


@dataclass
class Team:
    owner_url: str
    suffix: str
    names: dict[str, str] = field(default_factory=dict)  # "agent" -> login name
    ids: dict[str, int] = field(default_factory=dict)
    member: dict[str, int] = field(default_factory=dict)  # "mine", "theirs", "pool"
    task: dict[str, int] = field(default_factory=dict)

    def url(self, who: str, password: str = PASSWORD) -> str:
        return url_for_user(self.owner_url, self.names[who], password)

    def db(self, who: str) -> Database:
        return Database.from_url(self.url(who))


def build_team(owner_url: str) -> Team:
    engine = make_engine(owner_url)
    upgrade(engine)
    engine.dispose()
    team = Team(owner_url=owner_url, suffix=uuid.uuid4().hex[:6])
    for who, role, extra in (("agent", "agent", ()), ("other", "agent", ()), ("nurse", "agent", ("--health-data",)),
                             ("supervisor", "supervisor", ()), ("admin", "admin", ())):
        name = f"{who}_{team.suffix}"
        code, out = admin_main("--db", owner_url, "user", "add", name, "--role", role, *extra, "--password-stdin",
                               stdin=PASSWORD + "\n")
        assert code == 0, out
        team.names[who] = name
        team.ids[who] = int(out.rsplit("id", 1)[1])
    owner = Database.from_url(owner_url)
    now = datetime.now(UTC)
    zone = zone_at_one_pm()
    with owner.session(write=True) as s:
        for key, phone, assigned in (("mine", "+8613812345678", team.ids["agent"]),
                                     ("theirs", "+8613912345679", team.ids["other"]),
                                     ("pool", "+8613712345670", None)):
            # The agent is the care manager of "mine": it stays theirs after do-not-call ends its tasks.
            member = make_member(s, at=now - timedelta(days=30), phone=phone, timezone=zone, name=f"会员{key}",
                                 owner_id=team.ids["agent"] if key == "mine" else None)
            s.add(HealthProfile(member_id=member.id, conditions="高血压", updated_at=now))
            task = make_task(s, member.id, at=now)
            task.assigned_agent_id = assigned
            team.member[key], team.task[key] = member.id, task.id
    owner.dispose()
    return team


def connect(team: Team, who: str, password: str = PASSWORD) -> psycopg.Connection:
    """Plain SQL with a user's own login, as with psql."""
    return psycopg.connect(team.url(who, password).replace("postgresql+psycopg://", "postgresql://"))


def refused(team: Team, who: str, statement: str, params=None) -> None:
    with connect(team, who) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(statement, params)


def rows(team: Team, who: str, statement: str, params=None) -> list[tuple]:
    with connect(team, who) as conn:
        return conn.execute(statement, params).fetchall()


def owner_rows(team: Team, statement: str, params=None) -> list[tuple]:
    with psycopg.connect(team.owner_url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        return conn.execute(statement, params).fetchall()
