"""The conversation script beside the call, with {operator}, {company} and {address} filled in
live, and the playbooks for an unhappy or rude caller one click away.

Steps and playbooks are loaded once (off the GUI thread) and again after an admin saves them;
filling placeholders is plain string work, so it follows the caller's card without a query.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.guide.script import PlaybookText, ScriptService, Step, fill, steps_for
from softphone.ui.tasks import TaskRunner

MISSING_STYLE = "background:#fff3cd;"


class ScriptPanel(QWidget):
    edit_requested = Signal()  # the admin wants to edit script, phrases or dispositions

    def __init__(
        self,
        script: ScriptService,
        runner: TaskRunner,
        *,
        operator: str = "",
        company: str = "",
        can_edit: bool = True,  # seam for roles: only admins will get the editor
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._script, self._runner = script, runner
        self.values = {"operator": operator, "company": company, "address": ""}
        self.inbound = True
        self.steps: list[Step] = []
        self.playbooks: list[PlaybookText] = []
        self.current_playbook: PlaybookText | None = None

        self.title = QLabel(self.tr("Conversation script"), self)
        self.title.setObjectName("sectionTitle")
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.setVisible(can_edit)
        self.edit_button.clicked.connect(self.edit_requested)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.edit_button)
        self.view = QTextBrowser(self)
        self.view.setObjectName("scriptView")
        self.view.setAccessibleName(self.title.text())
        self.view.setAccessibleDescription(self.tr("What to say to the caller, step by step"))
        self.playbook_row = QHBoxLayout()
        self.playbook_buttons: list[QPushButton] = []
        self.playbook_view = QTextBrowser(self)
        self.playbook_view.setObjectName("playbookView")
        self.playbook_view.setAccessibleName(self.tr("Playbook"))
        self.playbook_view.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.view, 2)
        layout.addLayout(self.playbook_row)
        layout.addWidget(self.playbook_view, 1)

    # -- data -----------------------------------------------------------------------------------

    def reload(self) -> None:
        script = self._script
        self._runner.run(
            lambda: (script.steps(), script.playbooks()),
            lambda result: self.set_content(*result),
            label="load call script",
        )

    def set_content(self, steps: list[Step], playbooks: list[PlaybookText]) -> None:
        self.steps = steps
        self._set_playbooks(playbooks)
        self.show_script()

    def set_call(self, *, inbound: bool) -> None:
        self.inbound = inbound
        self.values["address"] = ""
        self.show_script()

    def set_value(self, name: str, value: str) -> None:
        """operator / company / address; the script is re-filled at once."""
        self.values[name] = value
        self.show_script()

    # -- rendering ------------------------------------------------------------------------------

    def filled_steps(self) -> list[tuple[str, str]]:
        """(title, text) of the steps for the current call, placeholders filled."""
        steps = steps_for(self.steps, inbound=self.inbound)
        return [(s.title, fill(s.text, self.values)) for s in steps]

    def show_script(self) -> None:
        names = {
            "operator": self.tr("your name"),
            "company": self.tr("company"),
            "address": self.tr("how to address the caller"),
        }
        shown = {k: html.escape(v) for k, v in self.values.items() if v}
        missing = {
            k: f'<span style="{MISSING_STYLE}">[{html.escape(names[k])}]</span>'
            for k in names
            if k not in shown
        }
        items = []
        for step in steps_for(self.steps, inbound=self.inbound):
            text = fill(html.escape(step.text), {**shown, **missing})
            title = f"<b>{html.escape(step.title)}</b><br>" if step.title else ""
            items.append(f"<li>{title}{text}</li>")
        kind = self.tr("Incoming call") if self.inbound else self.tr("Outgoing call")
        self.view.setHtml(f"<p><i>{html.escape(kind)}</i></p><ol>{''.join(items)}</ol>")

    def _set_playbooks(self, playbooks: list[PlaybookText]) -> None:
        for button in self.playbook_buttons:
            button.deleteLater()
        self.playbook_buttons.clear()
        self.playbooks = playbooks
        for book in playbooks:
            button = QPushButton(book.title, self)
            button.setCheckable(True)
            button.setToolTip(self.tr("Show the playbook: {0}").format(book.title))
            button.clicked.connect(
                lambda checked, b=book: self.show_playbook(b if checked else None)
            )
            self.playbook_row.addWidget(button)
            self.playbook_buttons.append(button)
        self.show_playbook(None)

    def show_playbook(self, book: PlaybookText | None) -> None:
        self.current_playbook = book
        for button, candidate in zip(self.playbook_buttons, self.playbooks, strict=True):
            button.setChecked(candidate is book)
        if book is None:
            self.playbook_view.hide()
            return
        lines = "".join(f"<li>{html.escape(line)}</li>" for line in book.lines)
        self.playbook_view.setHtml(f"<p><b>{html.escape(book.title)}</b></p><ol>{lines}</ol>")
        self.playbook_view.show()
