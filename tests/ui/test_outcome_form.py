"""The outcome form's member-facing recommendation and the re-visit remedies: what is typed
reaches the outcome contract, the remedies really happen when the form's draft is saved
(both engines), the re-visit script's answer ticks its remedy, and every message the form
shows for them is in the screen's language."""

import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.data.remedies import RemedyAction
from app.data.tables import Call, Ticket
from app.domain.clock import Clock
from app.domain.compliance import Refusal, Rule
from app.services import calls, tickets
from app.services.errors import ValidationError
from app.reports.member import render_member_report
from app.services.reports import member_report_data
from app.services.users import SYSTEM
from tests.reports.pdfcheck import flat, pdf_text
from tests.support.call_world import build_world, outcome
from ui.call.answer_fields import form_field_for
from ui.call.outcome_form import OutcomeForm
from ui.i18n import install_translators


@pytest.fixture
def translated(qapp: QApplication) -> Iterator[callable]:
    installed = []

    def use(language: str) -> None:
        installed.extend(install_translators(qapp, language))

    yield use
    for translator in installed:
        qapp.removeTranslator(translator)
    QLocale.setDefault(QLocale("en"))


def make_form(qtbot, clock) -> OutcomeForm:
    form = OutcomeForm(clock)
    qtbot.addWidget(form)
    form.show()
    return form


def test_the_recommendation_is_its_own_field_apart_from_the_notes(qtbot, clock):
    form = make_form(qtbot, clock)
    form.choose_disposition_number(1)
    qtbot.keyClicks(form.notes, "upset stomach, internal")  # QTest types Latin keys only
    qtbot.keyClicks(form.recommendation, "Take it with meals")
    draft = form.draft()
    assert (draft["notes"], draft["recommendation"]) == ("upset stomach, internal", "Take it with meals")
    form.clear()
    assert form.draft()["recommendation"] == "" and form.draft()["remedies"] == []
    assert form.recommendation in form.inputs() and all(b in form.inputs() for b in form.remedies.values())


def test_the_revisit_scripts_remedy_answer_ticks_the_remedy(qtbot, clock):
    form = make_form(qtbot, clock)
    for code in ("points", "ticket", "nutritionist"):  # a choice with no remedy code changes nothing
        form.apply_answer(form_field_for("remedy"), code)
    assert form.draft()["remedies"] == ["points", "ticket"]


def test_the_members_pdf_prints_the_forms_recommendation_never_its_notes(qtbot, db, clock):
    w = build_world(db, clock)
    form = make_form(qtbot, clock)
    form.choose_disposition_number(1)
    qtbot.keyClicks(form.satisfaction, "8")
    form.notes.setPlainText("会员自述夜间心悸，内部跟进")
    form.recommendation.setPlainText("建议随早餐服用，保持规律。")
    calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=dict(form.draft(), client_id=str(uuid.uuid4())))
    for language in ("zh", "en"):
        text = pdf_text(render_member_report(member_report_data(db, SYSTEM, clock, w.member_id, language=language)))
        assert flat("建议随早餐服用，保持规律。") in text
        assert flat("夜间心悸") not in text


def test_remedies_ticked_on_the_form_happen_when_the_revisit_is_saved(qtbot, db, clock):
    w = build_world(db, clock)
    first = calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(
        satisfaction=2, complaint={"category": "quality", "severity": "normal", "text": "胶囊破损"}))
    resolved_at = Clock(tz=clock.tz, fixed_at=clock.now() + timedelta(hours=1))
    revisit = tickets.resolve(db, w.other, resolved_at, first.ticket_ids[0], note="已换货").revisit_task_id
    at = Clock(tz=clock.tz, fixed_at=clock.now() + timedelta(hours=50))
    form = make_form(qtbot, at)
    form.choose_disposition_number(1)
    qtbot.keyClicks(form.satisfaction, "3")
    form.recommendation.setPlainText("新品已补发，请留意查收")
    form.remedies["reship"].click()
    form.remedies["ticket"].click()
    payload = dict(form.draft(), client_id=str(uuid.uuid4()))
    result = calls.record_outcome(db, w.agent, at, task_id=revisit, payload=payload)
    with db.session() as s:
        assert {r.kind for r in s.scalars(select(RemedyAction))} == {"reship", "ticket"}
        special = s.scalars(select(Ticket).where(Ticket.department == "special_team")).one()
        assert special.sla_due_at == at.now() + timedelta(hours=48)
        assert s.get(Call, result.call_id).recommendation == "新品已补发，请留意查收"


def test_remedy_and_door_messages_are_in_the_screens_language(qtbot, db, clock, translated):
    w = build_world(db, clock)
    translated("zh_CN")
    form = make_form(qtbot, clock)
    form.choose_disposition_number(1)
    form.remedies["points"].click()
    with pytest.raises(ValidationError) as refused:
        calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=dict(form.draft(),
                             client_id=str(uuid.uuid4())))
    form.show_errors(refused.value.errors)
    assert form.error_text("remedies") == "补救仅用于工单解决后的回访"
    door = Refusal(Rule.CALLING_WINDOW, "不在会员的可呼叫时段：22:30", "not in the member's calling window: 22:30 local")
    form.show_errors({"callback_at": str(door), "call_seconds": "must be whole seconds from 0 to 14400, got -1"})
    assert form.error_text("callback_at") == "不在会员的可呼叫时段：22:30"
    assert "14400" in form.general_error.text() and "整数秒" in form.general_error.text()


def test_door_messages_show_in_english_on_an_english_screen(qtbot, clock, translated):
    translated("en")
    form = make_form(qtbot, clock)
    door = Refusal(Rule.CALLING_WINDOW, "不在会员的可呼叫时段：22:30", "not in the member's calling window: 22:30 local")
    form.show_errors({"callback_at": str(door)})
    assert form.error_text("callback_at") == "not in the member's calling window: 22:30 local"


def test_remedies_are_offered_only_on_a_revisit_when_the_screen_says_which_call_it_is(qtbot, clock):
    form = make_form(qtbot, clock)
    form.remedies["points"].click()
    form.offer_remedies(False)  # a refill call
    assert form.draft()["remedies"] == [] and not any(b.isEnabled() for b in form.remedies.values())
    form.remedies["points"].click()
    assert form.draft()["remedies"] == []
    form.offer_remedies(True)  # the re-visit
    form.remedies["points"].click()
    assert form.draft()["remedies"] == ["points"]


def test_what_leaving_would_lose_counts_the_agents_input_not_the_phones_proposal(qtbot, clock):
    form = make_form(qtbot, clock)
    assert not form.has_input()
    form.choose_disposition_number(2)  # as the phone proposes after an unanswered dial
    assert form.draft()["disposition"] == "no_answer"
    assert form.has_input() and not form.has_input(proposed="no_answer")
    qtbot.keyClicks(form.notes, "rang twice")
    assert form.has_input(proposed="no_answer")
