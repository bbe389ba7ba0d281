"""Consent records, access export, erasure and call-note retention, on both engines."""

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import JSON, Date, String, Text, func, select

from app.cli.main import main
from app.data.base import Base
from app.data.loyalty import FraudFlag
from app.data.security import ConsentRecord
from app.data.tables import AuditEntry, Call, HealthProfile, Member, Order
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.loyalty.fraud import hidden_subject
from app.services import calls, loyalty, privacy, queue
from app.services.loyalty import jobs
from app.services.errors import PermissionDenied
from app.services.users import SYSTEM
from tests.support.call_world import build_world
from tests.support.factories import make_member
from tests.sync.support import reached_payload

NAME, PHONE, BIRTH = "王秀英", "+8613812345678", date(1980, 3, 14)


@pytest.fixture
def world(db_url, clock):
    database = Database.from_url(db_url)
    w = build_world(database, clock)
    with database.session(write=True) as s:
        member = s.get(Member, w.member_id)
        member.email, member.wechat_id = "wang@example.cn", "wxid_wang"
        member.address = "上海市浦东新区世纪大道1号"
        s.add(HealthProfile(member_id=w.member_id, conditions="术后恢复", updated_at=clock.now()))
    queue.claim_task(database, w.agent, clock, w.task_id)
    payload = {**reached_payload(notes=f"{NAME} 说 13812345678 很满意"), "recommendation": f"{NAME}女士：随餐服用"}
    calls.record_outcome(database, w.agent, clock, task_id=w.task_id, payload=payload)
    queue.build_queue(database, SYSTEM, clock)  # the build keeps a copy of what it planned with
    yield database, w
    database.dispose()


def _statistics(database: Database) -> tuple:
    with database.session() as s:
        return (s.scalar(select(func.count(Call.id))), s.scalar(select(func.sum(Call.satisfaction))),
                s.scalar(select(func.count(Order.id))), s.scalar(select(func.sum(Order.amount_fen))))


def _text_anywhere(database: Database, needle: str | date, *, besides: tuple[int, ...] = ()) -> list[str]:
    """Every table.column holding `needle`: text within text and JSON, a date in date columns;
    the rows of the members in `besides` are theirs to keep (another member's own phone)."""
    kinds = Date if isinstance(needle, date) else String | Text | JSON
    found = []
    with database.session() as s:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, kinds):
                    query = select(column)
                    if table.name == "members":
                        query = query.where(table.c.id.not_in(besides))
                    for (value,) in s.execute(query):
                        if value is not None and (value == needle if isinstance(needle, date) else needle in str(value)):
                            found.append(f"{table.name}.{column.name}")
    return found


def _sharing_phone_and_address(database: Database, clock: Clock, member_id: int) -> tuple[int, ...]:
    """Three more members on the member's phone and address, and the fraud check's flags on them
    (four members: after the erasure three still share both, the check's threshold)."""
    with database.session(write=True) as s:
        address = s.get(Member, member_id).address
        others = []
        for k, name in enumerate(("李娜", "张伟", "刘洋")):
            other = make_member(s, at=clock.now() - timedelta(days=50), name=name, name_initials="x",
                                phone=PHONE, birth_date=date(1991, 1, 1 + k))
            other.address = address
            others.append(other.id)
    with database.session(write=True) as s:
        counts = jobs.fraud_check(s, clock, loyalty.loyalty_settings(s))
    assert (counts["shared_phone"], counts["shared_address"]) == (1, 1)
    return tuple(others)


def test_erasure_leaves_nothing_of_the_identity_and_the_statistics_unchanged(world, clock):
    database, w = world
    others = _sharing_phone_and_address(database, clock, w.member_id)
    before = _statistics(database)
    # The scan sees them first, the fraud review list's shared phone and address included.
    assert {"members.name", "calls.notes", "calls.recommendation"} <= set(_text_anywhere(database, NAME))
    assert {"members.birth_date", "queue_replan.birth_date"} <= set(_text_anywhere(database, BIRTH))
    # A shared-phone flag names the number's digest from the start, never the number.
    assert "fraud_flags.subject" not in _text_anywhere(database, PHONE, besides=others)
    assert "fraud_flags.detail" in _text_anywhere(database, "世纪大道1号", besides=others)
    privacy.erase_member(database, SYSTEM, clock, w.member_id)
    for needle in (NAME, PHONE, "13812345678", "wang@example.cn", "wxid_wang", "术后恢复", "世纪大道1号", BIRTH):
        assert _text_anywhere(database, needle, besides=others) == [], needle
    assert _statistics(database) == before
    with database.session() as s:
        assert s.scalar(select(AuditEntry.action).where(AuditEntry.action == "member.erase")) == "member.erase"
        assert s.get(HealthProfile, w.member_id) is None
        flags = {f.kind: f for f in s.scalars(select(FraudFlag))}
        # The flags keep the other members grouped, never the erased one.
        assert flags["shared_phone"].subject == hidden_subject(f"phone:{PHONE}")
        for flag in flags.values():
            assert flag.detail["members"] == list(others) and flag.member_id == others[0]
    with database.session(write=True) as s:  # still one shared value each: not flagged again
        counts = jobs.fraud_check(s, clock, loyalty.loyalty_settings(s))
    assert (counts["shared_phone"], counts["shared_address"]) == (0, 0)


