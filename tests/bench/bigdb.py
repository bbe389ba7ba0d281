"""The big benchmark database: ~1,000,000 members and ~5,000,000 orders, built once with a
bulk generator (plain executemany on SQLite, COPY on PostgreSQL; per-row ORM would take
hours) and cached in ~/.cache/caredesk-bench/. Other benchmarks reuse it:

    from tests.bench.bigdb import BENCH_DAY, sqlite_copy, postgres_copy
    path = sqlite_copy(members=1_000_000)          # a fresh working copy of the cached file
    url, done = postgres_copy(members=1_000_000)   # a working database on PostgreSQL

Run alone to (re)build the cache: .venv/bin/python -m tests.bench.bigdb --members 1000000
The data is deterministic (seeded) and dated relative to BENCH_DAY (Monday 2026-06-15).
"""

import argparse
import os
import random
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Boolean, Date, text

from app.data.base import Base, UTCDateTime
from app.data.engine import make_engine
from app.data.migrate import upgrade
from app.services.users import hash_password

BENCH_DAY = date(2026, 6, 15)
BENCH_NOW = datetime(2026, 6, 15, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
FORMAT_VERSION = 1  # bump when the generator changes, so stale caches are rebuilt
CACHE = Path(os.environ.get("CAREDESK_BENCH_CACHE", Path.home() / ".cache" / "caredesk-bench"))
AGENTS = 50
TABLES = ("users", "products", "members", "orders", "order_lines")

_PRODUCTS = [  # (name, name_en, category, pack_days, price_fen)
    ("深海鱼油软胶囊 500mg", "Deep-sea fish oil 500 mg", "fish_oil", 30, 19800),
    ("深海鱼油软胶囊 1000mg", "Deep-sea fish oil 1000 mg", "fish_oil", 60, 32800),
    ("复合维生素片", "Multivitamin tablets", "vitamins", 30, 12800),
    ("钙+维生素D3片", "Calcium + D3 tablets", "vitamins", 60, 15800),
    ("维生素C咀嚼片", "Vitamin C chewables", "vitamins", 30, 6800),
    ("乳清蛋白粉 900g", "Whey protein 900 g", "protein_powder", 30, 29800),
    ("植物蛋白粉 450g", "Plant protein 450 g", "protein_powder", 20, 16800),
    ("益生菌粉 30袋", "Probiotic sachets x30", "probiotics", 30, 19800),
    ("益生菌胶囊 60粒", "Probiotic capsules x60", "probiotics", 60, 25800),
    ("婴儿配方奶粉 1段 800g", "Infant formula stage 1", "infant_formula", 20, 35800),
    ("婴儿配方奶粉 2段 800g", "Infant formula stage 2", "infant_formula", 20, 33800),
    ("婴儿米粉 250g", "Baby rice cereal", "baby_food", 30, 8800),
]
_REGIONS = ["上海", "北京", "广东省广州市", "浙江省杭州市", "江苏省南京市", "四川省成都市", "湖北省武汉市",
            "山东省济南市", "福建省厦门市", "辽宁省沈阳市"]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "秀英伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂"
_BEST = ["", "", "", "", "12:00-13:30;19:00-21:00", "09:00-11:00", "19:00-21:00"]


def _ts(value: datetime) -> str:
    """SQLAlchemy's SQLite storage format for a UTC instant."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def sqlite_cache_path(members: int) -> Path:
    return CACHE / f"caredesk-{members}-v{FORMAT_VERSION}.db"


def ensure_sqlite(members: int, *, seed: int = 1, progress: Callable[[str], None] = print) -> Path:
    """The cached SQLite database for `members`, generated when missing."""
    path = sqlite_cache_path(members)
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    for leftover in CACHE.glob(tmp.name + "*"):
        leftover.unlink()
    engine = make_engine(f"sqlite:///{tmp}")
    upgrade(engine)
    engine.dispose()
    started = time.perf_counter()
    conn = sqlite3.connect(tmp, isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-1000000")
    conn.execute("BEGIN")
    _generate(conn, members, seed, progress)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    tmp.rename(path)
    progress(f"generated {members:,} members in {time.perf_counter() - started:.0f} s -> {path}")
    return path


def _generate(conn: sqlite3.Connection, members: int, seed: int, progress) -> None:
    rng = random.Random(seed)
    now = _ts(BENCH_NOW)
    pw = hash_password("bench-password")
    conn.executemany(
        "INSERT INTO users (id, username, display_name, role, password_hash, can_view_health, active, language,"
        " created_at) VALUES (?, ?, ?, 'agent', ?, 0, 1, 'zh', ?)",
        [(i, f"agent{i:02d}", f"坐席{i:02d}", pw, now) for i in range(1, AGENTS + 1)])
    conn.executemany(
        "INSERT INTO products (id, sku, name, name_en, category, pack_days, daily_dose, dosage, price_fen)"
        " VALUES (?, ?, ?, ?, ?, ?, '', '', ?)",
        [(i, f"SKU{i:04d}", *p) for i, p in enumerate(_PRODUCTS, 1)])
    order_id = 0
    batch_m: list[tuple] = []
    batch_o: list[tuple] = []
    batch_l: list[tuple] = []
    for mid in range(1, members + 1):
        tier = rng.choices(("standard", "silver", "gold", "diamond"), (70, 18, 9, 3))[0]
        owner = rng.randint(1, AGENTS) if tier in ("gold", "diamond") and rng.random() < 0.8 else None
        favourite = rng.randrange(len(_PRODUCTS))
        pid = favourite + 1
        pack = _PRODUCTS[favourite][3]
        price = _PRODUCTS[favourite][4]
        k = rng.choices(range(1, 10), (8, 10, 12, 14, 14, 13, 11, 10, 8))[0]
        day = BENCH_DAY - timedelta(days=rng.randint(0, 150))
        orders = []
        for _ in range(k):
            qty = rng.choices((1, 2, 3), (70, 20, 10))[0]
            at = datetime(day.year, day.month, day.day, rng.randint(0, 15), rng.randint(0, 59), tzinfo=UTC)
            orders.append((at, qty))
            day -= timedelta(days=max(7, int(pack * qty * rng.uniform(0.7, 1.6))))
        orders.reverse()
        spent = 0
        for at, qty in orders:
            order_id += 1
            amount = price * qty
            spent += amount
            delivered = at + timedelta(days=rng.randint(1, 4))
            batch_o.append((order_id, f"O{order_id:010d}", mid, _ts(at),
                            _ts(delivered) if delivered <= BENCH_NOW else None, "app", amount))
            batch_l.append((order_id, order_id, pid, qty, amount))
        birth = date(1950, 1, 1) + timedelta(days=rng.randint(0, 18000))
        name = rng.choice(_SURNAMES) + rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.6 else "")
        zone = "America/New_York" if rng.random() < 0.01 else None
        batch_m.append((
            mid, f"M{mid:08d}", name, "", rng.choice("FM"), birth.isoformat(), rng.choice(_REGIONS),
            f"+86138{mid:08d}", zone, rng.choice(_BEST), int(rng.random() < 0.96), int(rng.random() < 0.02),
            tier, owner, "stable", spent, _ts(orders[0][0]), _ts(orders[-1][0]), now, now,
        ))
        if len(batch_m) >= 20_000 or mid == members:
            conn.executemany(
                "INSERT INTO members (id, external_id, name, name_initials, gender, birth_date, region, phone_e164,"
                " timezone, language, preferred_channel, best_times, consent, do_not_call, tier, points_balance,"
                " owner_id, lifecycle_stage, segment_tags, medical_flag, total_spent_fen, first_order_at,"
                " last_order_at, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'zh', 'phone',"
                " ?, ?, ?, ?, 0, ?, ?, '', 0, ?, ?, ?, ?, ?, 1)", batch_m)
            conn.executemany(
                "INSERT INTO orders (id, external_id, member_id, ordered_at, delivered_at, channel, amount_fen)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)", batch_o)
            conn.executemany(
                "INSERT INTO order_lines (id, order_id, product_id, quantity, amount_fen) VALUES (?, ?, ?, ?, ?)",
                batch_l)
            batch_m, batch_o, batch_l = [], [], []
            if mid % 100_000 == 0 or mid == members:
                progress(f"  {mid:,} members, {order_id:,} orders")


def sqlite_copy(members: int, work_dir: Path) -> Path:
    """A fresh working copy of the cached SQLite file (benchmarks write tasks into it)."""
    source = ensure_sqlite(members)
    target = work_dir / source.name
    shutil.copyfile(source, target)
    engine = make_engine(f"sqlite:///{target}")
    upgrade(engine)  # a cache generated before a newer migration (tables only added since)
    engine.dispose()
    return target


def _sqlite_rows(path: Path, table: str, columns: list[str], batch: int = 50_000) -> Iterator[list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        cur = conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id")
        while rows := cur.fetchmany(batch):
            yield rows
    finally:
        conn.close()


def load_postgres(url: str, members: int, progress: Callable[[str], None] = print) -> None:
    """Fill an empty PostgreSQL database from the cached SQLite file with COPY."""
    source = ensure_sqlite(members)
    engine = make_engine(url)
    upgrade(engine)
    started = time.perf_counter()
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for name in TABLES:
            table = Base.metadata.tables[name]
            columns = [c.name for c in table.columns]
            kinds = [_converter(c.type) for c in table.columns]
            with cur.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
                for rows in _sqlite_rows(source, name, columns):
                    for row in rows:
                        copy.write_row([k(v) if v is not None else None for k, v in zip(kinds, row)])
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))")
            progress(f"  copied {name}")
        raw.commit()
        cur.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
        engine.dispose()
    progress(f"loaded PostgreSQL in {time.perf_counter() - started:.0f} s")


def _converter(kind) -> Callable:
    if isinstance(kind, Boolean):
        return bool
    if isinstance(kind, UTCDateTime):
        return lambda v: v + "+00"
    if isinstance(kind, Date):
        return str
    return lambda v: v


def postgres_copy(members: int, *, url: str | None = None,
                  progress: Callable[[str], None] = print) -> tuple[str, Callable[[], None]]:
    """A working PostgreSQL database with the big data set, and a function that cleans up.

    With `url` (an existing server) a loaded template database is kept there between runs
    and each run gets a copy; otherwise a throwaway cluster is started and loaded.
    """
    from tests.support.pgcluster import start_cluster

    if url is None:
        cluster = start_cluster()
        work = cluster.createdb("bench")
        load_postgres(work, members, progress)
        return work, cluster.destroy
    engine = make_engine(url)
    template = f"caredesk_bench_{members}_v{FORMAT_VERSION}"
    admin = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    exists = admin.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": template}).scalar()
    if not exists:
        admin.execute(text(f'CREATE DATABASE "{template}"'))
        load_postgres(engine.url.set(database=template).render_as_string(hide_password=False), members, progress)
    admin.execute(text('DROP DATABASE IF EXISTS "caredesk_bench_work"'))
    admin.execute(text(f'CREATE DATABASE "caredesk_bench_work" TEMPLATE "{template}"'))
    admin.close()
    work = engine.url.set(database="caredesk_bench_work").render_as_string(hide_password=False)
    engine.dispose()
    engine = make_engine(work)
    upgrade(engine)  # a template loaded before a newer migration
    engine.dispose()
    return work, lambda: None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="build the cached benchmark database")
    parser.add_argument("--members", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    ensure_sqlite(args.members)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
