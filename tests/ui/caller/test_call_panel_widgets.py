"""The call panels' widgets on a real CRM database (SQLite), offscreen: the inline phrase checker,
the script with live placeholders and playbooks, the admin's guide editor, the Russian question.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDialogButtonBox

from softphone.crm.auth import Role
from softphone.crm.customers.cards import CustomerService
from softphone.crm.guide import phrase_checker
from softphone.crm.guide.phrases import PhraseRule, PhraseService
from softphone.crm.guide.script import ScriptService
from softphone.crm.guide.seed import AVOID_PHRASES
from softphone.crm.guide.wrapup import WrapUpService
from softphone.ui.caller.card import CallerCard
from softphone.ui.caller.guide_editor import GuideEditor, GuideServices
from softphone.ui.caller.script import ScriptPanel
from softphone.ui.caller.wrapup import WrapUpPanel
from softphone.ui.i18n import install_translator, remove_translators
from softphone.ui.tasks import TaskRunner
from softphone.ui.widgets.phrase_check import CheckedTextEdit, PhraseRules, underlined_ranges

pytestmark = pytest.mark.timeout(30)
ROOT = Path(__file__).resolve().parents[3]


def idle(qtbot, runner: TaskRunner) -> None:
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)


def test_notes_underline_phrases_to_avoid_with_the_suggestion(qtbot, db, runner) -> None:
    rules = PhraseRules(PhraseService(db), runner)
    edit = CheckedTextEdit(rules)
    qtbot.addWidget(edit)
    rules.reload()
    idle(qtbot, runner)
    text = "Здравствуйте! Я не знаю точно.\nВес нетто 2 кг, проблем нет, это очень сложно."
    edit.setPlainText(text)
    idle(qtbot, runner)  # the first text asked for the list: compiled on a worker
    flagged = [text[s:e] for s, e in underlined_ranges(edit)]
    assert flagged == ["не знаю", "проблем", "нет", "это очень сложно"]
    assert [(f.start, f.end) for f in edit.flags()] == underlined_ranges(edit)
    position = text.index("знаю")
    assert edit.tooltip_at(position) == (
        "Avoid «Не знаю». Better: " + dict(AVOID_PHRASES)["Не знаю"]
    )
    assert edit.tooltip_at(text.index("нетто")) == ""
    # An admin's new list reaches every open editor once compiled.
    rules.set_rules([PhraseRule("нетто", "«чистый вес»")])
    idle(qtbot, runner)
    assert [text[s:e] for s, e in underlined_ranges(edit)] == ["нетто"]


def test_phrases_are_compiled_off_the_gui_thread(qtbot, db, runner, monkeypatch) -> None:
    """Compiling lemmatises every phrase and may wait for the morphology dictionary (still
    loading on a worker at start, or not loaded at all): on the GUI thread that froze the window.
    The real compiler runs; the wrapper only notes the thread it runs on."""
    on_gui_thread: list[bool] = []
    compile_rule = phrase_checker._compile

    def noting_the_thread(rule: PhraseRule) -> object:
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return compile_rule(rule)

    monkeypatch.setattr(phrase_checker, "_compile", noting_the_thread)
    rules = PhraseRules(PhraseService(db), runner)
    edit = CheckedTextEdit(rules)
    qtbot.addWidget(edit)
    edit.setPlainText("Я не знаю, ждите.")
    rules.reload()
    assert edit.flags() == []  # nothing is checked until the compiled list arrives
    idle(qtbot, runner)
    assert [f.phrase for f in edit.flags()] == ["Не знаю"]
    rules.set_rules([PhraseRule("Ждите", "«Одну минуту»")])
    idle(qtbot, runner)
    assert [f.phrase for f in edit.flags()] == ["Ждите"]
    assert len(on_gui_thread) == len(AVOID_PHRASES) + 1
    assert not any(on_gui_thread)


def test_phrases_are_compiled_when_an_editor_first_needs_them(qtbot, db, runner, monkeypatch,
                                                              desk_session) -> None:
    """Not at start: the editors (wrap-up notes, the guide editor) are not on the first screen,
    and compiling touches the dictionary's slowest paths. Once an editor has been shown, a new
    list from the database is compiled at once."""
    compiled: list[str] = []
    compile_rule = phrase_checker._compile

    def counting(rule: PhraseRule) -> object:
        compiled.append(rule.phrase)
        return compile_rule(rule)

    monkeypatch.setattr(phrase_checker, "_compile", counting)
    rules = PhraseRules(PhraseService(db), runner)
    edit = CheckedTextEdit(rules)
    qtbot.addWidget(edit)
    rules.reload()  # the desk starts
    idle(qtbot, runner)
    assert compiled == []
    edit.show()
    qtbot.waitUntil(lambda: len(compiled) == len(AVOID_PHRASES), timeout=5000)
    idle(qtbot, runner)
    edit.setPlainText("Я не знаю.")
    assert [f.phrase for f in edit.flags()] == ["Не знаю"]
    admin = desk_session(db, Role.ADMIN)
    PhraseService(db, admin).replace_rules([PhraseRule("Ждите", "«Одну минуту»")])
    rules.reload()  # an admin saved a new list: no need to show anything again
    idle(qtbot, runner)
    edit.setPlainText("Ждите.")
    assert [f.phrase for f in edit.flags()] == ["Ждите"]


def test_wrap_up_notes_are_checked_too(qtbot, db, runner) -> None:
    rules = PhraseRules(PhraseService(db), runner)
    panel = WrapUpPanel(WrapUpService(db), runner, rules)
    qtbot.addWidget(panel)
    rules.reload()
    idle(qtbot, runner)
    panel.notes.setPlainText("Клиенту сказали: вы должны подождать минуточку.")
    idle(qtbot, runner)
    assert [f.phrase for f in panel.notes.flags()] == ["Вы должны", "Минуточку"]


def test_script_fills_placeholders_live_and_shows_playbooks_in_one_click(
    qtbot, db, runner
) -> None:
    panel = ScriptPanel(ScriptService(db), runner, operator="Анна", company="Связь Плюс")
    qtbot.addWidget(panel)
    panel.show()
    panel.reload()
    idle(qtbot, runner)
    text = panel.view.toPlainText()
    assert "Меня зовут Анна, компания «Связь Плюс»." in text
    assert "[how to address the caller], чем я могу Вам помочь?" in text  # still unknown
    panel.set_value("address", "Мария Ивановна")
    assert "Мария Ивановна, чем я могу Вам помочь?" in panel.view.toPlainText()
    panel.set_call(inbound=False)
    assert panel.filled_steps()[2] == (
        "Удобно ли говорить", "{address}, Вам удобно сейчас разговаривать?"
    )
    panel.set_value("address", "Олег")
    outbound = panel.view.toPlainText()
    assert "Олег, Вам удобно сейчас разговаривать?" in outbound and "помочь" not in outbound

    assert [b.text() for b in panel.playbook_buttons] == ["Клиент недоволен", "Клиент грубит"]
    assert not panel.playbook_view.isVisible()
    panel.playbook_buttons[0].click()
    assert panel.playbook_view.isVisible()
    assert "Правильно ли я Вас понимаю" in panel.playbook_view.toPlainText()
    panel.playbook_buttons[1].click()
    assert "право клиента расстроиться" in panel.playbook_view.toPlainText()
    assert [b.isChecked() for b in panel.playbook_buttons] == [False, True]
    panel.playbook_buttons[1].click()
    assert not panel.playbook_view.isVisible()


def test_admin_edits_script_phrases_and_outcomes(qtbot, db, runner, desk_session) -> None:
    desk_session(db, Role.ADMIN)  # the guide is the admin's to edit
    services = GuideServices.for_database(db)
    rules = PhraseRules(services.phrases, runner)
    rules.reload()
    editor = GuideEditor(services, runner, rules)
    qtbot.addWidget(editor)
    editor.load()
    idle(qtbot, runner)
    steps = editor.steps
    assert steps.list.count() == len(ScriptService(db).steps())
    steps.list.setCurrentRow(0)
    steps.text.setPlainText("Добрый день! Нет, я Вас слушаю, {address}.")
    assert [f.phrase for f in steps.text.flags()] == ["Нет"]  # the script editor checks too
    steps.add_step()
    steps.title.setText("Прощание")
    steps.text.setPlainText("Спасибо за звонок, {address}!")
    editor.dispositions.add_row(["Спам"])
    editor.phrases.add_row(["Ждите", "«Одну минуту»"])

    save = editor.buttons.button(QDialogButtonBox.StandardButton.Save)
    with qtbot.waitSignal(editor.saved, timeout=5000):
        save.click()
    saved = ScriptService(db).steps()
    assert saved[0].text == "Добрый день! Нет, я Вас слушаю, {address}."
    assert saved[-1].title == "Прощание" and saved[-1].text == "Спасибо за звонок, {address}!"
    assert WrapUpService(db).dispositions()[-1] == "Спам"
    assert PhraseService(db).rules()[-1] == PhraseRule("Ждите", "«Одну минуту»")


def test_a_refused_save_shows_why_and_keeps_the_dialog(qtbot, db, runner, desk_session) -> None:
    desk_session(db, Role.ADMIN)  # the guide is the admin's to edit
    services = GuideServices.for_database(db)
    editor = GuideEditor(services, runner)
    qtbot.addWidget(editor)
    editor.show()
    editor.load()
    idle(qtbot, runner)
    editor.steps.list.setCurrentRow(1)
    editor.steps.text.setPlainText("Я {name}")
    editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    idle(qtbot, runner)
    qtbot.waitUntil(editor.error_label.isVisible, timeout=2000)
    assert editor.isVisible() and editor.buttons.isEnabled()
    assert "неизвестная подстановка {name}" in editor.error_label.text()
    assert ScriptService(db).steps()[1].text != "Я {name}"


def test_unknown_caller_question_is_russian(qtbot, qapp, db, runner, tmp_path) -> None:
    subprocess.run(
        [Path(sys.executable).parent / "pyside6-lrelease", "-silent",
         ROOT / "resources" / "translations" / "softphone_ru.ts",
         "-qm", tmp_path / "softphone_ru.qm"],
        check=True, timeout=60,
    )
    locale = QLocale()
    installed = install_translator(qapp, "ru", directory=tmp_path)
    try:
        card = CallerCard(CustomerService(db), runner)
        qtbot.addWidget(card)
        assert card.question.label.text() == "Как к Вам обращаться?"
        assert card.question.save_button.text() == "Сохранить клиента"
    finally:
        remove_translators(qapp, installed)
        QLocale.setDefault(locale)
