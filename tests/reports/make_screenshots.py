"""Renders the committed page images: docs/screenshots/report-member-zh.png and report-summary.png.

Run: .venv/bin/python -m tests.reports.make_screenshots  (needs pdftoppm from poppler-utils)
"""

import subprocess
import sys
import tempfile
from pathlib import Path

from app.data.migrate import upgrade
from app.data.uow import Database
from app.reports.member import render_member_report
from app.reports.summary import render_summary_report
from app.services.auth import SYSTEM
from app.services.reports import member_report_data, parse_period, summary_report_data
from tests.reports.bench_clock import BENCH_CLOCK
from tests.reports.builders import populate, rich_member

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def page_png(pdf: bytes, target: Path, page: int = 1) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "r.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile",
                        str(src), str(Path(tmp) / "page")], check=True)
        target.write_bytes((Path(tmp) / "page.png").read_bytes())


def main() -> int:
    clock = BENCH_CLOCK
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.from_url(f"sqlite:///{tmp}/shots.db")
        upgrade(db.engine)
        with db.session() as s:
            populate(s, clock, members=60)
            member_id = rich_member(s, clock, name="王秀英", phone="+8613812345678").id
        OUT.mkdir(parents=True, exist_ok=True)
        member_pdf = render_member_report(member_report_data(db, SYSTEM, clock, member_id))
        summary_pdf = render_summary_report(summary_report_data(db, SYSTEM, clock, parse_period("2026-05")))
        db.dispose()
    page_png(member_pdf, OUT / "report-member-zh.png")
    page_png(summary_pdf, OUT / "report-summary.png")
    for page in (2,):
        page_png(member_pdf, Path(tempfile.gettempdir()) / f"report-member-zh-{page}.png", page)
        page_png(summary_pdf, Path(tempfile.gettempdir()) / f"report-summary-{page}.png", page)
    print(OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
