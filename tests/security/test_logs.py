"""Nothing sensitive in logs or crash reports: database errors do not carry bound values."""

from datetime import date

import pytest
from sqlalchemy.exc import DBAPIError

from app.data.tables import Member
from app.data.uow import Database
from tests.support.factories import make_member


def test_a_database_error_does_not_show_the_phone_it_was_given(db_url, clock):
    database = Database.from_url(db_url)
    try:
        with database.session(write=True) as s:
            make_member(s, at=clock.now(), external_id="M-dup", phone="+8613811112222")
        with pytest.raises(DBAPIError) as failed:
            with database.session(write=True) as s:
                s.add(Member(external_id="M-dup", name="李四", phone_e164="+8613899998888", birth_date=date(1990, 1, 1),
                             created_at=clock.now(), updated_at=clock.now()))
        text = str(failed.value)
        assert "8613899998888" not in text and "李四" not in text
        assert "hidden due to hide_parameters" in text
    finally:
        database.dispose()
