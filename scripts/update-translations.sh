#!/usr/bin/env bash
# Refresh resources/translations/*.ts from every module of softphone/ui (all UI engineers' code).
# New strings arrive unfinished for the translator; strings gone from the code are dropped, so
# tests/ui/test_translations.py can demand "every string translated, nothing stale".
# Usage: scripts/update-translations.sh   (then translate, e.g. in pyside6-linguist, and commit)
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t sources < <(find softphone/ui -name '*.py' -not -path '*/__pycache__/*' | sort)
for ts in resources/translations/softphone_ru.ts; do
  .venv/bin/pyside6-lupdate -silent -locations none -no-obsolete "${sources[@]}" -ts "$ts"
done
.venv/bin/python - <<'PY'
import xml.etree.ElementTree as ET
root = ET.parse("resources/translations/softphone_ru.ts").getroot()
todo = [m.findtext("source") for m in root.iter("message")
        if m.find("translation").get("type") in ("unfinished", "obsolete", "vanished")]
print(f"{len(todo)} string(s) still to translate" + "".join(f"\n  {s!r}" for s in todo))
PY
