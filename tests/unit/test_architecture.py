"""The dependency rule, checked: app/ never imports Qt or ui/, and app's layers point down."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_under_app_mentions_pyside():
    offenders = [p for p in (ROOT / "app").rglob("*.py") if "PySide6" in p.read_text(encoding="utf-8")]
    assert offenders == []
