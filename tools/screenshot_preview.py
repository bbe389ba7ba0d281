"""Make docs/screenshots/report-preview.png: a member's care report in the preview dialog,
as a 1366x768 laptop screen shows it (the whole screen is grabbed, so the picture shows the
dialog and its buttons fit).

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshot_preview.py
"""

import argparse
import os
import sys
import tempfile
import time as wall
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def settle(app, seconds: float = 1.0) -> None:
    from PySide6.QtCore import QEventLoop

    end = wall.monotonic() + seconds
    while wall.monotonic() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "report-preview.png")
    parser.add_argument("--lang", default="zh_CN", choices=["en", "zh_CN"])
    args = parser.parse_args()
    os.environ.setdefault("TZ", "Asia/Shanghai")
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")

    from PySide6.QtWidgets import QApplication

    from app.data.migrate import upgrade
    from app.data.uow import Database
    from app.reports.member import render_member_report
    from app.services.reports import member_report_data
    from app.services.users import SYSTEM
    from tests.reports.bench_clock import BENCH_CLOCK
    from tests.reports.builders import populate, rich_member
    from ui.fonts import install_app_fonts
    from ui.i18n import install_translators
    from ui.reports.preview_dialog import PreviewDialog

    app = QApplication([sys.argv[0]])
    install_app_fonts(app)
    translators = install_translators(app, args.lang)  # noqa: F841 - kept alive
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.from_url(f"sqlite:///{tmp}/preview.db")
        upgrade(db.engine)
        with db.session() as s:
            populate(s, BENCH_CLOCK, members=20)
            member_id = rich_member(s, BENCH_CLOCK, name="王秀英", phone="+8613812345678").id
        pdf = render_member_report(member_report_data(db, SYSTEM, BENCH_CLOCK, member_id))
        db.dispose()
    dialog = PreviewDialog(pdf, "王秀英-关怀报告.pdf", "王秀英")
    dialog.show()
    settle(app, 2.0)  # QtPdf renders the pages asynchronously
    args.out.parent.mkdir(parents=True, exist_ok=True)
    app.primaryScreen().grabWindow(0).save(str(args.out))
    print(f"wrote {args.out} (screen {app.primaryScreen().size().width()}x{app.primaryScreen().size().height()})")
    dialog.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
