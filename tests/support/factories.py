"""Small builders for test data: real rows through the ORM, with sensible defaults.

Each builder takes an open session and flushes, so ids are available at once.
"""

from datetime import date, datetime, timedelta
from itertools import count

from sqlalchemy.orm import Session

from app.data.tables import Member, Order, OrderLine, Product, User
from app.services.users import Actor, actor_from_user, hash_password

_seq = count(1)
_FAST_HASH = None


def _password_hash() -> str:
    global _FAST_HASH
    if _FAST_HASH is None:
        _FAST_HASH = hash_password("password123")
    return _FAST_HASH


def make_user(session: Session, username: str | None = None, *, role: str = "agent",
              can_view_health: bool = False, at: datetime) -> Actor:
    user = User(
        username=username or f"agent{next(_seq)}", display_name=username or "Agent", role=role,
        password_hash=_password_hash(), can_view_health=can_view_health, active=True, created_at=at,
    )
    session.add(user)
    session.flush()
    return actor_from_user(user)


def make_product(session: Session, sku: str | None = None, *, name: str = "深海鱼油软胶囊 500mg",
                 category: str = "fish_oil", pack_days: int = 30, daily_dose: str = "1粒",
                 dosage: str = "500mg，每日1粒，随餐服用", price_fen: int = 19800) -> Product:
    product = Product(
        sku=sku or f"SKU{next(_seq):05d}", name=name, name_en="Deep-sea fish oil 500 mg",
        category=category, pack_days=pack_days, daily_dose=daily_dose, dosage=dosage, price_fen=price_fen,
    )
    session.add(product)
    session.flush()
    return product


def make_member(session: Session, *, at: datetime, name: str = "王秀英", phone: str = "+8613812345678",
                tier: str = "standard", consent: bool = True, do_not_call: bool = False,
                owner_id: int | None = None, best_times: str = "", birth_date: date | None = None,
                external_id: str | None = None, timezone: str | None = "Asia/Shanghai",
                name_initials: str = "wxy", language: str = "zh") -> Member:
    member = Member(
        external_id=external_id or f"M{next(_seq):07d}", name=name, name_initials=name_initials,
        gender="F", birth_date=birth_date or date(1980, 3, 14), region="上海", phone_e164=phone,
        timezone=timezone, language=language, best_times=best_times, consent=consent,
        do_not_call=do_not_call, tier=tier, points_balance=0, owner_id=owner_id,
        lifecycle_stage="stable", created_at=at, updated_at=at,
    )
    session.add(member)
    session.flush()
    return member


def make_order(session: Session, member: Member, product: Product, *, ordered_at: datetime,
               quantity: int = 1, delivered_after: timedelta | None = timedelta(days=2),
               channel: str = "app", batch_no: str = "B2026001") -> Order:
    amount = product.price_fen * quantity
    order = Order(
        external_id=f"O{next(_seq):08d}", member_id=member.id, ordered_at=ordered_at,
        delivered_at=ordered_at + delivered_after if delivered_after is not None else None,
        channel=channel, amount_fen=amount,
    )
    order.lines.append(OrderLine(product_id=product.id, quantity=quantity, amount_fen=amount, batch_no=batch_no))
    session.add(order)
    member.first_order_at = min(filter(None, [member.first_order_at, ordered_at]))
    member.last_order_at = max(filter(None, [member.last_order_at, ordered_at]))
    member.total_spent_fen += amount
    session.flush()
    return order
