#!/usr/bin/env bash
# Builds dist/caredesk (one folder) with PyInstaller from the project's virtual environment.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pip install -q 'pyinstaller>=6,<7'
.venv/bin/pyinstaller --noconfirm --distpath dist --workpath build packaging/caredesk.spec
echo "built dist/caredesk"
