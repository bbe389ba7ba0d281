"""The edit forms on both engines: they load, save through the versioned services, show the
service's field errors, and on a newer change by someone else show it and reload."""

from sqlalchemy import select

from app.data.tables import Member, Ticket
from app.services import tickets
from app.services.members import save_contact_preferences
from tests.support.call_world import build_world
from ui.forms.contact_dialog import ContactPreferencesDialog
from ui.forms.ticket_dialog import TicketEditDialog

WAIT = 10_000


def _open(qtbot, dialog):
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        dialog.start()
    return dialog


def test_agent_edits_best_times_and_sets_do_not_call(qtbot, db, clock, make_ctx):
    w = build_world(db, clock)
    dialog = _open(qtbot, ContactPreferencesDialog(make_ctx(w.agent), w.member_id))
    dialog.best_times.setText("19:00-21:00")
    dialog.do_not_call.setChecked(True)
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        dialog.submit()
    with db.session() as s:
        member = s.get(Member, w.member_id)
        assert (member.best_times, member.do_not_call, member.consent) == ("19:00-21:00", True, False)


def test_bad_best_times_show_the_services_message_beside_the_field(qtbot, db, clock, make_ctx):
    w = build_world(db, clock)
    dialog = _open(qtbot, ContactPreferencesDialog(make_ctx(w.agent), w.member_id))
    dialog.best_times.setText("evenings")
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.field_error("best_times")), timeout=WAIT)
    assert dialog.field_error("best_times") == \
        "Enter times as HH:MM-HH:MM, several separated by ; (evenings is not one)"
    with db.session() as s:
        assert s.get(Member, w.member_id).best_times != "evenings"


def test_the_services_field_messages_are_in_the_screens_language(qtbot, qapp, db, clock, make_ctx):
    from PySide6.QtCore import QLocale

    from ui.i18n import install_translators

    w = build_world(db, clock)
    installed = install_translators(qapp, "zh_CN")
    try:
        dialog = _open(qtbot, ContactPreferencesDialog(make_ctx(w.agent, language="zh_CN"), w.member_id))
        dialog.best_times.setText("晚上")
        dialog.phone_alt.setText("12")
        dialog.email.setText("a\x00b")
        dialog.submit()
        qtbot.waitUntil(lambda: bool(dialog.field_error("best_times")), timeout=WAIT)
        errors = [dialog.field_error(name) for name in ("best_times", "phone_alt_e164", "email")]
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
        QLocale.setDefault(QLocale("en"))
    assert errors == ["请按 HH:MM-HH:MM 填写时段，多个用 ; 分隔（晚上 不是有效时段）", "12 不是有效的电话号码",
                      "不允许控制字符（如 NUL）"]


def test_a_newer_change_by_someone_else_is_shown_and_the_form_reloads(qtbot, db, clock, make_ctx):
    w = build_world(db, clock)
    dialog = _open(qtbot, ContactPreferencesDialog(make_ctx(w.agent), w.member_id))
    loaded = dialog.record
    save_contact_preferences(db, w.other, clock, w.member_id, version=loaded.version, email="new@example.com")
    dialog.email.setText("mine@example.com")
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        dialog.submit()
    assert "zhang" in dialog.status.text()
    assert dialog.email.text() == "new@example.com"
    with db.session() as s:
        assert s.get(Member, w.member_id).email == "new@example.com"


def test_supervisor_edits_a_ticket_severity_and_text(qtbot, db, clock, make_ctx):
    w = build_world(db, clock)
    ticket = tickets.open_ticket(db, w.agent, clock, member_id=w.member_id, category="quality",
                                 severity="normal", description="胶囊有异味")
    ticket_id = ticket.id
    dialog = _open(qtbot, TicketEditDialog(make_ctx(w.supervisor), ticket_id))
    assert dialog.description.toPlainText() == "胶囊有异味"
    dialog.severity.setCurrentIndex(dialog.severity.findData("urgent"))
    dialog.description.setPlainText("胶囊有异味，批次 B2026")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        dialog.submit()
    with db.session() as s:
        row = s.scalars(select(Ticket).where(Ticket.id == ticket_id)).one()
        assert (row.severity, row.description) == ("urgent", "胶囊有异味，批次 B2026")


def test_the_tickets_panel_opens_the_form_for_the_selected_ticket(qtbot, db, clock, make_ctx):
    from ui.supervisor.tickets_panel import TicketsPanel

    w = build_world(db, clock)
    ticket = tickets.open_ticket(db, w.agent, clock, member_id=w.member_id, category="logistics",
                                 severity="normal", description="快递未到")
    panel = TicketsPanel(make_ctx(w.supervisor))
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=WAIT):
        panel.reload()
    panel.select_ticket(ticket.id)
    assert panel.edit_button.isEnabled()
    dialog = panel.edit_selected()
    qtbot.waitUntil(lambda: dialog.record is not None, timeout=WAIT)
    assert dialog.ticket_id == ticket.id and dialog.description.toPlainText() == "快递未到"
    dialog.description.setPlainText("快递已补发")
    with qtbot.waitSignal(panel.loaded, timeout=WAIT):
        dialog.submit()
    with db.session() as s:
        assert s.get(Ticket, ticket.id).description == "快递已补发"
