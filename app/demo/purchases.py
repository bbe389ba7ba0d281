"""18 months of orders for one member, with the rhythm of real repurchases.

Each member has one or two habitual products, each bought again after about pack_days x
quantity (with jitter and the odd delay); loyal members keep going, lapsed ones stop (churn),
occasional ones buy at two or three times the pace of use, new ones started in the last weeks.
Mother-and-baby members move along with the baby: folic acid and DHA in pregnancy, then
formula stage 1, 2 and 3 by the baby's age, and baby food from six months.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate

from app.data.tables import Order, OrderLine, PointsEntry
from app.demo.bulk import SECONDS_PER_DAY
from app.demo.catalogue import ProductInfo
from app.demo.state import YEAR, Run

# Share of members per buying pattern (per thousand).
ARCHETYPES = ("loyal", "lapsed", "occasional", "recent", "new", "none")
ARCHETYPE_WEIGHTS = (450, 200, 130, 120, 80, 20)
CHANNELS = ("app", "tmall", "jd", "wechat", "store", "phone")
CHANNEL_WEIGHTS = (30, 25, 20, 15, 8, 2)
CHANNEL_CUM = list(accumulate(CHANNEL_WEIGHTS))
DISCOUNT_PCT = {"standard": 100, "silver": 90, "gold": 90, "diamond": 90}  # silver and up: 10% off

Chooser = Callable[[int], ProductInfo | None]  # day ordinal -> what is bought then (None: nothing yet)


@dataclass
class Buyer:
    """What purchases need to know of a member."""

    member_id: int
    tier: str
    archetype: str
    baby_birth: date | None = None
    mother_baby: bool = False
    channel: str = "app"


@dataclass
class Purchases:
    orders: int = 0
    first: int | None = None  # epoch seconds
    last: int | None = None
    first_day: int | None = None
    last_day: int | None = None
    total_fen: int = 0
    points: int = 0
    expired: int = 0
    expired_at: int = 0
    usual_interval: float = 0.0
    skus: list[str] = field(default_factory=list)


def _adult_product(run: Run, taken: set[str]) -> ProductInfo:
    adults = run.adult_products
    while True:
        product = run.r.choices(adults, cum_weights=run.adult_cum_weights)[0]
        if product.sku not in taken:
            return product


def _baby_choosers(run: Run, buyer: Buyer) -> list[Chooser]:
    sku = run.by_sku
    birth = buyer.baby_birth.toordinal() if buyer.baby_birth else None

    def main(day: int) -> ProductInfo | None:
        if birth is None:
            return sku["VT-FOLIC-30"]
        age = day - birth
        if age < -196:
            return sku["VT-FOLIC-30"]
        if age < 0:
            return sku["FO-DHA-30"]
        if age < 180:
            return sku["IF-1-30"]
        if age < 365:
            return sku["IF-2-30"]
        return sku["IF-3-30"] if age < 1095 else None

    puree_first = run.r.random() < 0.5

    def food(day: int) -> ProductInfo | None:
        if birth is None or day - birth < 180:
            return None
        return sku["BF-PUREE-30"] if puree_first or day - birth >= 365 else sku["BF-RICE-30"]

    return [main, food] if run.r.random() < 0.5 else [main]


def _span(run: Run, buyer: Buyer) -> tuple[int, int, float]:
    """First day, last possible day, and pace factor for the member's buying pattern."""
    r, start, today = run.r, run.start_ord, run.today_ord
    kind = buyer.archetype
    if kind == "lapsed":
        first = start + r.randint(0, 150)
        return first, r.randint(first + 60, today - 100), 1.05
    if kind == "occasional":
        return start + r.randint(0, 200), today, r.uniform(1.8, 3.0)
    if kind == "recent":
        return today - r.randint(60, 150), today, 1.0
    if kind == "new":
        return today - r.randint(1, 42), today, 1.0
    return start + r.randint(0, 120), today, 1.0


