"""Make docs/screenshots/supervisor.png: the supervisor console on demo data.

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshot_supervisor.py

Builds a database in a temporary folder (by default the benchmark's floor generator at a
small size, a busy afternoon; --data demo uses the demo generator), fixes the clock at a busy afternoon so the
picture does not change from run to run, signs in as the demo supervisor and grabs the window.
"""

import argparse
import os
import sys
import tempfile
import time as wall
from datetime import date, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DAY = date(2026, 6, 15)
AT = time(15, 40)


def wait_until(app, condition, *, timeout: float = 120.0) -> None:
    from PySide6.QtCore import QEventLoop

    deadline = wall.monotonic() + timeout
    while not condition():
        if wall.monotonic() > deadline:
            raise TimeoutError("the console did not finish loading")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        wall.sleep(0.01)


def settle(app, seconds: float = 0.5) -> None:
    from PySide6.QtCore import QEventLoop

    end = wall.monotonic() + seconds
    while wall.monotonic() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def build(db, clock, *, members: int, data: str) -> None:
    from app.data.migrate import upgrade
    from ui.startup import demo_module

    upgrade(db.engine)
    demo = demo_module()
    generate = getattr(demo, "generate", None) if demo is not None and data == "demo" else None
    if generate is not None:
        generate(db, clock, members=members, seed=7)
    else:
        from tests.support.floor_bulk import generate_floor

        generate_floor(db, clock, members=members, days=190, calls_per_day=420, agents=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "supervisor.png")
    parser.add_argument("--members", type=int, default=3000)
    parser.add_argument("--lang", default="en", choices=["en", "zh_CN"])
    parser.add_argument("--data", default="floor", choices=["floor", "demo"],
                        help="floor: a busy afternoon from tests/support/floor_bulk.py (default); "
                             "demo: app.demo's generator")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="caredesk-supervisor-"))
    os.environ["CAREDESK_DATA_DIR"] = str(workdir)
    os.environ.setdefault("TZ", "Asia/Shanghai")
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")

    from PySide6.QtWidgets import QApplication
    from sqlalchemy import select

    from app.config import Config
    from app.data.tables import User
    from app.data.uow import Database
    from app.services.auth import actor_from_user
    from ui.context import AppContext
    from ui.i18n import install_translators
    from ui.main import make_clock
    from ui.settings import Settings
    from ui.supervisor.window import SupervisorWindow
    from ui.tasks import TaskRunner

    app = QApplication([sys.argv[0]])
    translators = install_translators(app, args.lang)  # noqa: F841 - kept alive
    config = Config(database_url=f"sqlite:///{workdir / 'caredesk.db'}")
    db = Database.from_config(config)
    clock = make_clock(DAY, AT)
    started = wall.monotonic()
    build(db, clock, members=args.members, data=args.data)
    print(f"database ready in {wall.monotonic() - started:.1f}s")
    with db.session() as session:
        user = session.scalar(select(User).where(User.role == "supervisor").order_by(User.id))
        actor = actor_from_user(user)
    runner = TaskRunner(app)
    try:
        ctx = AppContext(config=config, db=db, clock=clock, runner=runner, settings=Settings(), actor=actor,
                         language=args.lang)
        window = SupervisorWindow(ctx)
        window.resize(1366, 768)
        window.show()
        loaded = []
        window.console.loaded.connect(lambda: loaded.append(True))
        window.console.reload()
        wait_until(app, lambda: bool(loaded))
        settle(app, 1.0)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(args.out))
        print(f"wrote {args.out}")
        window.close()
    finally:
        runner.shutdown()
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
