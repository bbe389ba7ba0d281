"""caredesk-admin dial, in a subprocess on both engines, against SIPp: one JSON line per
event ending with the issue's keys and no softphone left running; exit 1 for a refused dial
that reaches no peer; exit 2 when the softphone cannot be started; the number never printed."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.data.tables import Member
from tests.support.call_world import build_world

pytestmark = pytest.mark.sip


def dial(db_url, task_id, *extra, env=None):
    return subprocess.run(
        [sys.executable, "-m", "app", "dial", "--task", str(task_id), "--agent", "li", "--json",
         "--db", db_url, "--today", "2026-06-15", "--at", "10:00", *extra],
        capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})})


def softphones_started_in(folder: Path) -> list[int]:
    """Pids of live baresip processes whose config folder is under `folder`."""
    pids = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue  # gone meanwhile
        if argv[0].endswith(b"baresip") and str(folder).encode() in b" ".join(argv):
            pids.append(int(proc.name))
    return pids


def test_busy_call_prints_each_event_and_the_ended_line(db_url, db, clock, sipp, sip_tools, tmp_path):
    w = build_world(db, clock)
    peer = sipp("busy")
    # The softphone's config folder goes under tmp_path, so what the command started can be found.
    result = dial(db_url, w.task_id, "--sip-trunk", peer.trunk, env={"TMPDIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["event"] for line in lines] == ["dialling", "ringing", "ended"]
    assert lines[-1] == {"event": "ended", "sip_status": 486, "talk_seconds": 0.0, "hung_up_by": "member",
                         "proposed_disposition": "busy"}
    assert "13812345678" not in result.stdout + result.stderr
    assert peer.wait() == 0
    # Nothing is left running and the folder (it may hold the SIP password) is gone.
    assert softphones_started_in(tmp_path) == [] and list(tmp_path.glob("caredesk-baresip-*")) == []


def test_trunk_from_the_environment_and_a_reached_call(db_url, db, clock, sipp, sip_tools):
    w = build_world(db, clock)
    peer = sipp("answer_member_hangs_up")
    result = dial(db_url, w.task_id, env={"CAREDESK_SIP_TRUNK": peer.trunk})
    assert result.returncode == 0, result.stderr
    ended = json.loads(result.stdout.splitlines()[-1])
    assert (ended["proposed_disposition"], ended["hung_up_by"], ended["sip_status"]) == ("reached", "member", 200)
    assert ended["talk_seconds"] >= 1.3


def test_refused_dial_exits_1_naming_the_rule_and_reaches_no_peer(db_url, db, clock, sipp, sip_tools):
    w = build_world(db, clock)
    with db.session(write=True) as s:
        s.get(Member, w.member_id).do_not_call = True
    peer = sipp("busy")
    result = dial(db_url, w.task_id, "--sip-trunk", peer.trunk)
    assert result.returncode == 1
    assert "do_not_call" in result.stderr and result.stdout == ""
    assert peer.invites_received() == 0


def test_softphone_that_cannot_start_exits_2(db_url, db, clock, tmp_path):
    w = build_world(db, clock)
    result = dial(db_url, w.task_id, "--sip-trunk", "127.0.0.1:5999", env={"PATH": str(tmp_path)})
    assert result.returncode == 2
    assert "softphone" in result.stderr and "cannot start baresip" in result.stderr
