"""A SIGKILL in the middle of an import leaves the database exactly as it was: the valid
rows go in as one transaction, so there is never half an import behind."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from app.data.tables import Order, OrderLine
from app.services import imports
from app.services.users import SYSTEM
from tests.db.test_imports import snapshot

LINES = 40_000


def _file_position(pid: int, path: Path) -> int | None:
    """How far the process has read `path` (Linux /proc), None when it has not opened it yet."""
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") == str(path):
                    for line in Path(f"/proc/{pid}/fdinfo/{fd}").read_text().splitlines():
                        if line.startswith("pos:"):
                            return int(line.split()[1])
            except OSError:
                continue
    except OSError:
        return None
    return None


def test_sigkill_mid_import_leaves_the_database_as_before(db, db_url, clock, tmp_path):
    products = tmp_path / "p.csv"
    products.write_text("sku,name,category,pack_days\n" + "".join(f"S{i},鱼油{i},fish_oil,30\n" for i in range(20)))
    members = tmp_path / "m.csv"
    members.write_text("external_id,name,phone\n" + "".join(f"M{i},王{i},139{i:08d}\n" for i in range(500)))
    imports.import_file(db, SYSTEM, clock, kind="products", path=products)
    imports.import_file(db, SYSTEM, clock, kind="members", path=members)
    orders = tmp_path / "orders.csv"
    with open(orders, "w", encoding="utf-8") as fh:
        fh.write("order_id,member_external_id,sku,quantity,amount,ordered_at,delivered_at,channel,batch\n")
        for i in range(LINES):
            fh.write(f"O{i // 2},M{(i // 2) % 500},S{i % 2 + (i // 2) % 10 * 2},1,19{i % 10}.00,"
                     f"2026-0{1 + (i // 2) % 5}-1{(i // 2) % 10} 09:30,,tmall,\n")
    size = orders.stat().st_size
    before = snapshot(db)
    proc = subprocess.Popen([sys.executable, "-m", "app", "--db", db_url, "--today", "2026-06-15",
                             "import", "orders", str(orders)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    position = None
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            position = _file_position(proc.pid, orders)
            if position is not None and position > size * 0.4:
                break  # several batches of 5,000 lines are written inside the open transaction
            time.sleep(0.02)
        assert proc.poll() is None, f"the import ended before it could be killed: {proc.stderr.read()!r}"
        assert position is not None and position < size
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(db) == before
    # Nothing is left locked: the same import now runs to its end (its rows: the points of
    # 20,000 new orders, one loyalty call each, are tested in test_imports_loyalty).
    result = imports.import_file(db, SYSTEM, clock, kind="orders", path=orders, after_rows=None)
    assert result.failed == 0 and result.created == LINES
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(OrderLine)) == LINES
        assert s.scalar(select(func.count()).select_from(Order)) == LINES // 2
