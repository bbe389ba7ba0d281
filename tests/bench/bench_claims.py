"""What one claim costs on PostgreSQL, and how many 16 claiming processes reach (issue 13).

    .venv/bin/python -m tests.bench.bench_claims --members 100000 --pg-url URL

Builds the queue once, then, each in processes of their own on a fresh copy of the built
database: one agent's claim_next in a row (p50, p90, the client's CPU, the PostgreSQL
backend's CPU from /proc, statements per claim, by how many claims the agent already holds),
and 16 agents claiming for 10 s, `--rounds` times (claims per second, statements, client CPU
per claim, and the whole machine's busy time per claim: the client's plus the server's; the
median of the rounds); with `--floor-rounds`, the same 16 agents running the claim's floor
(bench_queue's fair floor: the bare SQL of the same reads and the take), alternating.
"""

import argparse
import multiprocessing as mp
import os
import re
import statistics
import time
from datetime import timedelta

from sqlalchemy import event, text

from app.data.engine import make_engine
from app.data.uow import Database
from app.services import queue
from app.services.users import SYSTEM, actor_by_name
from app.sync.change_feed import enable_notify
from tests.bench.bench_queue import (
    CLOCK, FLOOR_MEMBERS, FLOOR_OWN, FLOOR_PAGE, FLOOR_TAKE, FLOOR_TASKS, FLOOR_WANT, _stmt, floor_rows,
)
from tests.bench.bigdb import postgres_copy



def _built(members: int) -> str:
    return f"caredesk_bench_claims_built_{members}"


def _copy(admin_url: str, name: str, built: str) -> str:
    engine = make_engine(admin_url)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{built}"')
    engine.dispose()
    return engine.url.set(database=name).render_as_string(hide_password=False)


def _count_statements(db: Database) -> list[int]:
    count = [0]

    def _one(*_args) -> None:
        count[0] += 1
    for engine in {db.engine, db.claims_engine}:  # claim_next has connections of its own
        event.listen(engine, "before_cursor_execute", _one)
    return count


