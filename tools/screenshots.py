"""Make the README's screenshots from a fresh demo database, in Chinese and in English.

Run under Xvfb so real fonts and a real window system paint the window:

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshots.py

It builds a demo database in a temporary folder (nothing of the user's is touched), fixes
the clock so the pictures do not change from run to run, signs in as the demo agent, and
saves PNGs under docs/screenshots/.
"""

import argparse
import os
import sys
import tempfile
import time as wall
from collections.abc import Callable
from datetime import date, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZE = (1366, 768)
DEFAULT_DAY = date(2026, 6, 15)
DEFAULT_AT = time(10, 20)


def wait_until(app, condition: Callable[[], bool], *, timeout: float = 60.0) -> None:
    from PySide6.QtCore import QEventLoop

    deadline = wall.monotonic() + timeout
    while not condition():
        if wall.monotonic() > deadline:
            raise TimeoutError("the window did not finish loading")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        wall.sleep(0.01)


def settle(app, seconds: float = 0.3) -> None:
    """Let pending paints and queued results land before grabbing."""
    from PySide6.QtCore import QEventLoop

    end = wall.monotonic() + seconds
    while wall.monotonic() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--members", type=int, default=2000)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="caredesk-shots-"))
    os.environ["CAREDESK_DATA_DIR"] = str(workdir)  # settings and database stay in here
    os.environ.pop("CAREDESK_DATABASE_URL", None)
    os.environ.setdefault("TZ", "Asia/Shanghai")
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")

    from PySide6.QtWidgets import QApplication

    from app.config import Config
    from app.data.uow import Database
    from ui.context import AppContext
    from ui.main import make_clock
    from ui.settings import Settings
    from ui.startup import demo_module, demo_sign_in, prepare_database
    from ui.tasks import TaskRunner

    demo = demo_module()
    if demo is None:
        print("app.demo is missing: cannot build the demo database", file=sys.stderr)
        return 1

    app = QApplication([sys.argv[0]])
    config = Config(database_url=f"sqlite:///{workdir / 'caredesk.db'}")
    db = Database.from_config(config)
    clock = make_clock(DEFAULT_DAY, DEFAULT_AT)
    started = wall.monotonic()
    prepare_database(db, clock)
    print(f"demo database ready in {wall.monotonic() - started:.1f}s")
    actor = demo_sign_in(db, demo.DEMO_AGENT)
    if actor is None:
        print("the demo agent cannot sign in", file=sys.stderr)
        return 1
    runner = TaskRunner(app)
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        for language in ("zh_CN", "en"):
            ctx = AppContext(config=config, db=db, clock=clock, runner=runner, settings=Settings(),
                             actor=actor, language=language)
            for path in shoot(app, ctx, args.out):
                print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    finally:
        runner.shutdown()
        db.dispose()
    return 0


def shoot(app, ctx, out: Path) -> list[Path]:
    """Open the window in `ctx.language`, bring it to the states worth showing, grab each."""
    from ui.i18n import install_translators
    from ui.mainwindow import MainWindow

    translators = install_translators(app, ctx.language)
    written: list[Path] = []

    def grab(window, name: str) -> None:
        settle(app)
        path = out / name
        window.grab().save(str(path))
        written.append(path)

    try:
        window = MainWindow(ctx)
        window.resize(*SIZE)
        window.show()
        window.reload()
        ws = window.workstation
        wait_until(app, lambda: ws.queue.model.rowCount() > 0 and not ctx.runner.busy)
        if ctx.language == "en":
            grab(window, "main-window.png")
        ws.calls.next_call()
        wait_until(app, lambda: ws.call is not None and not ctx.runner.busy)
        fill_mid_call(ws)
        settle(app, 3.2)  # a few seconds into the call, so the call timer shows it running
        grab(window, f"workstation-{ctx.language}.png")
        ws.calls.confirm = lambda _text: True  # the form is filled: Release would ask (a modal)
        ws.calls.release_call()
        wait_until(app, lambda: ws.call is None and not ctx.runner.busy)
        window.close()
        wait_until(app, lambda: not ctx.runner.busy)
        window.deleteLater()
        settle(app, 0.1)
    finally:
        for translator in translators:
            app.removeTranslator(translator)
    return written


def fill_mid_call(ws) -> None:  # noqa: D401 - a screenplay, not an API
    """A call in progress: a few answers given, the knowledge base open beside the script."""
    script = ws.script
    for question_id, value in (("dose_ok", True), ("satisfaction", 9), ("overall", 9)):
        if script.editor(question_id) is not None:
            script.set_answer(question_id, value)
    english = ws.knowledge._english
    ws.form.notes.setPlainText("Asks about the larger pack" if english else "会员询问大包装的价格")
    ws.form.recommendation.setPlainText("Take it with breakfast every day." if english else "建议每天随早餐服用。")
    ws.form.choose_disposition_number(ws.form.bar.codes.index("reached") + 1)  # the chosen one, filled
    ws.knowledge.focus_search()


if __name__ == "__main__":
    sys.exit(main())
