"""The app as a user starts it, in a fresh process: from the source checkout, and the
PyInstaller build when packaging/build.sh has made one (CI does not build it, so that
test skips there). Each opens a demo database, signs in and exits 0."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILT_APP = ROOT / "dist" / "caredesk" / ("caredesk.exe" if os.name == "nt" else "caredesk")


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory) -> Path:
    """A data folder holding a small seeded embedded database (created by the CLI)."""
    folder = tmp_path_factory.mktemp("launch-data")
    env = dict(os.environ, CAREDESK_DATA_DIR=str(folder))
    subprocess.run([sys.executable, "-m", "app", "demo", "--members", "40"], env=env, check=True,
                   capture_output=True, timeout=300)
    return folder


def _launch(cmd: list[str], data: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CAREDESK_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(cmd + ["--exit-when-ready", *extra], env=env, capture_output=True, text=True, timeout=300)


def test_source_app_opens_the_sign_in_dialog_and_exits_cleanly(demo_data):
    result = _launch([sys.executable, "-m", "ui.main"], demo_data)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("ready signin ")
    assert (demo_data / "logs" / "caredesk.log").is_file()


def test_source_app_signs_in_to_the_demo_and_opens_the_main_window(demo_data):
    result = _launch([sys.executable, "-m", "ui.main"], demo_data, "--user", "agent1", "--lang", "zh_CN")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("ready main ")


def test_unattended_start_with_a_wrong_user_fails_instead_of_waiting(demo_data):
    result = _launch([sys.executable, "-m", "ui.main"], demo_data, "--user", "nobody")
    assert result.returncode == 1 and "ready" not in result.stdout


@pytest.mark.skipif(not BUILT_APP.exists(), reason="no PyInstaller build (run packaging/build.sh)")
def test_built_app_opens_the_demo_database_signs_in_and_exits_0(tmp_path):
    # A new machine: the built app creates and seeds its own database (migrations and demo
    # resources must be inside the build), then signs in as the demo agent.
    result = _launch([str(BUILT_APP)], tmp_path, "--user", "agent1")
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.startswith("ready main ")
    assert (tmp_path / "caredesk.db").stat().st_size > 0
