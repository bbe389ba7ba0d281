"""One KPI definition at every door: the console, its summary PDF and `kpi --json` agree,
on both engines; and looking at the console writes nothing (escalation is its own job)."""

import json
import os
import re
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.data.tables import AuditEntry, ChangeEvent, Member, Ticket
from app.services import dashboard
from app.services.dashboard import TileKey
from tests.reports.pdfcheck import pdf_text
from tests.support.floor_data import add_ticket, seed_floor
from ui.supervisor.console import SupervisorConsole
from ui.supervisor.format import tile_value


@pytest.fixture
def floor(db, clock):
    floor = seed_floor(db, clock)
    with db.session() as s:
        # A severe adverse reaction opens a medical ticket: a ticket, but not a complaint.
        member = s.get(Member, floor.severe_member)
        add_ticket(s, member, opened_at=clock.now() - timedelta(hours=1), category="adverse_reaction",
                   department="medical", severity="urgent")
    return floor


def _console(qtbot, ctx) -> SupervisorConsole:
    console = SupervisorConsole(ctx, live=False)
    qtbot.addWidget(console)
    console.resize(1366, 768)
    console.show()
    return console


def _kpi_json(db_url: str, day: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "app", "kpi", "--from", day, "--to", day, "--json", "--db", db_url,
         "--today", day, "--at", "10:00"],
        capture_output=True, text=True, timeout=120, env={**os.environ, "TZ": "Asia/Shanghai"},
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _pdf_figures(text: str) -> dict[str, str]:
    """The overview table of the English summary, read back from the PDF (whitespace removed)."""
    patterns = {
        "calls": r"Callattempts(\d+)", "reached": r"Reached(\d+)Connectrate", "connect_rate": r"Connectrate(\d+)%\(",
        "satisfaction_avg": r"Averagesatisfaction([\d.]+)/10", "complaints": r"\(severereactionsapart\)(\d+)",
        "tickets_opened": r"Ticketsopened(\d+)", "sla_met_rate": r"SLAmetrate(\d+)%",
    }
    found = {}
    for key, pattern in patterns.items():
        match = re.search(pattern, text)
        assert match, (key, text[:600])
        found[key] = match.group(1)
    return found


def test_console_summary_pdf_and_kpi_json_give_the_same_numbers(qtbot, make_ctx, db, db_url, clock, floor,
                                                                  tmp_path):
    console = _console(qtbot, make_ctx(floor.supervisor))
    with qtbot.waitSignal(console.loaded, timeout=20_000):
        console.reload()
    pdf_path = tmp_path / "summary.pdf"
    console.export_summary_pdf(str(pdf_path))
    qtbot.waitUntil(lambda: console.updated.text().startswith("Saved"), timeout=20_000)
    day = clock.today().isoformat()
    cli = _kpi_json(db_url, day)

    shown = console.snapshot.tiles.kpis
    qtbot.waitUntil(lambda: console.programme.shown is not None, timeout=20_000)  # its own job
    assert cli == dashboard.as_json(shown, start=day, end=day, programme=console.programme.shown)
    assert (cli["calls"], cli["reached"], cli["tickets_opened"], cli["complaints"]) == (6, 4, 2, 1)
    assert cli["connect_rate"] == pytest.approx(4 / 6) and 0 <= cli["sla_met_rate"] <= 1
    # What the tiles print is the same figure.
    tiles = console.snapshot.tiles
    assert console.tiles.value_text(TileKey.CONNECT_RATE) == tile_value(tiles.tile(TileKey.CONNECT_RATE)) == "66.7%"
    assert console.tiles.value_text(TileKey.COMPLAINTS) == str(cli["complaints"])
    assert console.tiles.value_text(TileKey.SLA_BREACHES) == str(cli["sla_breached"])

    figures = _pdf_figures(pdf_text(pdf_path.read_bytes()))
    assert figures == {
        "calls": str(cli["calls"]), "reached": str(cli["reached"]), "connect_rate": f"{cli['connect_rate']:.0%}"[:-1],
        "satisfaction_avg": f"{cli['satisfaction_avg']:.1f}", "complaints": str(cli["complaints"]),
        "tickets_opened": str(cli["tickets_opened"]), "sla_met_rate": f"{cli['sla_met_rate']:.0%}"[:-1],
    }


def test_looking_at_the_console_escalates_nothing_and_writes_nothing(qtbot, make_ctx, db, clock, floor):
    def state():
        with db.session() as s:
            return (s.scalar(select(func.count()).select_from(AuditEntry)),
                    s.scalar(select(func.count()).select_from(ChangeEvent)),
                    s.scalars(select(Ticket.escalated_at).order_by(Ticket.id)).all(),
                    s.scalars(select(Ticket.version).order_by(Ticket.id)).all())

    before = state()
    console = _console(qtbot, make_ctx(floor.supervisor))
    for _ in range(2):
        with qtbot.waitSignal(console.loaded, timeout=20_000):
            console.reload()
    assert any(a.kind == dashboard.AlertKind.SLA_BREACHED for a in console.snapshot.alerts)  # overdue, shown
    assert state() == before  # ...and left for `tickets escalate-overdue`
