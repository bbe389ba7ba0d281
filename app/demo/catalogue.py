"""The demo's fixed material: name lists, regions, catalogue and texts from resources/demo/,
and the users and products every demo database starts with (created when missing)."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.data.tables import Product, User
from app.domain.clock import Clock
from app.domain.codes import Role
from app.services.auth import hash_password

RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "demo"

DEMO_PASSWORD = "caredesk"
DEMO_AGENT = "agent1"

# username, display name, role, may see health profiles
DEMO_USERS = (
    ("agent1", "张敏", Role.AGENT, False),
    ("agent2", "李娜", Role.AGENT, False),
    ("agent3", "王磊", Role.AGENT, False),
    ("agent4", "刘洋", Role.AGENT, False),
    ("supervisor1", "陈静", Role.SUPERVISOR, True),
    ("admin", "系统管理员", Role.ADMIN, True),
)


@cache
def load(name: str) -> dict[str, Any]:
    with open(RESOURCES / f"{name}.json", encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@dataclass(frozen=True)
class ProductInfo:
    id: int
    sku: str
    category: str
    pack_days: int
    price_fen: int
    audience: str
    weight: int


@dataclass(frozen=True)
class Staff:
    agent_ids: tuple[int, ...]
    supervisor_id: int
    created: int  # users added by this run


def ensure_users(session: Session, clock: Clock) -> Staff:
    """The demo team; existing accounts of the same name are kept as they are."""
    existing: dict[str, int] = {name: id_ for name, id_ in session.execute(select(User.username, User.id))}
    password_hash: str | None = None  # argon2 is slow on purpose: hash once, reuse
    created = 0
    for username, display_name, role, health in DEMO_USERS:
        if username in existing:
            continue
        password_hash = password_hash or hash_password(DEMO_PASSWORD)
        user = User(username=username, display_name=display_name, role=role.value, password_hash=password_hash,
                    can_view_health=health, active=True, language="zh", created_at=clock.now())
        session.add(user)
        session.flush()
        existing[username] = user.id
        created += 1
    agents = tuple(existing[name] for name, _, role, _ in DEMO_USERS if role is Role.AGENT)
    return Staff(agent_ids=agents, supervisor_id=existing["supervisor1"], created=created)


def ensure_products(session: Session) -> tuple[list[ProductInfo], int]:
    """The catalogue of resources/demo/products.json; a product already there (same sku) is kept."""
    rows = load("products")["products"]
    existing = {p.sku: p for p in session.scalars(select(Product))}
    created = 0
    infos = []
    for row in rows:
        product = existing.get(row["sku"])
        if product is None:
            product = Product(**{k: row[k] for k in ("sku", "name", "name_en", "category", "pack_days",
                                                      "daily_dose", "dosage", "price_fen")})
            session.add(product)
            session.flush()
            created += 1
        infos.append(ProductInfo(
            id=product.id, sku=product.sku, category=product.category, pack_days=product.pack_days or 30,
            price_fen=product.price_fen or row["price_fen"], audience=row["audience"], weight=row["weight"],
        ))
    return infos, created
