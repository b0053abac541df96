"""The Tools menu's "Knowledge base…" for those who may edit it, and opening the editor.

Hiding the action from operators is convenience only: the editor asks the service, which
refuses anyone without EDIT_KNOWLEDGE_BASE and says so in Russian.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from softphone.crm.auth import Permission
from softphone.crm.kb.service import KnowledgeBaseService
from softphone.ui.desk import Desk

if TYPE_CHECKING:  # the editor window loads when it is first opened
    from softphone.ui.kb.editor.window import KnowledgeBaseEditor


class KbEditorLauncher(QObject):
    """Owns the menu action and at most one open editor window."""

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk.window.owner)
        self._desk = desk
        self.editor: KnowledgeBaseEditor | None = None
        self.action = QAction(self.tr("Knowledge base…"), self)
        self.action.setStatusTip(self.tr("Add, change and retire knowledge base items"))
        self.action.triggered.connect(self.open_editor)

    def open_editor(self) -> KnowledgeBaseEditor:
        if self.editor is not None:
            self.editor.raise_()
            self.editor.activateWindow()
            return self.editor
        desk = self._desk
        kb = KnowledgeBaseService(desk.db, principal=desk.principal)
        from softphone.ui.kb.editor.window import KnowledgeBaseEditor

        editor = KnowledgeBaseEditor(kb, desk.db, desk.runner, desk.principal, desk.window.owner)
        editor.finished.connect(lambda _result: setattr(self, "editor", None))
        self.editor = editor
        editor.load()
        editor.show()  # not modal: the admin may keep taking calls beside it
        return editor


def install_kb_editor(desk: Desk) -> KbEditorLauncher:
    """Put "Knowledge base…" in the Tools menu when the signed-in person may edit it."""
    launcher = KbEditorLauncher(desk)
    if desk.principal is not None and desk.principal.can(Permission.EDIT_KNOWLEDGE_BASE):
        desk.window.add_tool(launcher.action)
    return launcher
