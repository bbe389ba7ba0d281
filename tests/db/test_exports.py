"""caredesk-admin export calls|tickets --from --to -o FILE: CSV and XLSX with the same columns,
full local timestamps with the year, masked phones, no formula a spreadsheet would run."""

import csv
import uuid
from datetime import UTC, datetime

import pytest
from python_calamine import CalamineWorkbook

from app.cli.main import main
from app.data.tables import Call, Ticket
from app.services import exports
from app.services.users import Actor
from app.domain.codes import Role
from app.services.errors import PermissionDenied
from tests.support.factories import make_member, make_user

T0 = datetime(2026, 6, 1, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai


@pytest.fixture
def history(db, clock):
    with db.session() as s:
        agent = make_user(s, "agent1", at=clock.now())
        member = make_member(s, at=clock.now(), name="=HYPERLINK(\"http://x\")", external_id="C001",
                             phone="+8613812345678")
        for day, disposition, notes in ((1, "reached", "+1 顾客说好"), (20, "no_answer", "")):
            s.add(Call(client_id=str(uuid.uuid4()), member_id=member.id, agent_id=agent.id, channel="phone",
                       reasons="refill", started_at=T0.replace(day=day), ended_at=T0.replace(day=day, minute=35),
                       saved_at=T0.replace(day=day, minute=36), disposition=disposition, satisfaction=5,
                       refill_intent=True, adverse_reaction="none", notes=notes, answers={}))
        s.add(Ticket(member_id=member.id, category="quality", severity="normal", department="quality", status="open",
                     description="@SUM(A1) 胶囊破损", opened_by_id=agent.id, opened_at=T0.replace(day=2),
                     sla_due_at=T0.replace(day=4)))


def test_calls_to_csv_and_xlsx_carry_the_same_safe_cells(db_url, history, tmp_path, capsys):
    out_csv, out_xlsx = tmp_path / "calls.csv", tmp_path / "calls.xlsx"
    for out in (out_csv, out_xlsx):
        assert main(["--db", db_url, "export", "calls", "--from", "2026-06-01", "--to", "2026-06-10",
                     "-o", str(out)]) == 0
    assert "calls: 1 rows written" in capsys.readouterr().out
    with open(out_csv, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == exports.CALL_COLUMNS
    record = dict(zip(rows[0], rows[1]))
    assert record["started_at"] == "2026-06-01 09:30:00" and record["ended_at"] == "2026-06-01 09:35:00"
    assert record["phone"] == "138****5678" and record["agent"] == "agent1"
    assert record["member_name"] == "'=HYPERLINK(\"http://x\")" and record["notes"] == "'+1 顾客说好"
    assert record["disposition"] == "reached" and record["refill_intent"] == "true"
    sheet = CalamineWorkbook.from_path(str(out_xlsx)).get_sheet_by_name("calls").to_python()
    assert [str(c) for c in sheet[0]] == list(exports.CALL_COLUMNS)
    assert [("" if c == "" else str(int(c)) if isinstance(c, float) else str(c)) for c in sheet[1]] == rows[1]
    assert len(sheet) == 2


def test_tickets_export_and_the_period_bounds(db, db_url, history, clock, tmp_path):
    out = tmp_path / "t.xlsx"
    assert exports.export(db, make_admin(), clock, kind="tickets", start=datetime(2026, 6, 2).date(),
                          end=datetime(2026, 6, 2).date(), path=out) == 1
    sheet = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    record = dict(zip(sheet[0], sheet[1]))
    assert record["opened_at"] == "2026-06-02 09:30:00" and record["sla_due_at"] == "2026-06-04 09:30:00"
    assert record["description"] == "'@SUM(A1) 胶囊破损" and record["phone"] == "138****5678"
    assert record["opened_by"] == "agent1" and record["assignee"] == ""
    assert exports.export(db, make_admin(), clock, kind="tickets", start=datetime(2026, 6, 3).date(),
                          end=datetime(2026, 6, 30).date(), path=tmp_path / "none.csv") == 0


def make_admin() -> Actor:
    return Actor(id=None, username="admin", role=Role.ADMIN)


def test_agents_may_not_export(db, clock, tmp_path):
    with pytest.raises(PermissionDenied):
        exports.export(db, Actor(id=None, username="li", role=Role.AGENT), clock, kind="calls",
                       start=datetime(2026, 6, 1).date(), end=datetime(2026, 6, 2).date(), path=tmp_path / "x.csv")
