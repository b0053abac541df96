"""A desk for the knowledge-base editor tests: a real SQLite CRM with the demo catalogue and
two people (an admin and an operator), signed in the way the app does it."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from softphone.crm.auth import Principal, Role, UserService, start_session
from softphone.crm.db import Database
from softphone.crm.kb.demo import load_demo_catalogue
from softphone.crm.kb.service import KnowledgeBaseService
from softphone.ui.kb.editor.window import KnowledgeBaseEditor
from softphone.ui.kb.panel import KnowledgeBasePanel
from softphone.ui.tasks import TaskRunner

TODAY = date(2026, 11, 25)
PASSWORD = "пароль админа 7"


@dataclass
class EditorDesk:
    db: Database
    runner: TaskRunner
    admin: Principal
    operator: Principal


def make_template(folder: Path) -> tuple[Path, Principal, Principal]:
    """One database file with the catalogue and the people; each test works on a copy."""
    path = folder / "template.sqlite3"
    db = Database.open(f"sqlite:///{path}")
    try:
        load_demo_catalogue(db, today=TODAY)
        UserService(db).create("admin", PASSWORD, Role.ADMIN)
        admin = UserService(db).sign_in("admin", PASSWORD)
        UserService(db, admin).create("anna", PASSWORD, Role.OPERATOR)
        operator = UserService(db).sign_in("anna", PASSWORD)
    finally:
        db.dispose()
    return path, admin, operator


def open_desk(template: Path, folder: Path, admin: Principal, operator: Principal) -> EditorDesk:
    path = folder / "crm.sqlite3"
    shutil.copyfile(template, path)
    db = Database.open(f"sqlite:///{path}")
    start_session(db, admin)  # as after sign-in: protected operations need a principal
    return EditorDesk(db, TaskRunner(), admin, operator)


def open_editor(qtbot, desk: EditorDesk, principal: Principal) -> KnowledgeBaseEditor:
    kb = KnowledgeBaseService(desk.db, principal=principal, today=lambda: TODAY)
    editor = KnowledgeBaseEditor(kb, desk.db, desk.runner, principal)
    # A test that fails with typed changes must not hang in the "discard?" question at close.
    qtbot.addWidget(editor, before_close_func=lambda w: setattr(w.form, "dirty", False))
    editor.show()
    editor.load()
    qtbot.waitUntil(lambda: not editor.busy, timeout=10000)
    return editor


def open_panel(qtbot, desk: EditorDesk) -> KnowledgeBasePanel:
    """The operator's search panel on the same runner, as in the main window."""
    panel = KnowledgeBasePanel(KnowledgeBaseService(desk.db, today=lambda: TODAY), desk.runner)
    qtbot.addWidget(panel)
    panel.resize(420, 600)
    panel.show()
    qtbot.waitUntil(lambda: not panel.loading and panel.results.count() > 0, timeout=10000)
    return panel


def search(qtbot, panel: KnowledgeBasePanel, text: str) -> list[str]:
    panel.search_edit.setText(text)
    panel.refresh()
    qtbot.waitUntil(lambda: not panel.loading, timeout=10000)
    return [hit.title for hit in panel.hits]


def wait_idle(qtbot, editor: KnowledgeBaseEditor) -> None:
    qtbot.waitUntil(lambda: not editor.busy, timeout=10000)
