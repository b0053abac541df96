"""The guide editor's playbooks page on a real SQLite database, offscreen: the admin adds, edits and
reorders playbooks and the operator's script panel shows them; a playbook without a title is
refused in Russian with the typed text kept; an operator's save is refused by the service.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from softphone.crm.auth import Role
from softphone.crm.db import Database
from softphone.crm.guide.script import PlaybookText, ScriptService
from softphone.ui.caller.guide_editor import GuideEditor, GuideServices
from softphone.ui.tasks import TaskRunner
from tests.ui.call_panel_helpers import close_desk, open_desk

pytestmark = pytest.mark.timeout(30)
SEEDED = ["Клиент недоволен", "Клиент грубит"]


def idle(qtbot, runner: TaskRunner) -> None:
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)


def loaded_editor(qtbot, db: Database, runner: TaskRunner) -> GuideEditor:
    services = GuideServices.for_database(db)
    editor = GuideEditor(services, runner)
    qtbot.addWidget(editor)
    editor.show()
    editor.load()
    idle(qtbot, runner)
    editor.tabs.setCurrentWidget(editor.playbooks)
    return editor


def save(editor: GuideEditor) -> None:
    editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_admin_adds_edits_and_reorders_playbooks_the_script_panel_shows_them(
    qtbot, tmp_path: Path
) -> None:
    desk = open_desk(f"sqlite:///{tmp_path / 'crm.sqlite3'}", tmp_path, qtbot, role=Role.ADMIN)
    try:
        script = desk.panels.script
        assert [b.text() for b in script.playbook_buttons] == SEEDED
        editor = desk.panels.open_editor()
        idle(qtbot, desk.runner)
        assert desk.window.isVisible()
        page = editor.playbooks
        assert editor.tabs.tabText(editor.tabs.indexOf(page)) in ("Playbooks", "Плейбуки")
        assert [page.list.item(i).text() for i in range(page.list.count())] == SEEDED
        page.list.setCurrentRow(1)
        page.title.setText("Клиент грубит и угрожает")
        page.lines.setPlainText("Не отвечайте грубостью\n\nПредложите перезвонить позже")
        page.add_playbook()
        page.title.setText("Клиент торопится")
        page.lines.setPlainText(
            "Правильно ли я понимаю, что Вам удобнее перезвонить?\nКоротко: суть"
        )
        page.move_record(-1)  # the new one goes before the rude caller's
        page.list.setCurrentRow(0)  # another row: the edit above is kept in the list
        assert page.list.item(1).text() == "Клиент торопится"

        with qtbot.waitSignal(editor.saved, timeout=5000):
            save(editor)
        idle(qtbot, desk.runner)  # the "guide" broadcast reloads the panels
        expected = [
            ScriptService(desk.db).playbooks()[0],
            PlaybookText(
                "Клиент торопится",
                ("Правильно ли я понимаю, что Вам удобнее перезвонить?", "Коротко: суть"),
            ),
            PlaybookText(
                "Клиент грубит и угрожает",
                ("Не отвечайте грубостью", "Предложите перезвонить позже"),
            ),
        ]
        assert expected[0].title == SEEDED[0]
        assert ScriptService(desk.db).playbooks() == expected
        titles = ["Клиент недоволен", "Клиент торопится", "Клиент грубит и угрожает"]
        qtbot.waitUntil(lambda: [b.text() for b in script.playbook_buttons] == titles)
        desk.window.side_tabs.setCurrentWidget(script)
        script.playbook_buttons[1].click()
        shown = script.playbook_view.toPlainText()
        assert script.playbook_view.isVisible()
        assert "Правильно ли я понимаю, что Вам удобнее перезвонить?" in shown
    finally:
        close_desk(desk)


def test_a_playbook_without_a_title_is_refused_and_the_typed_text_is_kept(
    qtbot, db: Database, runner: TaskRunner, desk_session
) -> None:
    desk_session(db, Role.ADMIN)
    editor = loaded_editor(qtbot, db, runner)
    page = editor.playbooks
    page.add_playbook()
    page.title.setText("")
    page.lines.setPlainText("Выслушайте\nПерефразируйте")
    save(editor)
    idle(qtbot, runner)
    qtbot.waitUntil(editor.error_label.isVisible, timeout=2000)
    assert editor.error_label.text() == "Плейбук 3: пустое название"
    assert editor.isVisible() and editor.buttons.isEnabled()
    assert page.list.currentRow() == 2 and page.title.text() == ""
    assert page.lines.toPlainText() == "Выслушайте\nПерефразируйте"
    assert [b.title for b in ScriptService(db).playbooks()] == SEEDED

    page.title.setText("Клиент молчит")  # fixed in place, saved on the second try
    with qtbot.waitSignal(editor.saved, timeout=5000):
        save(editor)
    assert ScriptService(db).playbooks()[-1] == PlaybookText(
        "Клиент молчит", ("Выслушайте", "Перефразируйте")
    )


def test_an_operator_cannot_save_playbooks(
    qtbot, db: Database, runner: TaskRunner, desk_session
) -> None:
    desk_session(db, Role.OPERATOR)
    editor = loaded_editor(qtbot, db, runner)
    page = editor.playbooks
    page.list.setCurrentRow(0)
    page.title.setText("Мой плейбук")
    save(editor)
    idle(qtbot, runner)
    qtbot.waitUntil(editor.error_label.isVisible, timeout=2000)
    assert editor.error_label.text().startswith("Недостаточно прав:")
    assert "администратор" in editor.error_label.text()
    assert editor.isVisible() and page.title.text() == "Мой плейбук"
    assert [b.title for b in ScriptService(db).playbooks()] == SEEDED
