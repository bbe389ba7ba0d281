"""What the supervisor's summary PDF makes of the calls' follow-ons (both engines): a severe
reaction recorded on a call opens a ticket that is not a complaint, and the special team's
ticket from a re-visit prints by its label, never its code."""

from datetime import timedelta

from app.domain.clock import Clock
from app.reports.summary import render_summary_report
from app.services import calls, tickets
from app.services.reports import parse_period, summary_report_data
from tests.reports.pdfcheck import pdf_text
from tests.support.call_world import build_world, outcome

RAW = ("special_team", "adverse_reaction", "supply_chain", "logistics")


def later(clock: Clock, **delta) -> Clock:
    return Clock(tz=clock.tz, fixed_at=clock.now() + timedelta(**delta))


def test_severe_reactions_are_no_complaints_and_the_special_team_prints_by_its_label(db, clock):
    w = build_world(db, clock)
    first = calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(
        satisfaction=2, adverse_reaction="severe",
        complaint={"category": "logistics", "severity": "normal", "text": "快递晚了"}))
    assert len(first.ticket_ids) == 2  # the complaint and the medical ticket
    logistics = min(first.ticket_ids)
    revisit = tickets.resolve(db, w.other, later(clock, hours=1), logistics, note="已处理").revisit_task_id
    calls.record_outcome(db, w.agent, later(clock, hours=50), task_id=revisit,
                         payload=outcome(satisfaction=3, remedies=["ticket"]))
    data = summary_report_data(db, w.supervisor, later(clock, days=5), parse_period("2026-06"))
    # the complaint and the special team's ticket about it are complaints; the reaction is not
    assert (data.tickets_opened, data.complaints_total) == (3, 2)
    for language, label in (("zh", "专项小组"), ("en", "Special team")):
        text = pdf_text(render_summary_report(summary_report_data(
            db, w.supervisor, later(clock, days=5), parse_period("2026-06"), language=language)))
        assert [code for code in RAW if code in text] == []
        assert label.replace(" ", "") in text.replace(" ", "")  # a recurring issue: logistics -> special team
