#!/usr/bin/env bash
# Builds dist/caredesk (PyInstaller one folder) and dist/caredesk-<version>-linux-x86_64.tar.gz.
# Compiles the translations first so the build carries current .qm files.
# Usage: packaging/build.sh [PYTHON]   (default: .venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${1:-.venv/bin/python}
BIN=$(dirname "$PY")
t0=$SECONDS
"$PY" -m pip install -q 'pyinstaller>=6,<7'
packaging/translations.sh "$BIN"
"$PY" -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/caredesk.spec
# The desktop entry and icon go beside the executable; packaging/README.md says where to install them.
cp packaging/caredesk.desktop dist/caredesk/caredesk.desktop
cp packaging/icons/caredesk.png dist/caredesk/caredesk.png
VERSION=$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
ARCHIVE="dist/caredesk-$VERSION-linux-$(uname -m).tar.gz"
tar -C dist -czf "$ARCHIVE" caredesk
echo "built dist/caredesk ($(du -sh dist/caredesk | cut -f1)) and $ARCHIVE ($(du -sh "$ARCHIVE" | cut -f1)) in $((SECONDS - t0)) s"
