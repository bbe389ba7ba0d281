"""Statistics that last (issue 13): after a queue build, another process's planner reads a
member's open tasks through the member index, not by scanning every open task, and the
stored rank's best members through the arm's index, not by scanning every member."""

import subprocess
import sys
from datetime import timedelta

from sqlalchemy import insert, select

from app.data.tables import FollowUpTask, Member
from app.data.uow import Database
from app.services import queue
from app.services.users import SYSTEM

MEMBERS = 6000

# What rank.py runs for every candidate member: that member's open tasks.
_PROBE = ("SELECT id FROM follow_up_tasks WHERE member_id IN (11, 12, 13) "
          "AND status IN ('open', 'claimed')")

# What rank_store reads first for the pool: its best members, with their member rows.
_RANK_PROBE = ("SELECT queue_rank.member_id, members.best_times FROM queue_rank "
               "JOIN members ON members.id = queue_rank.member_id "
               "WHERE NOT capped AND queue_rank.reserved_for IS NULL "
               "ORDER BY queue_rank.late_key DESC, queue_rank.member_id DESC LIMIT 16")

_CHILD = """
import sys
from app.data.uow import Database
db = Database.from_url(sys.argv[1])
with db.engine.connect() as conn:
    prefix = "EXPLAIN QUERY PLAN " if db.is_embedded else "EXPLAIN "
    for row in conn.exec_driver_sql(prefix + sys.argv[2]):
        print(row[-1])
db.dispose()
"""


def _seed(db: Database, clock) -> None:
    """Many members, each with an open callback (the build keeps callbacks as they are),
    most of them due: the shape where scanning by (status, due_at) is the wrong plan."""
    now = clock.now()
    with db.session(write=True) as s:
        s.execute(insert(Member), [
            {"external_id": f"S{i:06d}", "name": "王秀英", "name_initials": "wxy", "phone_e164": "+8613812345678",
             "tier": "standard", "consent": True, "do_not_call": False, "best_times": "",
             "timezone": "Asia/Shanghai", "region": "CN", "created_at": now, "updated_at": now}
            for i in range(MEMBERS)])
        ids = list(s.scalars(select(Member.id)))
        s.execute(insert(FollowUpTask), [
            {"member_id": mid, "reason": "callback", "status": "open", "priority": 100, "why": "", "detail": {},
             "due_at": now - timedelta(hours=1 + mid % 48), "attempts": 0, "created_at": now, "version": 1}
            for mid in ids])


def _plan_elsewhere(db_url: str, probe: str) -> str:
    return subprocess.run([sys.executable, "-c", _CHILD, db_url, probe], capture_output=True, text=True,
                          check=True).stdout


def test_a_second_process_after_a_build_reads_member_tasks_through_the_index(db, clock, db_url):
    _seed(db, clock)
    queue.build_queue(db, SYSTEM, clock)
    db.dispose()
    plan = _plan_elsewhere(db_url, _PROBE)
    assert "uq_follow_up_tasks_open_member_reason" in plan, plan
    assert "status_due_at" not in plan, plan
    if "sqlite" in db_url:
        assert "SCAN" not in plan.replace("SCAN CONSTANT", ""), plan
    plan = _plan_elsewhere(db_url, _RANK_PROBE)
    assert "ix_queue_rank_pool_rising" in plan, plan
    if "sqlite" in db_url:
        assert "SCAN members" not in plan, plan
