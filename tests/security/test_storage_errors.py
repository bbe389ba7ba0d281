"""Unreadable files and broken disks are messages, not tracebacks: a damaged SQLite file, a
mapping that is not JSON, a garbage settings file, a full disk and a read-only disk, in the
CLI and the desktop. And the embedded database is as durable as the README says."""

import csv
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from app.data.engine import make_engine
from app.data.storage import storage_problem
from app.data.uow import Database
from ui.settings import LANGUAGE, Settings, settings_path
from ui.tasks import SyncRunner

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *args], input=stdin, capture_output=True, text=True,
                          timeout=300)


def _refused_calmly(run: subprocess.CompletedProcess, words: str) -> None:
    assert run.returncode == 1, run.stderr
    assert words in run.stderr and "Traceback" not in run.stderr, run.stderr


@pytest.fixture
def mount(tmp_path):
    """A tiny tmpfs of its own (root only); skipped where mounting is not allowed."""
    mounted: list[Path] = []

    def make(size_kb: int) -> Path:
        point = tmp_path / f"tmpfs-{len(mounted)}"
        point.mkdir()
        if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(point)],
                          capture_output=True).returncode != 0:
            pytest.skip("cannot mount a tmpfs here (needs root)")
        mounted.append(point)
        return point

    yield make
    for point in mounted:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def _members_csv(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["external_id", "name", "phone", "region"])
        for i in range(rows):
            writer.writerow([f"M{i:06d}", f"会员{i}" + "某" * 60, f"+86139{i:08d}", "上海市" * 10])
    return path


def test_a_damaged_sqlite_file_is_a_message_in_the_cli(tmp_path):
    damaged = tmp_path / "caredesk.db"
    damaged.write_bytes(b"this is not an SQLite file at all" * 200)
    _refused_calmly(_cli("--db", f"sqlite:///{damaged}", "member", "search", "王"), "damaged")


def test_a_damaged_sqlite_file_is_a_message_at_start(qtbot, tmp_path, monkeypatch):
    from ui import main as ui_main

    damaged = tmp_path / "caredesk.db"
    damaged.write_bytes(b"\x00garbage" * 500)
    db = Database.from_url(f"sqlite:///{damaged}")
    shown: list[str] = []
    monkeypatch.setattr(ui_main.QMessageBox, "critical", lambda _parent, _title, message: shown.append(message))
    try:
        with pytest.raises(Exception) as failed:
            ui_main.prepare_job(db, ui_main.make_clock(None, None))
        assert ui_main.explain_startup_error(failed.value) is True
    finally:
        db.dispose()
    assert shown and "damaged" in shown[0]


def test_a_mapping_file_that_is_not_json_is_a_message(sqlite_url, tmp_path):
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"会员编号": "external_id",', encoding="utf-8")
    members = _members_csv(tmp_path / "members.csv", 1)
    _refused_calmly(_cli("--db", sqlite_url, "import", "members", str(members), "--mapping", str(mapping)),
                    "not valid JSON")
    mapping.write_bytes(b"\xff\xfe\x00{")
    _refused_calmly(_cli("--db", sqlite_url, "import", "members", str(members), "--mapping", str(mapping)),
                    "mapping")


def test_a_garbage_settings_file_gives_the_defaults():
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_bytes(b"\x00\xff[garbage\n=== \x01\x02")
    assert Settings().get(LANGUAGE) == LANGUAGE.default


