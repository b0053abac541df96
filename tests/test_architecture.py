"""The import rules README's Architecture section promises, read from the source itself.

Every import statement counts, including the lazy ones inside functions: a rule that only
held for module-level imports would let the layers leak at run time.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "softphone"
UI = PACKAGE / "ui"
QT = ("PySide6", "shiboken6")

# Feature packages of softphone/ui that one feature may use from another, and why. Anything
# else a feature needs from outside its own folder comes from the shell (softphone/ui/*.py),
# the shared widgets (softphone/ui/widgets) or a crm service.
ALLOWED_FEATURE_USES = {
    ("admin", "settings"): "admin pages plug into the settings dialog's page seam",
    ("caller", "settings"): "the script's names page plugs into the settings dialog",
    ("admin", "phone"): "the recording policy starts the phone's call recorder",
    ("settings", "phone"): "the sound page tests the phone's ringtone",
    ("caller", "documents"): "the caller's tab lists their orders and applications",
    ("coaching", "settings"): "the speech hints' limits page plugs into the settings dialog",
    ("agent", "settings"): "the agent rules and operator options plug into the settings dialog",
    ("workspace", "caller"): "the call workspace lays out the caller's card, wrap-up and script",
    ("workspace", "kb"): "the call workspace shows the knowledge base beside the call",
    ("workspace", "documents"): "the call workspace shows the order form; KB lines go into it",
    ("window", "phone"): "the main window's parts lay out and drive the phone's widgets",
    ("window", "conference"): "the main window's parts show the conference keys and bar",
}


def _modules(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


@cache
def _imports(path: Path) -> tuple[str, ...]:
    """Absolute module names imported anywhere in the file."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return tuple(names)


def _offenders(folder: Path, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _modules(folder)
        for name in _imports(path)
        if name.split(".")[0] in forbidden or name.startswith(forbidden)
    ]


@pytest.mark.parametrize("layer", ["sip", "crm", "intake", "coaching"])
def test_the_libraries_never_import_qt(layer: str) -> None:
    assert _offenders(PACKAGE / layer, QT) == []


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("crm", ("softphone.sip", "softphone.ui", "softphone.intake", "pjsua2")),
        ("sip", ("softphone.crm", "softphone.ui", "softphone.intake")),
        ("intake", ("softphone.sip", "softphone.ui", "pjsua2")),
        # the speech analysis is a plain library: the sip layer hands it frames through a
        # callable (SoundBuffers.tap), the UI wires the two, the crm stores its figures
        ("coaching", ("softphone.sip", "softphone.crm", "softphone.ui", "softphone.intake",
                      "pjsua2")),
    ],
)
def test_the_libraries_keep_to_their_own_layer(layer: str, forbidden: tuple[str, ...]) -> None:
    assert _offenders(PACKAGE / layer, forbidden) == []


def test_pjsua2_stays_inside_the_engine() -> None:
    outside = [p for p in _modules(PACKAGE) if PACKAGE / "sip" not in p.parents]
    uses = [p for p in outside if any(n.startswith("pjsua2") for n in _imports(p))]
    offenders = [str(p.relative_to(ROOT)) for p in uses]
    assert offenders == []


def test_only_the_entry_point_starts_the_ui() -> None:
    outside = [p for p in _modules(PACKAGE) if UI not in p.parents]
    offenders = [
        str(p.relative_to(ROOT))
        for p in outside
        if p.name != "__main__.py" and any(n.startswith("softphone.ui") for n in _imports(p))
    ]
    assert offenders == []


def _features() -> list[str]:
    return sorted(p.name for p in UI.iterdir() if (p / "__init__.py").is_file())


def test_ui_features_do_not_reach_into_each_other() -> None:
    shared = {"widgets"}
    used: set[tuple[str, str]] = set()
    offenders = []
    for feature in _features():
        for path in _modules(UI / feature):
            for name in _imports(path):
                parts = name.split(".")
                if parts[:2] != ["softphone", "ui"] or len(parts) < 3:
                    continue
                other = parts[2]
                if other in (feature, *shared) or not (UI / other).is_dir():
                    continue  # its own package, the shared widgets, or a shell module
                used.add((feature, other))
                if (feature, other) not in ALLOWED_FEATURE_USES:
                    offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []
    assert used == set(ALLOWED_FEATURE_USES), "an allowed use is gone: drop it from the table"


def test_the_shared_widgets_need_no_feature() -> None:
    features = tuple(f"softphone.ui.{f}" for f in _features() if f != "widgets")
    assert _offenders(UI / "widgets", features) == []


def test_no_package_is_a_crowd() -> None:
    """About twenty modules a folder at most: past that, a feature package is waiting."""
    crowded = {
        str(folder.relative_to(ROOT)): count
        for folder in [PACKAGE, *(p for p in PACKAGE.rglob("*") if p.is_dir())]
        if folder.name not in ("__pycache__", "versions")
        and (count := len(list(folder.glob("*.py")))) > 20
    }
    assert crowded == {}
