"""Every text field of the edit forms refuses hostile input with the service's message beside
the field, on both engines, and nothing is stored (the forms add no rule: the services do)."""

import pytest
from sqlalchemy import select

from app.config import Config
from app.data.tables import Member, Ticket
from app.services import tickets
from tests.security.hostile import HOSTILE
from tests.support.call_world import build_world
from ui.context import AppContext
from ui.forms.contact_dialog import ContactPreferencesDialog
from ui.forms.ticket_dialog import TicketEditDialog
from ui.settings import Settings
from ui.tasks import SyncRunner

# A QString cannot hold a lone surrogate: no one can type one into a widget.
TYPED = [k for k in HOSTILE if k != "lone_surrogate"]


def _ctx(db, db_url, clock, actor) -> AppContext:
    return AppContext(config=Config(database_url=db_url), db=db, clock=clock, runner=SyncRunner(),
                      settings=Settings(), actor=actor, language="en")


@pytest.mark.parametrize("kind", TYPED)
def test_contact_form_fields_refuse_hostile_text(qtbot, db, db_url, clock, kind):
    w = build_world(db, clock)
    with db.session() as s:
        before = s.get(Member, w.member_id)
        stored = (before.version, before.best_times, before.email, before.wechat_id, before.phone_alt_e164)
    for name, attr in (("best_times", "best_times"), ("email", "email"), ("wechat_id", "wechat"),
                       ("phone_alt_e164", "phone_alt")):
        dialog = ContactPreferencesDialog(_ctx(db, db_url, clock, w.agent), w.member_id)
        qtbot.addWidget(dialog)
        dialog.start()
        getattr(dialog, attr).setText(HOSTILE[kind])
        dialog.submit()
        assert dialog.field_error(name), name
    with db.session() as s:
        after = s.get(Member, w.member_id)
        assert (after.version, after.best_times, after.email, after.wechat_id, after.phone_alt_e164) == stored


@pytest.mark.parametrize("kind", TYPED)
def test_ticket_form_description_refuses_hostile_text(qtbot, db, db_url, clock, kind):
    w = build_world(db, clock)
    ticket = tickets.open_ticket(db, w.agent, clock, member_id=w.member_id, category="quality",
                                 severity="normal", description="胶囊有异味")
    dialog = TicketEditDialog(_ctx(db, db_url, clock, w.supervisor), ticket.id)
    qtbot.addWidget(dialog)
    dialog.start()
    dialog.description.setPlainText(HOSTILE[kind])
    dialog.submit()
    assert dialog.field_error("description")
    with db.session() as s:
        assert s.scalars(select(Ticket.description)).all() == ["胶囊有异味"]
