"""Finding anyone (issue 12): member search across every member, not just today's queue.

A query is read by app.domain.member_query (name prefix, pinyin initials, last four phone
digits, a whole phone, an external id); each reading is one indexed lookup: the name and
`members.name_initials` B-trees by range, the expression indexes on the phones' last four
digits (migration 0003_member_search), the unique external id. Results come back masked.
"""

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import and_, literal_column, select
from sqlalchemy.orm import Session

from app.data.tables import Member, User, last4_sql
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.member_query import MemberQuery, prefix_end, read_query
from app.domain.phone import mask
from app.services.auth import Actor, Permission, require
from app.services.errors import ValidationError

DEFAULT_LIMIT = 20
MAX_LIMIT = 200


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
    wanted = read_query(query)
    if wanted.empty:
        return []
    with db.session() as session:
        return _search(session, wanted, limit)


def _lookups(q: MemberQuery):
    """(why, WHERE clause, ORDER BY) per reading; each WHERE is served by one index."""
    if q.external_id:
        ids = {q.external_id, q.external_id.upper()}
        yield MatchedBy.EXTERNAL_ID, Member.external_id.in_(sorted(ids)), (Member.id,)
    if q.phone_e164:
        yield MatchedBy.PHONE, Member.phone_e164 == q.phone_e164, (Member.id,)
        yield MatchedBy.PHONE, and_(_ALT_LAST4 == q.phone_e164[-4:], Member.phone_alt_e164 == q.phone_e164), (Member.id,)
    if q.phone_last4:
        yield MatchedBy.PHONE, _LAST4 == q.phone_last4, (Member.id,)
        yield MatchedBy.PHONE, _ALT_LAST4 == q.phone_last4, (Member.id,)
    if q.name_prefix:
        for prefix in dict.fromkeys([q.name_prefix, q.name_prefix[:1].upper() + q.name_prefix[1:]]):
            yield (MatchedBy.NAME, and_(Member.name >= prefix, Member.name < prefix_end(prefix)),
                   (Member.name, Member.id))
    if q.initials_prefix:
        yield (MatchedBy.INITIALS,
               and_(Member.name_initials >= q.initials_prefix, Member.name_initials < prefix_end(q.initials_prefix)),
               (Member.name_initials, Member.id))


def _search(session: Session, q: MemberQuery, limit: int) -> list[MemberHit]:
    found: dict[int, tuple[MatchedBy, object]] = {}
    for why, where, order in _lookups(q):
        if len(found) >= limit and _ORDER.index(why) > max(_ORDER.index(w) for w, _ in found.values()):
            break  # enough better matches already
        for row in session.execute(select(*_COLUMNS).where(where).order_by(*order).limit(limit)):
            if row.id not in found or _ORDER.index(why) < _ORDER.index(found[row.id][0]):
                found[row.id] = (why, row)
    ranked = sorted(found.values(), key=lambda item: _ORDER.index(item[0]))[:limit]
    owners = {o for _, r in ranked if (o := r.owner_id) is not None}
    names = dict(session.execute(select(User.id, User.display_name).where(User.id.in_(owners))).all()) if owners else {}
    return [
        MemberHit(member_id=r.id, external_id=r.external_id, name=r.name, phone_masked=mask(r.phone_e164),
                  phone_alt_masked=mask(r.phone_alt_e164), tier=r.tier, lifecycle_stage=r.lifecycle_stage,
                  care_manager=names.get(r.owner_id), do_not_call=bool(r.do_not_call or not r.consent),
                  matched_by=why)
        for why, r in ranked
    ]