def _backend_cpu(pids: list[int]) -> float:
    ticks = 0
    for pid in pids:
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _one_agent(url: str, claims: int, step: int, results) -> None:
    enable_notify()  # as the app in team mode: each claim's change row wakes the other windows
    db = Database.from_url(url)
    agent = actor_by_name(db, "agent01")
    count = _count_statements(db)
    queue.show_queue(db, agent, CLOCK, limit=1)
    db.claims_engine.connect().close()  # claim_next's own connection, open before its backend is looked up
    with db.engine.connect() as conn:
        pids = [r[0] for r in conn.execute(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"))]
    rows = []
    for start in range(0, claims, step):
        walls, c0, s0, count[0] = [], time.process_time(), _backend_cpu(pids), 0
        for _ in range(step):
            t0 = time.perf_counter()
            queue.claim_next(db, agent, CLOCK)
            walls.append((time.perf_counter() - t0) * 1000)
        walls.sort()
        rows.append({"held": start, "p50": walls[len(walls) // 2], "p90": walls[int(len(walls) * 0.9)],
                     "client": (time.process_time() - c0) * 1000 / step,
                     "server": (_backend_cpu(pids) - s0) * 1000 / step, "statements": count[0] / step,
                     "load": os.getloadavg()[0]})
    db.dispose()
    results.put(rows)


def _busy_seconds() -> float:
    values = list(map(int, open("/proc/stat").readline().split()[1:]))
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def _claimer(url: str, username: str, seconds: float, barrier, results) -> None:
    enable_notify()
    db = Database.from_url(url)
    actor = actor_by_name(db, username)
    count = _count_statements(db)
    queue.show_queue(db, actor, CLOCK, limit=1)  # warm the connection and imports
    barrier.wait()
    count[0], c0, n = 0, time.process_time(), 0
    stop = time.perf_counter() + seconds
    while time.perf_counter() < stop and queue.claim_next(db, actor, CLOCK) is not None:
        n += 1
    results.put((n, count[0], time.process_time() - c0))
    db.dispose()


def _floor_claimer(url: str, username: str, seconds: float, barrier, results) -> None:
    """The claim's floor (bench_queue's fair floor: the same reads as a claim, the page
    locked, then the first member's tasks taken, committed), in a loop like _claimer's."""
    db = Database.from_url(url)
    agent = actor_by_name(db, username)
    now = CLOCK.now()
    take = _stmt(FLOOR_TAKE, sqlite=False)
    count = _count_statements(db)

    def fair_claim() -> None:
        with db.session(write=True) as s:
            conn = s.connection()
            ids = floor_rows(conn, sqlite=False, agent_id=agent.id, now=now, lock="FOR UPDATE SKIP LOCKED")
            if ids:
                conn.execute(take, {"agent": agent.id, "until": now + timedelta(minutes=15), "now": now,
                                    "member": ids[0]}).all()
    fair_claim()  # warm the connection and the statements
    barrier.wait()
    count[0], c0, n = 0, time.process_time(), 0
    stop = time.perf_counter() + seconds
    while time.perf_counter() < stop:
        fair_claim()
        n += 1
    results.put((n, count[0], time.process_time() - c0))
    db.dispose()


def _driver_sql(sql: str) -> str:
    """bench_queue's floor statement for psycopg itself: %(name)s parameters, id lists as arrays."""
    sql = re.sub(r"IN :(\w+)", r"= ANY(%(\1)s)", sql.format(hint="", hint_own="", lock="{lock}"))
    return re.sub(r"(?<!:):(\w+)", r"%(\1)s", sql)


def _driver_floor_claimer(url: str, username: str, seconds: float, barrier, results) -> None:
    """The same floor on psycopg's own connection, no SQLAlchemy: the least a client can
    spend on those statements (prepared by psycopg after their first runs)."""
    import psycopg

    db = Database.from_url(url)
    agent_id = actor_by_name(db, username).id
    db.dispose()
    own, page, tasks, members, take = (_driver_sql(q) for q in (FLOOR_OWN, FLOOR_PAGE, FLOOR_TASKS, FLOOR_MEMBERS,
                                                                FLOOR_TAKE))
    page = page.format(lock="FOR UPDATE SKIP LOCKED")
    now = CLOCK.now()
    p = {"agent": agent_id, "now": now, "until": now + timedelta(minutes=15)}
    conn = psycopg.connect(make_engine(url).url.set(drivername="postgresql").render_as_string(hide_password=False))

    def fair_claim() -> int:
        with conn.transaction(), conn.cursor() as cur:
            seen = dict.fromkeys(r[0] for r in cur.execute(own, p).fetchall())
            seen.update(dict.fromkeys(r[0] for r in cur.execute(page, p).fetchall() if r[0] not in seen))
            ids = list(seen)[:FLOOR_WANT]
            cur.execute(tasks, {"ids": ids}).fetchall()
            cur.execute(members, {"ids": ids}).fetchall()
            if ids:
                cur.execute(take, {**p, "member": ids[0]}).fetchall()
        return 5
    for _ in range(6):
        fair_claim()  # warm, and past psycopg's prepare threshold
    barrier.wait()
    statements, c0, n = 0, time.process_time(), 0
    stop = time.perf_counter() + seconds
    while time.perf_counter() < stop:
        statements += fair_claim()
        n += 1
    results.put((n, statements, time.process_time() - c0))
    conn.close()


def many_agents(url: str, processes: int = 16, seconds: float = 10.0, *, floor: str = "") -> dict:
    """`processes` agents claiming for `seconds`: claim_next, or its floor ("sqlalchemy" as
    bench_queue runs it, "driver" on psycopg alone)."""
    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(processes + 1), ctx.Queue()
    target = {"": _claimer, "sqlalchemy": _floor_claimer, "driver": _driver_floor_claimer}[floor]
    procs = [ctx.Process(target=target, args=(url, f"agent{i + 2:02d}", seconds, barrier, results))
             for i in range(processes)]
    for p in procs:
        p.start()
    barrier.wait()
    busy0, load0 = _busy_seconds(), os.getloadavg()[0]
    out = [results.get() for _ in procs]
    busy = _busy_seconds() - busy0
    for p in procs:
        p.join()
    n = sum(o[0] for o in out)
    return {"claims": n, "per_second": n / seconds, "statements": sum(o[1] for o in out) / n,
            "client": 1000 * sum(o[2] for o in out) / n, "busy": 1000 * busy / n,
            "load": (load0, os.getloadavg()[0])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--pg-url", required=True, help="a server where the bench may create databases")
    parser.add_argument("--claims", type=int, default=400)
    parser.add_argument("--step", type=int, default=100)
    parser.add_argument("--reuse-build", action="store_true", help="keep the built copy of an earlier run")
    parser.add_argument("--rounds", type=int, default=3, help="16-process rounds, each on a fresh copy")
    parser.add_argument("--floor-rounds", type=int, default=0,
                        help="16-process rounds of the claim's floor (bare SQL), alternating with claim_next's")
    args = parser.parse_args(argv)
    template = _built(args.members)
    admin = make_engine(args.pg_url)
    with admin.connect() as conn:
        built = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": template}).scalar()
    admin.dispose()
    if not (built and args.reuse_build):
        work, _cleanup = postgres_copy(args.members, url=args.pg_url)
        db = Database.from_url(work)
        queue.build_queue(db, SYSTEM, CLOCK)
        db.dispose()
        engine = make_engine(work)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        engine.dispose()
        admin = make_engine(args.pg_url)
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{template}"')
            conn.exec_driver_sql(f'CREATE DATABASE "{template}" TEMPLATE "caredesk_bench_work"')
        admin.dispose()
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    child = ctx.Process(target=_one_agent, args=(_copy(args.pg_url, "caredesk_bench_claims", template), args.claims,
                                                 args.step, results))
    child.start()
    for row in results.get():
        print("one agent, claims already held {held}: p50 {p50:.1f} ms, p90 {p90:.1f} ms, client CPU {client:.1f} ms, "
              "server CPU {server:.1f} ms, {statements:.1f} statements, load {load:.1f}".format(**row), flush=True)
    child.join()
    # Each round on a fresh copy: 16 processes on two cores spread by a fifth from run to run.
    rates, floors, driver = [], [], []
    for i in range(max(args.rounds, args.floor_rounds)):
        for floor, wanted, kept in (("", args.rounds, rates), ("sqlalchemy", args.floor_rounds, floors),
                                    ("driver", args.floor_rounds, driver)):
            if i >= wanted:
                continue
            many = many_agents(_copy(args.pg_url, "caredesk_bench_claims", template), floor=floor)
            kept.append(many["per_second"])
            print({"": "16 agents", "sqlalchemy": "16 agents' floor (bare SQL)",
                   "driver": "16 agents' floor on psycopg alone"}[floor] +
                  " for 10 s: {claims} claims, {per_second:.0f} claims/s, {statements:.1f} statements, client "
                  "CPU {client:.1f} ms and machine busy {busy:.1f} ms a claim, load {load[0]:.1f} -> {load[1]:.1f}"
                  .format(**many), flush=True)
    if rates:
        print(f"16 agents, median of {len(rates)} rounds: {statistics.median(rates):.0f} claims/s", flush=True)
    if floors:
        print(f"16 agents' floor, median of {len(floors)} rounds: {statistics.median(floors):.0f} claims/s; "
              f"on psycopg alone {statistics.median(driver):.0f} claims/s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
