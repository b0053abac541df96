#!/usr/bin/env bash
# Refresh resources/translations/*.ts from every module of softphone/ui (all UI engineers' code).
# New strings arrive unfinished for the translator; strings gone from the code are dropped, so
# tests/ui/test_translations.py can demand "every string translated, nothing stale". A string
# that only moved to another class keeps its translation (same English text, new context).
# Usage: scripts/update-translations.sh   (then translate, e.g. in pyside6-linguist, and commit)
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t sources < <(find softphone/ui -name '*.py' -not -path '*/__pycache__/*' | sort)
for ts in resources/translations/softphone_ru.ts; do
  .venv/bin/pyside6-lupdate -silent -locations none "${sources[@]}" -ts "$ts"
  .venv/bin/python - "$ts" <<'PY'
import sys
import xml.etree.ElementTree as ET

path = sys.argv[1]
tree = ET.parse(path)
messages = list(tree.getroot().iter("message"))
stale = ("vanished", "obsolete")
known = {}
for m in messages:
    t = m.find("translation")
    if t.get("type") in stale and m.get("numerus") != "yes" and (t.text or "").strip():
        known.setdefault(m.findtext("source"), t.text)
moved = 0
for m in messages:
    t = m.find("translation")
    if t.get("type") == "unfinished" and m.findtext("source") in known:
        t.text = known[m.findtext("source")]
        del t.attrib["type"]
        moved += 1
tree.write(path, encoding="utf-8", xml_declaration=True)
print(f"{path}: {moved} translation(s) carried over to moved strings")
PY
  .venv/bin/pyside6-lupdate -silent -locations none -no-obsolete "${sources[@]}" -ts "$ts"
  .venv/bin/python - "$ts" <<'PY'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
todo = [
    f"{c.findtext('name')}: {m.findtext('source')!r}"
    for c in root.iter("context")
    for m in c.iter("message")
    if m.find("translation").get("type") == "unfinished"
]
print(f"{len(todo)} string(s) still to translate" + "".join(f"\n  {s}" for s in todo))
PY
done