def test_access_export_holds_the_members_data_and_is_audited(world, clock):
    database, w = world
    data = privacy.export_member_data(database, SYSTEM, clock, w.member_id)
    assert data["member"]["name"] == NAME and data["member"]["phone_e164"] == PHONE
    assert data["health_profile"]["conditions"] == "术后恢复" and len(data["calls"]) == 1
    assert data["member"]["address"] == "上海市浦东新区世纪大道1号"
    assert "points_ledger" in data and data["remedies"] == []
    with database.session() as s:
        assert s.scalar(select(func.count()).where(AuditEntry.action == "member.access_export")) == 1
    with pytest.raises(PermissionDenied):
        privacy.export_member_data(database, w.agent, clock, w.member_id)
    with pytest.raises(PermissionDenied):
        privacy.erase_member(database, w.supervisor, clock, w.member_id)


def test_consent_is_a_record_of_when_how_by_whom_and_what_for(world, clock):
    database, w = world
    privacy.record_consent(database, w.agent, clock, w.member_id, granted=False, channel="phone")
    with database.session() as s:
        (row,) = s.scalars(select(ConsentRecord)).all()
        assert (row.granted, row.channel, row.purpose, row.recorded_by_id, row.at) == (
            False, "phone", "care_calls", w.agent.id, clock.now())
        assert s.get(Member, w.member_id).consent is False


def test_call_notes_older_than_the_retention_setting_are_cleared(world, clock):
    database, w = world
    privacy.set_retention_days(database, SYSTEM, clock, 30)
    assert privacy.apply_retention(database, SYSTEM, clock) == 0
    later = Clock(tz=clock.tz, fixed_at=clock.now() + timedelta(days=31))
    assert privacy.apply_retention(database, SYSTEM, later) == 1
    with database.session() as s:
        assert s.scalar(select(Call.notes)) == ""
        assert s.scalar(select(func.count(Call.id))) == 1


def test_the_daily_jobs_apply_the_retention(world, clock, db_url, capsys):
    database, _ = world
    assert main(["daily", "--only", "retention", "--db", db_url, "--today", "2026-07-10"]) == 0
    assert "retention: cleared_notes 0" in capsys.readouterr().out  # kept while no period is set
    privacy.set_retention_days(database, SYSTEM, clock, 30)
    assert main(["daily", "--only", "retention", "--db", db_url, "--today", "2026-07-10"]) == 0
    assert "retention: cleared_notes 0" in capsys.readouterr().out  # 25 days old
    assert main(["daily", "--only", "retention", "--db", db_url, "--today", "2026-07-20"]) == 0
    assert "retention: cleared_notes 1" in capsys.readouterr().out
    with database.session() as s:
        assert s.scalar(select(Call.notes)) == ""
        assert s.scalar(select(func.count()).where(AuditEntry.action == "retention.apply")) == 2


def test_the_cli_exports_a_members_data_and_erases_the_member(world, clock, db_url, tmp_path, capsys):
    database, w = world
    out = tmp_path / "access.json"
    assert main(["member", "export-data", str(w.member_id), "--out", str(out), "--db", db_url]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["member"]["name"], data["health_profile"]["conditions"]) == (NAME, "术后恢复")
    with pytest.raises(SystemExit):  # erasing cannot be undone: it is asked for by name
        main(["member", "erase", str(w.member_id), "--db", db_url])
    assert main(["member", "erase", str(w.member_id), "--yes", "--db", db_url]) == 0
    assert _text_anywhere(database, NAME) == []
    with database.session() as s:
        assert [a for (a,) in s.execute(select(AuditEntry.action).where(AuditEntry.action.like("member.%")))] == [
            "member.access_export", "member.erase"]
