#!/usr/bin/env bash
# Refresh resources/translations/*.ts from every module of softphone/ui (all UI engineers' code).
# New strings arrive unfinished for the translator; strings gone from the code are dropped, so
# tests/ui/test_translations.py can demand "every string translated, nothing stale". A string
# that only moved to another class keeps its translation. The work is in scripts/translations.py.
# Usage: scripts/update-translations.sh   (then translate, e.g. in pyside6-linguist, and commit)
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python scripts/translations.py
