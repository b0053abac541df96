"""Refresh resources/translations/softphone_ru.ts from softphone/ui (run by update-translations.sh).

lupdate reads self.tr("...") and QCoreApplication.translate("Context", "...") itself. It cannot
see through a module's one-line helper such as

    def _tr(text: str) -> str:
        return QCoreApplication.translate("CallActions", text)

so the helper's literal calls (`_tr("Answer")`) are written out as plain translate() calls into
a scratch file that lupdate reads with the sources, under the helper's context: the .ts then
holds exactly what the app looks up at run time. tests/ui/test_translations.py uses the same
functions, so the script and the test can never disagree.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "softphone" / "ui"
TS_FILES = [ROOT / "resources" / "translations" / "softphone_ru.ts"]
LUPDATE = Path(sys.executable).parent / "pyside6-lupdate"


def ui_sources() -> list[Path]:
    return sorted(p for p in UI.rglob("*.py") if "__pycache__" not in p.parts)


@dataclass(frozen=True)
class Scan:
    helper_calls: list[tuple[str, str]]  # (context, text) of every literal helper call
    hidden: list[str]  # "file:line" of texts neither lupdate nor the helper scan can see


def _helper_context(node: ast.stmt) -> str | None:
    """The fixed context if node is `def f(x): return ...translate("Ctx", x)`, else None."""
    if not isinstance(node, ast.FunctionDef) or len(node.args.args) != 1 or len(node.body) != 1:
        return None
    ret = node.body[0]
    call = ret.value if isinstance(ret, ast.Return) else None
    if not isinstance(call, ast.Call) or len(call.args) != 2:
        return None
    name = getattr(call.func, "attr", getattr(call.func, "id", ""))
    context, text = call.args
    if (
        name == "translate"
        and isinstance(context, ast.Constant)
        and isinstance(context.value, str)
        and isinstance(text, ast.Name)
        and text.id == node.args.args[0].arg
    ):
        return context.value
    return None


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def scan(paths: list[Path]) -> Scan:
    helper_calls: list[tuple[str, str]] = []
    hidden: list[str] = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        helpers = {n.name: c for n in tree.body if (c := _helper_context(n)) is not None}
        helper_bodies = {
            id(n.body[0].value) for n in tree.body if getattr(n, "name", "") in helpers
        }
        where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or id(node) in helper_bodies:
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if isinstance(node.func, ast.Name) and name in helpers and node.args:
                text = _literal(node.args[0])
                if text is None:
                    hidden.append(f"{where}:{node.lineno}")
                else:
                    helper_calls.append((helpers[name], text))
                continue
            position = {"tr": 0, "translate": 1}.get(name)
            if (
                position is not None
                and len(node.args) > position
                and _literal(node.args[position]) is None
            ):
                hidden.append(f"{where}:{node.lineno}")
    return Scan(helper_calls, hidden)


# Qt calls whose argument at this position is text the operator reads.
TEXT_ARGUMENT = {
    "setText": 0, "setWindowTitle": 0, "setPlaceholderText": 0, "setToolTip": 0,
    "setStatusTip": 0, "setWhatsThis": 0, "setAccessibleName": 0, "setTitle": 0,
    "addTab": 1, "insertTab": 2, "setTabText": 1, "addMenu": 0, "addAction": 0, "addRow": 0,
    "showMessage": 0, "setHorizontalHeaderLabels": 0, "setHeaderLabels": 0, "addItem": 0,
    "QLabel": 0, "QPushButton": 0, "QToolButton": 0, "QCheckBox": 0, "QRadioButton": 0,
    "QGroupBox": 0, "QAction": 0, "information": 2, "warning": 2, "critical": 2, "question": 2,
}
_WORDY = re.compile(r"[^\W\d_]{2}")  # two letters in a row: words, not "—", "%", "0:00"
_CYRILLIC = re.compile("[А-Яа-яЁё]")
ALLOW_MARK = "i18n: native"  # on a line whose Russian literal must stay (e.g. "Русский")


def _texts(node: ast.expr) -> list[str]:
    """Literal text in node: a string, the fixed parts of an f-string, or list items."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant)]
    if isinstance(node, ast.List | ast.Tuple):
        return [t for e in node.elts for t in _texts(e)]
    return []


