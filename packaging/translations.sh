#!/usr/bin/env bash
# Updates the .ts sources from the code (pyside6-lupdate) and compiles them to .qm
# (pyside6-lrelease). Usage: packaging/translations.sh [VENV_BIN]   (default: .venv/bin)
# tests/ui/test_translations.py fails when a source string has no zh_CN translation.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.venv/bin}
SOURCES=$(git ls-files 'ui/*.py' 'ui/**/*.py' 2>/dev/null || find ui -name '*.py')
for lang in zh_CN en; do
  "$BIN/pyside6-lupdate" $SOURCES -no-obsolete -locations none -source-language en -target-language "$lang" \
    -ts "resources/translations/caredesk_$lang.ts"
  "$BIN/pyside6-lrelease" "resources/translations/caredesk_$lang.ts" -qm "resources/translations/caredesk_$lang.qm"
done
