"""Member search across every member, on both engines: name, pinyin initials (the stored,
indexed column), phone tails, whole phones and external ids; masked results; index use."""

import json
import subprocess
import sys

import pytest
from sqlalchemy import text

from app.domain.member_query import read_query
from app.domain.pinyin import name_initials
from app.services.auth import SYSTEM
from app.services.members import MatchedBy, search_members
from tests.support.factories import make_member, make_user

PEOPLE = [
    ("曾志伟", "+8613812345678", "M0000001"),
    ("曹志伟", "+8613900001111", "M0000002"),
    ("Emily Chen", "+8613700005678", "M0000003"),
    ("王秀英", "+8613600002222", "M0000004"),
    ("王秀兰", "+8602165529988", "M0000005"),
]


@pytest.fixture
def people(db, clock):
    with db.session() as s:
        ids = {}
        for name, phone, external in PEOPLE:
            member = make_member(s, at=clock.now(), name=name, phone=phone, external_id=external,
                                 name_initials=name_initials(name))
            ids[name] = member.id
        s.get(type(member), ids["王秀英"]).phone_alt_e164 = "+8613511113333"
        agent = make_user(s, "agent_zhao", at=clock.now())
    return ids, agent


def _names(hits):
    return [h.name for h in hits]


def test_initials_find_surnames_read_as_surnames(db, clock, people):
    assert _names(search_members(db, SYSTEM, clock, "zzw")) == ["曾志伟"]  # not 曹志伟 (czw)
    assert _names(search_members(db, SYSTEM, clock, "czw")) == ["曹志伟"]
    assert _names(search_members(db, SYSTEM, clock, "ec")) == ["Emily Chen"]
    assert set(_names(search_members(db, SYSTEM, clock, "wx"))) == {"王秀英", "王秀兰"}
    assert all(h.matched_by is MatchedBy.INITIALS for h in search_members(db, SYSTEM, clock, "wx"))


def test_names_by_prefix_and_latin_names_whatever_the_case(db, clock, people):
    assert set(_names(search_members(db, SYSTEM, clock, "王秀"))) == {"王秀英", "王秀兰"}
    assert _names(search_members(db, SYSTEM, clock, "王秀英")) == ["王秀英"]
    assert _names(search_members(db, SYSTEM, clock, "emily")) == ["Emily Chen"]
    assert search_members(db, SYSTEM, clock, "李") == []


def test_phone_tails_whole_phones_and_external_ids(db, clock, people):
    tail = search_members(db, SYSTEM, clock, "5678")
    assert set(_names(tail)) == {"曾志伟", "Emily Chen"} and {h.matched_by for h in tail} == {MatchedBy.PHONE}
    assert _names(search_members(db, SYSTEM, clock, "3333")) == ["王秀英"]  # the second phone
    assert _names(search_members(db, SYSTEM, clock, "9988")) == ["王秀兰"]  # a landline
    assert _names(search_members(db, SYSTEM, clock, "138 1234 5678")) == ["曾志伟"]
    assert _names(search_members(db, SYSTEM, clock, "135-1111-3333")) == ["王秀英"]
    hit = search_members(db, SYSTEM, clock, "m0000003")
    assert _names(hit) == ["Emily Chen"] and hit[0].matched_by is MatchedBy.EXTERNAL_ID


def test_results_mask_every_phone(db, clock, people):
    hits = search_members(db, SYSTEM, clock, "王秀英")
    assert hits[0].phone_masked == "136****2222" and hits[0].phone_alt_masked == "135****3333"
    blob = repr(search_members(db, SYSTEM, clock, "5678"))
    assert "12345678" not in blob and "+86" not in blob


def test_an_agent_may_search_but_a_blank_query_finds_nothing(db, clock, people):
    _, agent = people
    assert _names(search_members(db, agent, clock, "zzw")) == ["曾志伟"]
    assert search_members(db, agent, clock, "   ") == []


def test_limit_is_respected_and_best_matches_come_first(db, clock, people):
    assert len(search_members(db, SYSTEM, clock, "wx", limit=1)) == 1


def _plan(db, sql: str, params: dict) -> str:
    with db.session() as s:
        if db.engine.dialect.name == "sqlite":
            rows = s.execute(text("EXPLAIN QUERY PLAN " + sql), params).all()
            return " ".join(str(r[-1]) for r in rows)
        s.execute(text("SET LOCAL enable_seqscan = off"))  # a five-row table would be scanned anyway
        return " ".join(r[0] for r in s.execute(text("EXPLAIN " + sql), params).all())


@pytest.mark.parametrize(("sql", "index"), [
    ("SELECT id FROM members WHERE name_initials >= :a AND name_initials < :b ORDER BY name_initials, id",
     "ix_members_name_initials"),
    ("SELECT id FROM members WHERE substr(members.phone_e164, length(members.phone_e164) - 3) = :a",
     "ix_members_phone_last4"),
    ("SELECT id FROM members WHERE substr(members.phone_alt_e164, length(members.phone_alt_e164) - 3) = :a",
     "ix_members_phone_alt_last4"),
    ("SELECT id FROM members WHERE name >= :a AND name < :b ORDER BY name, id", "ix_members_name"),
])
def test_each_lookup_is_served_by_its_index(db, people, sql, index):
    assert index in _plan(db, sql, {"a": "zz", "b": "zz\U0010ffff"})


def test_the_queries_read_as_the_lookups_above():
    assert read_query("5678").phone_last4 == "5678"
    assert read_query("13812345678").phone_e164 == "+8613812345678"
    assert read_query("zzw").initials_prefix == "zzw"
    assert read_query("王秀").name_prefix == "王秀" and read_query("王秀").initials_prefix is None


def test_cli_member_search_prints_masked_json(db, db_url, people):
    out = subprocess.run([sys.executable, "-m", "app", "member", "search", "zzw", "--json", "--db", db_url],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    assert [h["name"] for h in hits] == ["曾志伟"]
    assert hits[0]["phone_masked"] == "138****5678" and hits[0]["matched_by"] == "initials"
    assert "13812345678" not in out.stdout
