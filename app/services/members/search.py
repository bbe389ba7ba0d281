"""Finding anyone (issue 12): member search across every member, not just today's queue.

A query is read by app.domain.member_query (name prefix, pinyin initials, last four phone
digits, a whole phone, an external id); each reading is one indexed lookup: the name and
`members.name_initials` B-trees by range, the expression indexes on the phones' last four
digits (migration 0003_member_search), the unique external id. Results come back masked.
"""

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import and_, literal, literal_column, select, union_all
from sqlalchemy.orm import Session

from app.data.tables import Member, User, last4_sql
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.limits import MAX_SEARCH, text_problem
from app.domain.member_query import MemberQuery, prefix_end, read_query
from app.domain.phone import mask
from app.services.users import Actor, Permission, require
from app.services.errors import ValidationError

DEFAULT_LIMIT = 20
MAX_LIMIT = 200
PHONE_TAIL_SPREAD = 25  # rows read per wanted hit when a whole phone is checked on its tail's rows


class MatchedBy(StrEnum):
    """Why a member is in the results, best first."""

    EXTERNAL_ID = "external_id"
    PHONE = "phone"
    NAME = "name"
    INITIALS = "initials"


_ORDER = list(MatchedBy)


@dataclass(frozen=True)
class MemberHit:
    member_id: int
    external_id: str
    name: str
    phone_masked: str
    phone_alt_masked: str
    tier: str
    lifecycle_stage: str
    care_manager: str | None
    do_not_call: bool
    matched_by: MatchedBy


_COLUMNS = (Member.id, Member.external_id, Member.name, Member.phone_e164, Member.phone_alt_e164, Member.tier,
            Member.lifecycle_stage, Member.owner_id, Member.consent, Member.do_not_call)
_LAST4 = literal_column(last4_sql("members.phone_e164"))
_ALT_LAST4 = literal_column(last4_sql("members.phone_alt_e164"))


def search_members(db: Database, actor: Actor, clock: Clock, query: str, *,
                   limit: int = DEFAULT_LIMIT) -> list[MemberHit]:
    """Members matching `query` in any of its readings, the best kind of match first."""
    require(actor, Permission.VIEW_MEMBERS)
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationError({"limit": f"between 1 and {MAX_LIMIT}"})
    if (problem := text_problem(query or "", max_length=MAX_SEARCH)) is not None:
        raise ValidationError({"query": problem})  # the same refusal on both engines
    wanted = read_query(query)
    if wanted.empty:
        return []
    with db.session() as session:
        return _search(session, wanted, limit)


def _lookups(q: MemberQuery):
    """(why, WHERE clause, ORDER BY) per reading. Each orders by its own index key first, so
    the planner walks that index instead of the primary key (a LIMIT with ORDER BY id alone
    tempted SQLite into scanning the whole table for a rare phone)."""
    if q.external_id:
        ids = {q.external_id, q.external_id.upper()}
        yield MatchedBy.EXTERNAL_ID, Member.external_id.in_(sorted(ids)), (Member.external_id, Member.id)
    if q.phone_e164:
        yield MatchedBy.PHONE, Member.phone_e164 == q.phone_e164, (Member.phone_e164, Member.id)
        # The second phone through its last-four index; the whole number is compared on the rows
        # (SQLite would fold `phone_alt_e164 = ?` into the expression and miss the index).
        yield MatchedBy.PHONE, _ALT_LAST4 == q.phone_e164[-4:], (_ALT_LAST4, Member.id)
    if q.phone_last4:
        yield MatchedBy.PHONE, _LAST4 == q.phone_last4, (_LAST4, Member.id)
        yield MatchedBy.PHONE, _ALT_LAST4 == q.phone_last4, (_ALT_LAST4, Member.id)
    if q.name_prefix:
        for prefix in dict.fromkeys([q.name_prefix, q.name_prefix[:1].upper() + q.name_prefix[1:]]):
            yield (MatchedBy.NAME, and_(Member.name >= prefix, Member.name < prefix_end(prefix)),
                   (Member.name, Member.id))
    if q.initials_prefix:
        yield (MatchedBy.INITIALS,
               and_(Member.name_initials >= q.initials_prefix, Member.name_initials < prefix_end(q.initials_prefix)),
               (Member.name_initials, Member.id))


def _search(session: Session, q: MemberQuery, limit: int) -> list[MemberHit]:
    # Every lookup in one statement (UNION ALL of limited index reads): one round trip to
    # the server, whatever the number of readings.
    arms = []
    for arm, (why, where, order) in enumerate(_lookups(q)):
        whole_phone = q.phone_e164 is not None and why is MatchedBy.PHONE
        read = limit * PHONE_TAIL_SPREAD if whole_phone else limit
        arms.append((why, order, select(literal(arm).label("arm"), *_COLUMNS, Member.name_initials,
                                        User.display_name.label("manager"))
                     .outerjoin(User, User.id == Member.owner_id)
                     .where(where).order_by(*order).limit(read).subquery()))
    statement = union_all(*(select(*sub.c) for _, _, sub in arms)) if len(arms) > 1 else select(*arms[0][2].c)
    by_arm: dict[int, list] = {}
    for row in session.execute(statement):
        if q.phone_e164 and arms[row.arm][0] is MatchedBy.PHONE and q.phone_e164 not in (row.phone_e164,
                                                                                        row.phone_alt_e164):
            continue  # a second phone with the same last four digits but another number
        by_arm.setdefault(row.arm, []).append(row)
    found: dict[int, tuple[MatchedBy, object]] = {}
    for arm, (why, order, _) in enumerate(arms):
        keys = [c.key for c in order if c.key in ("external_id", "name", "name_initials", "id")]
        for row in sorted(by_arm.get(arm, []), key=lambda r: tuple(getattr(r, k) for k in keys)):
            if row.id not in found or _ORDER.index(why) < _ORDER.index(found[row.id][0]):
                found[row.id] = (why, row)
    ranked = sorted(found.values(), key=lambda item: _ORDER.index(item[0]))[:limit]
    return [
        MemberHit(member_id=r.id, external_id=r.external_id, name=r.name, phone_masked=mask(r.phone_e164),
                  phone_alt_masked=mask(r.phone_alt_e164), tier=r.tier, lifecycle_stage=r.lifecycle_stage,
                  care_manager=r.manager, do_not_call=bool(r.do_not_call or not r.consent),
                  matched_by=why)
        for why, r in ranked
    ]
