"""docs/team-mode.md works as written: its SQL, then its caredesk-admin commands, then a
workstation on the app role checks the schema, signs in and saves an outcome."""

import re
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from app.data.uow import Database
from app.services.auth import authenticate
from app.sync.server_check import check_server
from app.sync.journal import Journal
from app.sync.outbox import server_save
from app.sync.pusher import Pusher
from tests.sync.support import reached_payload, seed_agents

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
    names = {"caredesk_owner": f"owner_{suffix}", "caredesk_app": f"app_{suffix}"}
    for old, new in names.items():
        sql = sql.replace(old, new)
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
        args = [owner if a == '"$OWNER_URL"' else a for a in args]
        result = subprocess.run([str(ADMIN), *args[1:]], input=stdin, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"{line}\n{result.stdout}\n{result.stderr}"

    # A workstation on the app role (no DDL rights) works: schema check, sign-in, a saved outcome.
    app_url = target.set(drivername="postgresql+psycopg", username=names["caredesk_app"], password="app-password-here")
    owner_db = Database.from_url(owner_url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False))
    app_db = Database.from_url(app_url.render_as_string(hide_password=False))
    try:
        check_server(app_db)
        assert authenticate(app_db, "wangfang", "first-password") is not None
        (agent,) = seed_agents(owner_db, agents=1, tasks_each=1, at=clock.now())
    finally:
        owner_db.dispose()
    try:
        with Journal(tmp_path / "journal.db") as journal:
            cid = str(uuid.uuid4())
            journal.record(client_id=cid, task_id=agent.task_ids[0], agent=agent.username, payload=reached_payload(cid))
            report = Pusher(journal, server_save(app_db)).push_once()
        assert report.delivered == 1 and report.pending == 0
    finally:
        app_db.dispose()
