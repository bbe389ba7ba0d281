"""docs/team-mode.md works as written: its SQL, then its caredesk-admin commands, then a
workstation signs in with the agent's own login, checks the schema and saves an outcome."""

import re
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from sqlalchemy import select, text

from app.data.tables import User
from app.data.uow import Database
from app.services.users import SignInRefused, sign_in_to_server
from app.sync.server_check import check_server
from app.sync.journal import Journal
from app.sync.outbox import server_save
from app.sync.pusher import Pusher
from tests.security.team import require_scram_for_group_members
from tests.support.factories import make_member
from tests.sync.support import make_task, reached_payload, zone_in_window_now

DOC = Path(__file__).resolve().parents[2] / "docs" / "team-mode.md"
ADMIN = Path(sys.executable).with_name("caredesk-admin")

pytestmark = pytest.mark.postgres


def _blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def _statements(sql: str) -> list[str]:
    return [s.strip() for s in sql.split(";") if s.strip()]


def test_the_documented_setup_gives_a_working_server(pg_cluster, clock, tmp_path):
    if pg_cluster is None:
        pytest.skip("needs the run's own cluster (creates roles)")
    suffix = uuid.uuid4().hex[:6]
    sql = _blocks("sql")[0]
    require_scram_for_group_members(pg_cluster)  # as the documented pg_hba.conf: passwords checked
    names = {"caredesk_owner": f"owner_{suffix}", "wangfang": f"wangfang_{suffix}", "admin1": f"admin1_{suffix}",
             "super1": f"super1_{suffix}"}
    sql = sql.replace("caredesk_owner", names["caredesk_owner"])
    sql = sql.replace("DATABASE caredesk ", f"DATABASE team_{suffix} ").replace(r"\connect caredesk",
                                                                                  rf"\connect team_{suffix}")
    before, after = sql.split(rf"\connect team_{suffix}")
    superuser = make_url(pg_cluster.url("postgres")).set(drivername="postgresql")
    with psycopg.connect(superuser.render_as_string(hide_password=False), autocommit=True) as conn:
        for statement in _statements(before):
            conn.execute(statement)
    target = superuser.set(database=f"team_{suffix}")
    with psycopg.connect(target.render_as_string(hide_password=False), autocommit=True) as conn:
        for statement in _statements(after):
            conn.execute(statement)

    # The administrator's commands, as written (host and passwords swapped for this cluster's).
    owner_url = target.set(username=names["caredesk_owner"], password="owner-password-here")
    owner = owner_url.render_as_string(hide_password=False)
    shell = _blocks("sh")[0]
    commands = [line for line in shell.splitlines() if line.startswith(("caredesk-admin", "printf"))]
    for line in commands:
        line = line.split("#")[0].strip()
        if " user add " in line and "--password-stdin" not in line:  # interactive: typed twice
            line += " --password-stdin"
            stdin = "typed-password\n"
        elif line.startswith("printf"):
            stdin = "first-password\n"
            line = line.split("|", 1)[1].strip()
        else:
            stdin = ""
        args = re.findall(r"'[^']*'|\S+", line)
        args = [a.strip("'") for a in args]
        args = [owner if a == '"$OWNER_URL"' else names.get(a, a) for a in args]  # login roles are cluster-wide
        result = subprocess.run([str(ADMIN), *args[1:]], input=stdin, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"{line}\n{result.stdout}\n{result.stderr}"

    # A workstation signs in with the agent's own login (no user or password in its URL).
    server = target.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    agent = names["wangfang"]
    with pytest.raises(SignInRefused):
        sign_in_to_server(server, agent, "not-the-password")
    owner_db = Database.from_url(owner_url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False))
    try:
        with owner_db.session(write=True) as s:
            assert s.scalar(select(User.id).where(User.username == agent)) is not None
            member = make_member(s, at=clock.now(), phone="+8613900001111", timezone=zone_in_window_now())
            task_id = make_task(s, member.id, at=clock.now()).id
    finally:
        owner_db.dispose()
    session = sign_in_to_server(server, agent, "first-password")
    try:
        check_server(session.db)
        with session.db.session() as s:
            assert s.scalar(text("SELECT current_user")) == agent
        with Journal(tmp_path / "journal.db") as journal:
            cid = str(uuid.uuid4())
            journal.record(client_id=cid, task_id=task_id, agent=agent, payload=reached_payload(cid))
            report = Pusher(journal, server_save(session.db)).push_once()
        assert report.delivered == 1 and report.pending == 0
    finally:
        session.db.dispose()
