"""The Tools menu's "Knowledge base…" for those who may edit it, and opening the editor.

Hiding the action from operators is convenience only: the editor asks the service, which
refuses anyone without EDIT_KNOWLEDGE_BASE and says so in Russian.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from softphone.crm.auth import Permission, Principal
from softphone.crm.db import Database
from softphone.crm.kb.service import KnowledgeBaseService
from softphone.ui.kb.editor.window import KnowledgeBaseEditor


class KbEditorLauncher(QObject):
    """Owns the menu action and at most one open editor window."""

    def __init__(self, window: Any, db: Database, principal: Principal | None) -> None:
        super().__init__(window)
        self._window, self._db, self._principal = window, db, principal
        self.editor: KnowledgeBaseEditor | None = None
        self.action = QAction(self.tr("Knowledge base…"), window)
        self.action.setStatusTip(self.tr("Add, change and retire knowledge base items"))
        self.action.triggered.connect(self.open_editor)

    def open_editor(self) -> KnowledgeBaseEditor:
        if self.editor is not None:
            self.editor.raise_()
            self.editor.activateWindow()
            return self.editor
        kb = KnowledgeBaseService(self._db, principal=self._principal)
        editor = KnowledgeBaseEditor(kb, self._db, self._window.runner, self._principal,
                                     self._window)
        editor.finished.connect(lambda _result: setattr(self, "editor", None))
        self.editor = editor
        editor.load()
        editor.show()  # not modal: the admin may keep taking calls beside it
        return editor


def install_kb_editor(window: Any, db: Database, principal: Principal | None) -> KbEditorLauncher:
    """Put "Knowledge base…" in the Tools menu when the signed-in person may edit it."""
    launcher = KbEditorLauncher(window, db, principal)
    if principal is not None and principal.can(Permission.EDIT_KNOWLEDGE_BASE):
        window.tools_menu.addAction(launcher.action)
    return launcher
