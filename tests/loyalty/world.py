"""Hand-built member histories for the programme's tests: members, orders on given local
days (each earning through the same function the importer calls), and clocks."""

from datetime import date, datetime, time

from sqlalchemy import func, select

from app.data.tables import Member, PointsEntry
from app.data.uow import Database
from app.domain.clock import Clock
from app.services import loyalty
from app.services.users import Actor
from tests.conftest import SHANGHAI
from tests.support.factories import make_member, make_order, make_product, make_user


def clock_on(day: date, at: time = time(10, 0)) -> Clock:
    return Clock.fixed(day, at, tz=SHANGHAI)


def local(day: date, at: time = time(10, 0)) -> datetime:
    return datetime.combine(day, at, tzinfo=SHANGHAI)


class World:
    def __init__(self, db: Database):
        self.db = db
        at = local(date(2025, 1, 1))
        with db.session(write=True) as s:
            self.admin: Actor = make_user(s, "admin1", role="admin", at=at)
            self.agent: Actor = make_user(s, "agent1", role="agent", at=at)
            self.supervisor: Actor = make_user(s, "sup1", role="supervisor", at=at)
            self.product_id = make_product(s, price_fen=10_000, category="fish_oil").id
            self.probiotic_id = make_product(s, price_fen=10_000, category="probiotics", name="益生菌").id

    def member(self, *, phone: str = "+8613812345678", tier: str = "standard", birth: date | None = None) -> int:
        with self.db.session(write=True) as s:
            return make_member(s, at=local(date(2025, 1, 1)), phone=phone, tier=tier,
                               birth_date=birth or date(1980, 3, 14)).id

    def order(self, member_id: int, day: date, *, quantity: int = 1, product_id: int | None = None):
        """An order of `quantity` x 100 yuan placed and earned on `day` (the importer's call)."""
        clock = clock_on(day)
        with self.db.session(write=True) as s:
            member = s.get(Member, member_id)
            from app.data.tables import Product

            order = make_order(s, member, s.get(Product, product_id or self.product_id), ordered_at=local(day),
                               quantity=quantity)
            earning = loyalty.earn_on_order(s, clock, order.id, loyalty.loyalty_settings(s))
            return order.id, earning

    def balance(self, member_id: int) -> tuple[int, int]:
        """(the cached balance, the sum of the ledger)."""
        with self.db.session() as s:
            cached = s.get(Member, member_id).points_balance
            total = s.scalar(select(func.coalesce(func.sum(PointsEntry.delta), 0))
                             .where(PointsEntry.member_id == member_id))
            return cached, int(total)

    def entries(self, member_id: int) -> list[tuple[str, int, str]]:
        with self.db.session() as s:
            return [(e.kind, e.delta, e.reason) for e in s.scalars(
                select(PointsEntry).where(PointsEntry.member_id == member_id).order_by(PointsEntry.id))]

    def tier(self, member_id: int) -> str:
        with self.db.session() as s:
            return s.get(Member, member_id).tier
