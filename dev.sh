#!/usr/bin/env bash
# CareDesk developer entry point: `./dev.sh run` (the app on demo data) and `./dev.sh test`
# (the whole suite). Each first installs what this Debian/Ubuntu machine lacks and says so.
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '[caredesk] %s\n' "$*"; }

# Qt's runtime libraries, X/xcb for a real window, a CJK font for Chinese in Qt and PDFs.
QT_PKGS="libglib2.0-0 libgl1 libegl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libxkbcommon0
 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0
 libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0 fonts-wqy-microhei"
# Tests add: PostgreSQL (the suite starts its own throwaway cluster), PDF tools, a virtual screen.
TEST_PKGS="postgresql poppler-utils poppler-data xvfb xauth baresip-core sip-tester"

install_system() {
  local missing="" pkg
  # Debian's python3 lacks venv/ensurepip unless python3-venv is installed.
  "$(find_python)" -c 'import ensurepip' 2>/dev/null || missing=" python3-venv"
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
  done
  [ -z "$missing" ] && { say "system packages: all present"; return; }
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  say "installing system packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

find_python() {
  local candidate
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      echo "$candidate"; return
    fi
  done
  say "Python 3.11 or newer is required"; exit 1
}

install_python() {
  if [ ! -x .venv/bin/python ]; then
    say "creating the virtual environment .venv"
    "$(find_python)" -m venv .venv
  fi
  if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ]; then
    say "installing Python packages (PySide6, SQLAlchemy, alembic, reportlab, psycopg, pytest...)"
    .venv/bin/pip install -q --disable-pip-version-check -e '.[test]' 2>&1 | grep -v "is ignored: it is neither" || true
    .venv/bin/python -c 'import app, ui, PySide6, sqlalchemy, pytestqt' || { say "Python install failed"; exit 1; }
    touch .venv/.installed
  fi
}

case "${1:-}" in
  run)
    shift
    install_system $QT_PKGS
    install_python
    say "starting CareDesk (first run creates and seeds the embedded demo database)"
    exec .venv/bin/caredesk "$@"
    ;;
  test)
    shift
    install_system $QT_PKGS $TEST_PKGS
    install_python
    say "running the test suite (Qt offscreen, throwaway PostgreSQL)"
    export QT_QPA_PLATFORM=offscreen
    # One worker per core (each with its own throwaway PostgreSQL cluster), idle workers taking
    # queued tests from busy ones (worksteal); CAREDESK_TEST_WORKERS=0 runs in one process.
    exec .venv/bin/python -m pytest -q -n "${CAREDESK_TEST_WORKERS:-auto}" --dist worksteal --durations=25 "$@" tests
    ;;
  setup)
    install_system $QT_PKGS $TEST_PKGS
    install_python
    ;;
  *)
    echo "usage: ./dev.sh run|test|setup" >&2
    exit 2
    ;;
esac
