"""One demo member end to end: identity, orders, calls, then the member row with its totals
(first/last order, spend, points, lifecycle stage and segment tags derived from the orders)."""

from app.data.tables import Member, PointsEntry
from app.demo.bulk import SECONDS_PER_DAY
from app.demo.history import Contact, add_calls, add_complaint
from app.demo.people import Names, add_health, contact_fields, make_person
from app.demo.purchases import ARCHETYPE_WEIGHTS, ARCHETYPES, CHANNEL_WEIGHTS, CHANNELS, Buyer, Purchases, make_orders
from app.demo.state import Run

TIMEZONE = "Asia/Shanghai"


def _lifecycle(run: Run, bought: Purchases) -> str:
    """New (nurture), stable, churn warning (interval abnormally long against their own), lost."""
    if bought.last_day is None or bought.first_day is None:
        return "new"
    if bought.orders <= 1 and run.today_ord - bought.first_day <= 60:
        return "new"
    usual = bought.usual_interval or 45.0
    gap = run.today_ord - bought.last_day
    if gap > max(3 * usual, 180):
        return "lost"
    if gap > 1.5 * usual + 7:
        return "churn_warning"
    return "new" if run.today_ord - bought.first_day <= 60 else "stable"


def _segments(run: Run, bought: Purchases, mother_baby: bool) -> str:
    tags = []
    if bought.orders >= 3 and bought.usual_interval <= 35:
        tags.append("high_frequency")
    elif bought.orders and (bought.usual_interval >= 80 or bought.orders <= 2):
        tags.append("low_frequency")
    if bought.orders and bought.total_fen // bought.orders >= 50_000:
        tags.append("high_value")
    if run.r.random() < 0.15:
        tags.append("promotion_sensitive")
    if mother_baby:
        tags.append("mother_baby")
    return ",".join(tags)


def add_member(run: Run, names: Names, index: int, *, calls: bool, complaint: bool) -> None:
    r, w = run.r, run.w
    member_id = run.next_id(Member)
    person = make_person(run, names)
    contact = contact_fields(run, names, person)
    owner = r.choice(run.staff.agent_ids) if person.tier in ("gold", "diamond") else None
    buyer = Buyer(
        member_id=member_id, tier=person.tier, archetype=r.choices(ARCHETYPES, weights=ARCHETYPE_WEIGHTS)[0],
        baby_birth=person.baby_birth, mother_baby=person.mother_baby,
        channel=r.choices(CHANNELS, weights=CHANNEL_WEIGHTS)[0],
    )
    if person.mother_baby and buyer.archetype == "none":
        buyer.archetype = "loyal"
    bought = make_orders(run, buyer)
    add_health(run, member_id, person)

    done = Contact()
    if bought.first_day is not None and (calls or complaint):
        category = run.by_sku[bought.skus[0]].category
        if calls:
            add_calls(run, member_id, owner, bought.first_day, category, done)
        if complaint:
            add_complaint(run, member_id, owner, category, done)
    if bought.expired:  # rolling 12 months: what was earned over a year ago has lapsed
        run.add(PointsEntry, (run.next_id(PointsEntry), member_id, -bought.expired, "expire", None, None,
                              w.instant(bought.expired_at), None))
    points = bought.points - bought.expired + done.points

    registered = (bought.first if bought.first is not None
                  else run.at(run.today_ord - r.randint(1, 500), r.randint(8 * 3600, 22 * 3600)))
    registered -= r.randint(0, 30) * SECONDS_PER_DAY
    do_not_call = contact["do_not_call"] or done.do_not_call
    run.add(Member, (
        member_id, f"M{member_id:08d}", person.name, person.initials, person.gender, w.day(person.birth_date),
        person.region, contact["occupation"], person.phone, None, contact["email"], contact["wechat_id"],
        TIMEZONE, person.language, contact["preferred_channel"], contact["best_times"],
        contact["consent"] and not do_not_call, do_not_call, person.tier, points, owner,
        _lifecycle(run, bought), _segments(run, bought, person.mother_baby), done.medical, bought.total_fen,
        w.instant(bought.first), w.instant(bought.last), w.instant(registered), w.instant(run.now), 1,
    ))
