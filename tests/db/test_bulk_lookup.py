"""fetch_in, the imports' lookups by key: on PostgreSQL the keys go as one text (an array's
text form for ids, JSON for other keys), so every key must come back as it was written,
whatever characters it holds, and only the rows asked for."""

from app.data.bulk import fetch_in
from app.data.tables import Member
from tests.support.factories import make_member

AWKWARD = ['plain', 'with "quotes"', "back\\slash", "{braces,comma}", "NULL", "  spaced ", "会员-甲", "it's", "[1]"]


def test_keys_of_any_characters_find_exactly_their_rows(db, clock):
    with db.session(write=True) as session:
        ids = {key: make_member(session, at=clock.now(), external_id=key).id for key in AWKWARD}
        make_member(session, at=clock.now(), external_id="not asked")
        conn = session.connection()
        found = fetch_in(conn, Member.__table__, ("external_id", "id"), "external_id", AWKWARD + ["absent"])
        assert dict(found) == ids
        by_id = fetch_in(conn, Member.__table__, ("id", "external_id"), "id", list(ids.values()) + [10**12])
        assert {external_id: id_ for id_, external_id in by_id} == ids
        assert fetch_in(conn, Member.__table__, ("id",), "external_id", []) == []
