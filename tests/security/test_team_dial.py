"""Team mode with the agent's own PostgreSQL login: the dial gets the full number from the
server's audited reveal (members shows it masked), writes its own call row, and SIPp sees
the real number."""

import threading

import pytest
from sqlalchemy import select

from app.data.tables import AuditEntry
from app.data.telephony import PhoneCall
from app.domain.clock import Clock
from app.services.telephony import Dialer
from app.services.users import actor_by_name
from tests.telephony.conftest import make_phone, sip_tools, sipp  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.postgres, pytest.mark.sip]


def test_an_agent_login_dials_the_revealed_number(team, sipp, make_phone):
    from app.data.uow import Database

    peer = sipp("busy")
    agent_db = team.db("agent")
    try:
        actor = actor_by_name(agent_db, team.names["agent"])
        ended = threading.Event()
        dialer = Dialer(agent_db, actor, Clock(), make_phone(peer), adapter="baresip",
                        on_update=lambda u: ended.set() if u.event.kind == "ended" else None)
        ticket = dialer.dial(team.task["mine"])
        assert ended.wait(15)
        assert ticket.masked_number == "138****5678"
    finally:
        agent_db.dispose()
    assert "sip:+8613812345678@" in peer.numbers_seen()
    owner = Database.from_url(team.owner_url)
    try:
        with owner.session() as s:
            actions = set(s.scalars(select(AuditEntry.action).where(AuditEntry.user_id == team.ids["agent"])))
            assert {"phone.reveal", "dial"} <= actions
            row = s.scalar(select(PhoneCall).where(PhoneCall.call_ref == ticket.call_ref))
            assert (row.agent_id, row.sip_status, row.proposed_disposition) == (team.ids["agent"], 486, "busy")
    finally:
        owner.dispose()
