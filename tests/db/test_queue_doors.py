"""The queue's doors (issue 11): claim next skips and claim a chosen task refuses, by the
rule's name, a do-not-call member, a member outside the calling window and a member
reserved for another owner; nothing is written on a refusal."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.data.tables import FollowUpTask, Member
from app.services import queue
from app.services.compliance import CallRefused
from tests.support.factories import make_member, make_user


def _task(s, member, now, **kw) -> int:
    task = FollowUpTask(member_id=member.id, reason="refill", status="open", priority=50, why="", detail={},
                        due_at=now - timedelta(hours=1), attempts=0, created_at=now, **kw)
    s.add(task)
    s.flush()
    return task.id


@pytest.mark.parametrize("case", ["do_not_call", "calling_window", "reserved_for_owner"])
def test_claim_task_refuses_by_rule_and_claim_next_skips(db, clock, case):
    now = clock.now()
    with db.session(write=True) as s:
        me = make_user(s, at=now)
        owner = make_user(s, at=now)
        kw = {"tz": "Europe/London"} if case == "calling_window" else {}
        m = make_member(s, at=now - timedelta(days=400), timezone=kw.get("tz", "Asia/Shanghai"))
        tid = _task(s, m, now, **({"assigned_agent_id": owner.id, "owner_only_until": now + timedelta(hours=5)}
                                 if case == "reserved_for_owner" else {}))
        if case == "do_not_call":
            # Consent withdrawn after the task was planned (e.g. by an import): the task is still open.
            s.get(Member, m.id).do_not_call = True
    with pytest.raises(CallRefused) as info:
        queue.claim_task(db, me, clock, tid)
    assert info.value.rule == case
    assert queue.claim_next(db, me, clock) is None
    with db.session() as s:
        assert s.execute(select(FollowUpTask.status, FollowUpTask.claimed_by_id)
                         .where(FollowUpTask.id == tid)).one() == ("open", None)