def test_a_full_disk_is_a_message_in_the_cli_and_nothing_half_written(sqlite_template, mount, tmp_path):
    disk = mount(sqlite_template.stat().st_size // 1024 + 96)
    shutil.copyfile(sqlite_template, disk / "caredesk.db")
    url = f"sqlite:///{disk / 'caredesk.db'}"
    run = _cli("--db", url, "import", "members", str(_members_csv(tmp_path / "members.csv", 3000)))
    _refused_calmly(run, "the disk is full")
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM members")).scalar() == 0
    finally:
        engine.dispose()


def test_a_read_only_disk_is_a_message_in_the_cli(sqlite_template, mount):
    disk = mount(sqlite_template.stat().st_size // 1024 + 512)
    shutil.copyfile(sqlite_template, disk / "caredesk.db")
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    run = _cli("--db", f"sqlite:///{disk / 'caredesk.db'}", "user", "add", "wang", "--role", "agent",
               "--password-stdin", stdin="long-enough-password\n")
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert "read-only" in run.stderr


def test_a_full_database_is_a_known_error_in_the_app_not_a_crash(sqlite_url, qtbot):
    # SQLite's max_page_count makes the file "full" on this connection, as a full disk would.
    db = Database.from_url(sqlite_url)
    runner = SyncRunner()
    known: list[str] = []
    runner.known_error.connect(known.append)

    def fill() -> None:
        with db.engine.connect() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
            conn.exec_driver_sql(f"PRAGMA max_page_count = {pages}")
            for _ in range(200):
                conn.exec_driver_sql("INSERT INTO change_events (at, topic, user_id) VALUES "
                                     "('2026-06-15 02:00:00', ?, NULL)", ("x" * 30 + uuid.uuid4().hex,))
            conn.commit()
    try:
        runner.run_db(fill)
    finally:
        db.dispose()
    assert known and "the disk is full" in known[0]


def test_storage_problems_are_sorted_from_the_os_too():
    import errno

    assert storage_problem(OSError(errno.ENOSPC, "No space left on device")) == "full"
    assert storage_problem(OSError(errno.EROFS, "Read-only file system")) == "read_only"
    assert storage_problem(ValueError("something else")) is None


def test_the_embedded_database_is_as_durable_as_the_readme_says(sqlite_url):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The embedded database", 1)[1].split("\n## ", 1)[0]
    claimed = re.search(r"SQLite (WAL) with `synchronous=(\w+)`", section)
    assert claimed is not None, "the README must say how the embedded file is written"
    engine = make_engine(sqlite_url)
    try:
        with engine.connect() as conn:
            journal = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
            synchronous = conn.exec_driver_sql("PRAGMA synchronous").scalar()
    finally:
        engine.dispose()
    levels = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
    assert (journal.upper(), levels[synchronous]) == (claimed.group(1), claimed.group(2))
    assert claimed.group(2) in ("FULL", "EXTRA")  # "survives a power cut" needs a flush per commit


def test_an_unreadable_report_logo_is_a_message_and_no_pdf(db_url, db, clock, tmp_path, monkeypatch, capsys):
    import dataclasses

    from app.cli.main import main
    from app.reports.brand import load_brand
    from app.services.settings import brand as centre_brand
    from tests.support.call_world import build_world

    w = build_world(db, clock)
    logo = tmp_path / "logo.jpg"
    logo.write_bytes(b"not an image")
    # The packaged logo file is what a centre without its own logo prints (its own is checked when stored).
    monkeypatch.setattr(centre_brand, "load_brand", lambda: dataclasses.replace(load_brand(), logo_path=logo))
    out = tmp_path / "report.pdf"
    assert main(["--db", db_url, "report", "member", str(w.member_id), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "cannot use the file" in err and "Traceback" not in err
    assert not out.exists()


def test_a_full_disk_reported_by_a_screen_is_a_known_error_not_a_crash(qtbot):
    import errno

    from ui.errors import report_bug

    runner = SyncRunner()
    known: list[str] = []
    crashes: list[str] = []
    runner.known_error.connect(known.append)
    runner.unhandled_error.connect(lambda message, trace: crashes.append(message))
    report_bug(runner, OSError(errno.ENOSPC, "No space left on device"))
    report_bug(runner, RuntimeError("a real bug"))
    assert known == ["the disk is full: nothing was saved; free some space and try again"]
    assert crashes == ["a real bug"]
