"""Crash handling: the rotating log and the crash report keep phones, health data and
passwords out; an uncaught exception shows a dialog whose report copies and is saved."""

import logging
import os
import subprocess
import sys
from logging.handlers import RotatingFileHandler

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

from app.domain.redact import scrub
from ui import crash
from ui.errors import CrashDialog

SECRETS = ("13812345678", "138 1234 5678", "6552 9988", "hunter2", "青霉素", "高血压", "s3cr3t")


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def test_scrub_removes_phones_health_values_and_passwords_but_keeps_the_story():
    text = ("calling +86 138 1234 5678 and 13812345678 (landline 010-6552 9988) failed; "
            "{'password': 'hunter2', 'allergies': '青霉素', 'conditions': '高血压'} "
            "url postgresql://agent:s3cr3t@db.local/care\n"
            '  File "/app/ui/panel.py", line 1234, in save\nValueError: task 42 member 17')
    out = scrub(text)
    assert _leaks(out) == []
    assert "line 1234" in out and "task 42 member 17" in out and "postgresql://agent:***@db.local" in out
    assert "[phone]" in out and "[redacted]" in out


def test_sqlalchemy_parameters_never_reach_the_report():
    out = scrub("(sqlite3.IntegrityError) UNIQUE failed\n[SQL: INSERT INTO members (phone, note) VALUES (?, ?)]\n"
                "[parameters: ('+8613812345678', '青霉素过敏')]\n(Background on this error at: https://sqlalche.me/e/20/gkpj)")
    assert _leaks(out) == [] and "[SQL: INSERT INTO members" in out and "Background on this error" in out


def test_log_file_is_rotating_scrubbed_and_faulthandler_is_on(tmp_path):
    path = crash.setup_logging(tmp_path)
    try:
        logging.getLogger("caredesk.test").warning("dialling 13812345678 with password=hunter2")
        try:
            raise RuntimeError("allergies: 青霉素")
        except RuntimeError:
            logging.getLogger("caredesk.test").exception("save failed")
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
        assert "dialling [phone] with password=[redacted]" in text and "RuntimeError" in text
        assert _leaks(text) == []
        handler = next(h for h in logging.getLogger().handlers if isinstance(h, RotatingFileHandler))
        assert handler.maxBytes > 0 and handler.backupCount >= 1
        assert __import__("faulthandler").is_enabled()
    finally:
        import faulthandler

        logging.basicConfig(handlers=[logging.NullHandler()], force=True)
        faulthandler.enable(file=sys.__stderr__)


def test_hard_crash_leaves_a_trace_in_the_log_folder(tmp_path):
    code = "from pathlib import Path; from ui import crash; crash.setup_logging(Path(r'%s')); import faulthandler; faulthandler._sigsegv()" % tmp_path
    env = dict(os.environ)
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "Fatal Python error" in (tmp_path / crash.FAULT_FILE).read_text(encoding="utf-8")


def test_uncaught_exception_shows_a_scrubbed_copyable_report_and_saves_it(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv(crash.LOG_DIR_ENV, str(tmp_path))
    shown: list[CrashDialog] = []

    def inspect_and_close() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible())
        shown.append(dialog)
        dialog.copy_button.click()
        dialog.reject()

    old_hook = sys.excepthook
    crash.install_excepthook()
    try:
        QTimer.singleShot(0, inspect_and_close)
        try:
            raise ValueError("could not dial 13812345678 for member with allergies: 青霉素")
        except ValueError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old_hook
    assert len(shown) == 1
    report = shown[0].report.toPlainText()
    assert "ValueError: could not dial [phone]" in report and "Traceback" in report and _leaks(report) == []
    assert QApplication.clipboard().text() == report
    saved = list(tmp_path.glob("crash-*.txt"))
    assert len(saved) == 1 and saved[0].read_text(encoding="utf-8") == report
    assert str(saved[0]) in shown[0].findChild(QLabel, "crash_intro").text()


def test_keyboard_interrupt_is_not_a_crash(monkeypatch, tmp_path):
    kind = KeyboardInterrupt
    monkeypatch.setenv(crash.LOG_DIR_ENV, str(tmp_path))
    called = []
    monkeypatch.setattr(sys, "__excepthook__", lambda *a: called.append(a))
    old_hook = sys.excepthook
    crash.install_excepthook()
    try:
        sys.excepthook(kind, kind(), None)
    finally:
        sys.excepthook = old_hook
    assert called and not list(tmp_path.glob("crash-*.txt"))
