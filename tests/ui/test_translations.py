"""Every user-visible string in softphone/ui has a finished Russian translation, and it shows.

lupdate is run over the current code into a copy of the committed .ts: a string added to the code
without a translation shows up "unfinished", one deleted from the code "vanished"/"obsolete".
Fix either with scripts/update-translations.sh, then translate the new entries.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDialogButtonBox

from softphone.settings import Settings
from softphone.ui.help_dialog import HelpDialog
from softphone.ui.i18n import install_translator, remove_translators
from softphone.ui.settings.dialog import SettingsDialog

pytestmark = pytest.mark.timeout(90)

ROOT = Path(__file__).resolve().parents[2]
TS_RU = ROOT / "resources" / "translations" / "softphone_ru.ts"
BIN = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"%(?:\d|n)|\{\w*\}")


def _load_script():
    """scripts/translations.py: the same extraction scripts/update-translations.sh runs."""
    path = ROOT / "scripts" / "translations.py"
    spec = importlib.util.spec_from_file_location("softphone_scripts_translations", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


translations = _load_script()


@pytest.fixture(scope="module")
def current_ts(tmp_path_factory) -> ET.Element:
    """The committed Russian .ts merged with the strings the code has today."""
    ts = tmp_path_factory.mktemp("ts") / "softphone_ru.ts"
    shutil.copy(TS_RU, ts)
    translations.lupdate(ts, drop_stale=False)
    return ET.parse(ts).getroot()


def _messages(root: ET.Element):
    for context in root.iter("context"):
        for message in context.iter("message"):
            yield context.findtext("name"), message


def _forms(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.iter("numerusform")]
    return [translation.text or ""]


def test_the_code_has_strings_to_translate(current_ts) -> None:
    """Guards the guard: an empty scan would make the next test pass for nothing."""
    sources = {m.findtext("source") for _, m in _messages(current_ts)}
    assert {"Call back", "Keyboard shortcuts", "Settings"} <= sources


def test_every_string_has_a_finished_russian_translation(current_ts) -> None:
    problems = []
    for context, message in _messages(current_ts):
        state = message.find("translation").get("type")
        forms = _forms(message)
        if state in ("unfinished", "vanished", "obsolete") or not all(f.strip() for f in forms):
            problems.append(f"{context}: {message.findtext('source')!r} ({state or 'empty'})")
    assert not problems, (
        "Run scripts/update-translations.sh and translate in resources/translations/"
        "softphone_ru.ts:\n  " + "\n  ".join(problems)
    )


def test_every_translated_text_is_a_literal_lupdate_can_see() -> None:
    hidden = translations.scan(translations.ui_sources()).hidden
    assert not hidden, (
        "These strings never reach the .ts (they stay English in the Russian UI); write the "
        'text literally, e.g. self.tr("Text") or QCoreApplication.translate("App", "Text"):\n  '
        + "\n  ".join(hidden)
    )


def test_no_text_bypasses_translation() -> None:
    loose = translations.hard_coded(translations.ui_sources())
    assert not loose, (
        "User-visible text must be English in self.tr() (Russian goes into the .ts):\n  "
        + "\n  ".join(loose)
    )


def test_the_bypass_check_finds_literals_and_russian(tmp_path) -> None:
    module = tmp_path / "mod.py"
    module.write_text(
        'from PySide6.QtWidgets import QLabel, QPushButton\n'
        'a = QLabel("Hello")\n'
        'b = QPushButton(f"Call {1}")\n'
        'a.setText("Звонок")\n'
        'a.setText("0:00")\n'
        'c = QLabel(a.tr("Fine"))\n'
        'd = {"ru": "Русский"}  # i18n: native\n',
        encoding="utf-8",
    )
    lines = [hit.split(":")[1] for hit in translations.hard_coded([module])]
    assert lines == ["2", "3", "4"]


def test_helper_functions_are_seen_with_their_context(tmp_path) -> None:
    module = tmp_path / "mod.py"
    module.write_text(
        "from PySide6.QtCore import QCoreApplication\n"
        "def _tr(text):\n"
        "    return QCoreApplication.translate('Ctx', text)\n"
        "A = _tr('Answer')\n"
        "B = _tr(A)\n"
        "C = QCoreApplication.translate('Other', A)\n",
        encoding="utf-8",
    )
    found = translations.scan([module])
    assert found.helper_calls == [("Ctx", "Answer")]
    assert [h.rsplit(":", 1)[1] for h in found.hidden] == ["5", "6"]


def test_translations_keep_placeholders(current_ts) -> None:
    wrong = []
    for context, message in _messages(current_ts):
        source = message.findtext("source")
        wanted = sorted(PLACEHOLDER.findall(source))
        for form in _forms(message):
            if form and sorted(PLACEHOLDER.findall(form)) != wanted:
                wrong.append(f"{context}: {source!r} -> {form!r}")
    assert not wrong, "\n".join(wrong)


def test_the_window_really_shows_russian(qtbot, qapp, tmp_path, monkeypatch) -> None:
    subprocess.run(
        [BIN / "pyside6-lrelease", "-silent", TS_RU, "-qm", tmp_path / "softphone_ru.qm"],
        check=True, timeout=60,
    )
    monkeypatch.setenv("SOFTPHONE_CONFIG_DIR", str(tmp_path / "config"))
    locale = QLocale()
    installed = install_translator(qapp, "ru", directory=tmp_path)
    try:
        assert len(installed) == 2  # Qt's own catalogue and ours
        help_dialog = HelpDialog([])
        qtbot.addWidget(help_dialog)
        assert help_dialog.windowTitle() == "Горячие клавиши"

        settings_dialog = SettingsDialog(Settings.load(), None)
        qtbot.addWidget(settings_dialog)
        tabs = settings_dialog.tabs
        assert [tabs.tabText(i) for i in range(tabs.count())] == ["Звук", "Язык"]
        cancel = settings_dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert cancel.text() == "Отмена"  # standard buttons come from Qt's catalogue
    finally:
        remove_translators(qapp, installed)
        QLocale.setDefault(locale)
    english = HelpDialog([])
    qtbot.addWidget(english)
    assert english.windowTitle() == "Keyboard shortcuts"


def test_english_needs_no_catalogue_and_a_missing_one_is_not_fatal(qapp, tmp_path) -> None:
    locale = QLocale()
    try:
        assert install_translator(qapp, "en") == []
        assert QLocale().language() == QLocale.Language.English
        installed = install_translator(qapp, "ru", directory=tmp_path)  # no .qm in there
        try:
            assert len(installed) == 1  # only Qt's own; the window falls back to English text
        finally:
            remove_translators(qapp, installed)
    finally:
        QLocale.setDefault(locale)