def make_orders(run: Run, buyer: Buyer) -> Purchases:
    r = run.r
    out = Purchases()
    if buyer.archetype == "none":
        return out
    vip = buyer.tier in ("gold", "diamond")
    first_day, last_day, pace = _span(run, buyer)
    if buyer.mother_baby:
        choosers = _baby_choosers(run, buyer)
        if buyer.baby_birth is not None:  # pregnancy vitamins start some months before the birth
            first_day = max(first_day, buyer.baby_birth.toordinal() - r.randint(150, 250))
    else:
        taken: set[str] = set()
        habitual = _adult_product(run, taken)
        taken.add(habitual.sku)
        choosers = [lambda day, p=habitual: p]
        if r.random() < (0.55 if vip else 0.3):
            second = _adult_product(run, taken)
            choosers.append(lambda day, p=second: p)
    rnd = r.random  # the hot loops below draw through random() directly: randint is slow
    usual_qty = r.choices((1, 2, 3), weights=(40, 45, 15) if vip else (70, 25, 5))[0]

    # Each habitual product follows its own rhythm; purchases a few days apart become one order.
    events: list[tuple[int, int, ProductInfo, int]] = []
    for rank, choose in enumerate(choosers):
        day = first_day + (0 if rank == 0 else r.randint(0, 40))
        while day <= last_day:
            product = choose(day)
            if product is None:
                day += 30
                continue
            qty = usual_qty if rnd() < 0.8 else 1 + int(rnd() * 3)
            events.append((day, rank, product, qty))
            interval = product.pack_days * qty * pace * (0.85 + 0.35 * rnd())
            if rnd() < 0.1:
                interval += 7 + int(rnd() * 34)
            day += max(7, int(interval))
    events.sort(key=lambda e: (e[0], e[1]))
    groups: list[tuple[int, list[tuple[ProductInfo, int]]]] = []
    for day, _, product, qty in events:
        if groups and day - groups[-1][0] <= 3 and all(p.sku != product.sku for p, _ in groups[-1][1]):
            groups[-1][1].append((product, qty))
        else:
            groups.append((day, [(product, qty)]))

    discount = DISCOUNT_PCT.get(buyer.tier, 100)
    order_days: list[int] = []
    for day, lines in groups:
        ordered = run.at(day, 8 * 3600 + int(rnd() * 15 * 3600))
        if ordered >= run.now:
            break
        if rnd() < 0.08:  # an add-on bought once
            extra = r.choice(run.products)
            if extra.audience == "adult" and all(p.sku != extra.sku for p, _ in lines):
                lines.append((extra, 1))
        _write_order(run, buyer, out, ordered, day, lines, discount)
        order_days.append(day)
    if order_days:
        out.first_day, out.last_day = order_days[0], order_days[-1]
        if len(order_days) > 1:
            out.usual_interval = (order_days[-1] - order_days[0]) / (len(order_days) - 1)
    return out


def _write_order(run: Run, buyer: Buyer, out: Purchases, ordered: int, day: int,
                 lines: list[tuple[ProductInfo, int]], discount: int) -> None:
    # The hottest code of the generator (one call per order): locals, no helper calls per value.
    r, instant = run.r, run.w.instant
    rnd = r.random
    order_id = next(run.ids[Order])
    channel = buyer.channel if rnd() < 0.8 else r.choices(CHANNELS, cum_weights=CHANNEL_CUM)[0]
    if channel == "store":
        delivered: int | None = ordered  # taken home from the shop
    else:
        delivered = ordered + (1 + int(rnd() * 4)) * SECONDS_PER_DAY + (int(rnd() * 11) - 4) * 3600
        if delivered > run.now:
            delivered = None  # still on its way
    amount = 0
    made = run.month_code(day - 20 - int(rnd() * 100))  # batches are made weeks to months before sale
    line_rows, line_ids, skus = run.rows[OrderLine], run.ids[OrderLine], out.skus
    for product, qty in lines:
        line_fen = product.price_fen * qty * discount // 100
        amount += line_fen
        line_rows.append((next(line_ids), order_id, product.id, qty, line_fen,
                          f"{product.sku[:2]}{made}{1 + int(rnd() * 12):02d}"))
        if product.sku not in skus:
            skus.append(product.sku)
    ordered_value = instant(ordered)
    run.rows[Order].append((order_id, f"O{order_id:09d}", buyer.member_id, ordered_value, instant(delivered),
                            channel, amount))
    points = amount // 100  # 1 point per yuan, expiring on a rolling 12 months
    expires = ordered + YEAR
    run.rows[PointsEntry].append((next(run.ids[PointsEntry]), buyer.member_id, points, "purchase", None, order_id,
                                  ordered_value, instant(expires)))
    if expires <= run.now:
        out.expired += points
        out.expired_at = expires
    out.points += points
    out.orders += 1
    out.total_fen += amount
    if out.first is None:
        out.first = ordered
    out.last = ordered