def hard_coded(paths: list[Path]) -> list[str]:
    """User-visible text that bypasses tr(): English literals handed straight to a widget, and
    Russian literals anywhere in code (sources are English; Russian lives in the .ts)."""
    found = []
    for path in paths:
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        tree = ast.parse(source)
        docstrings = {
            id(n.body[0].value)
            for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and n.body and isinstance(n.body[0], ast.Expr)
        }
        where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in docstrings and _CYRILLIC.search(node.value)
                and ALLOW_MARK not in lines[node.lineno - 1]
            ):
                found.append(f"{where}:{node.lineno}: {node.value[:40]!r}")
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            position = TEXT_ARGUMENT.get(name)
            if position is None or len(node.args) <= position:
                continue
            for text in _texts(node.args[position]):
                if _WORDY.search(text) and not _CYRILLIC.search(text):
                    found.append(f"{where}:{node.lineno}: {name}({text[:40]!r})")
    return found


def helper_file(calls: list[tuple[str, str]], folder: Path) -> Path:
    """A scratch Python file lupdate reads: one plain translate() call per helper call."""
    lines = ["from PySide6.QtCore import QCoreApplication", ""]
    lines += [f"QCoreApplication.translate({c!r}, {t!r})" for c, t in calls]
    path = folder / "ui_tr_helpers.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def lupdate(ts: Path, *, drop_stale: bool) -> None:
    """Merge the current strings of softphone/ui into ts."""
    sources = ui_sources()
    with tempfile.TemporaryDirectory(prefix="softphone-lupdate-") as tmp:
        extra = helper_file(scan(sources).helper_calls, Path(tmp))
        args = [str(LUPDATE), "-silent", "-locations", "none"]
        if drop_stale:
            args.append("-no-obsolete")
        subprocess.run([*args, *map(str, sources), str(extra), "-ts", str(ts)],
                       check=True, timeout=120)


def carry_over_moved(ts: Path) -> int:
    """A string that only moved to another context keeps its translation."""
    tree = ET.parse(ts)
    messages = list(tree.getroot().iter("message"))
    known: dict[str, str] = {}
    for m in messages:
        t = m.find("translation")
        stale = t is not None and t.get("type") in ("vanished", "obsolete")
        if stale and (t.text or "").strip() and m.get("numerus") != "yes":
            known.setdefault(m.findtext("source") or "", t.text or "")
    moved = 0
    for m in messages:
        t = m.find("translation")
        if t is not None and t.get("type") == "unfinished" and m.findtext("source") in known:
            t.text = known[m.findtext("source") or ""]
            del t.attrib["type"]
            moved += 1
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return moved


def unfinished(ts: Path) -> list[str]:
    root = ET.parse(ts).getroot()
    return [
        f"{c.findtext('name')}: {m.findtext('source')!r}"
        for c in root.iter("context")
        for m in c.iter("message")
        if (t := m.find("translation")) is not None and t.get("type") == "unfinished"
    ]


def main() -> int:
    hidden = scan(ui_sources()).hidden
    for ts in TS_FILES:
        lupdate(ts, drop_stale=False)
        moved = carry_over_moved(ts)
        lupdate(ts, drop_stale=True)
        todo = unfinished(ts)
        print(f"{ts.relative_to(ROOT)}: {moved} translation(s) carried over to moved strings; "
              f"{len(todo)} string(s) still to translate" + "".join(f"\n  {s}" for s in todo))
    if hidden:
        print("Not extractable (write the text literally):\n  " + "\n  ".join(hidden))
    loose = hard_coded(ui_sources())
    if loose:
        print("Not translatable (wrap in self.tr()):\n  " + "\n  ".join(loose))
    return 1 if hidden or loose else 0


if __name__ == "__main__":
    sys.exit(main())
