"""The guide editor's playbooks page: what to do with an unhappy or a rude caller, as the admin
words it.

A playbook is a title and a few short points; the operator opens it with one click beside the
script. The points are typed one per line and checked for phrases to avoid, since operators
read them out. Validation is the service's (ScriptService.replace_playbooks): the page keeps
whatever was typed, so a refused save loses nothing.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from softphone.crm.guide.script import PlaybookText
from softphone.ui.widgets.list_editor import RecordListEditor
from softphone.ui.widgets.phrase_check import CheckedTextEdit, PhraseRules


class PlaybooksEditor(RecordListEditor[PlaybookText]):
    """A list of playbooks on the left, the selected one's title and points on the right."""

    def __init__(self, rules: PhraseRules | None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Add playbook"), parent)
        self.title = QLineEdit(self)
        self.lines = CheckedTextEdit(rules, self)
        hint = QLabel(self.tr("One point per line; empty lines are dropped."), self)
        hint.setWordWrap(True)
        self.form.addRow(self.tr("Title:"), self.title)
        self.form.addRow(self.tr("Points:"), self.lines)
        self.form.addRow(hint)
        self._select(-1)

    def set_playbooks(self, books: list[PlaybookText]) -> None:
        self.set_records(books)

    def add_record(self) -> None:
        super().add_record()
        self.title.selectAll()
        self.title.setFocus()

    add_playbook = add_record

    def blank(self) -> PlaybookText:
        return PlaybookText(self.tr("New playbook"), ())

    def empty(self) -> PlaybookText:
        return PlaybookText("", ())

    def label(self, record: PlaybookText) -> str:
        return record.title.strip() or self.tr("(no title)")

    def read_form(self) -> PlaybookText:
        # Lines are kept as typed (blank ones too) so nothing moves under the admin's cursor;
        # the service drops the blank ones when it saves.
        return PlaybookText(self.title.text(), tuple(self.lines.toPlainText().split("\n")))

    def show_record(self, record: PlaybookText, editable: bool) -> None:
        self.title.setText(record.title)
        self.lines.setPlainText(record.body)
        for widget in (self.title, self.lines):
            widget.setEnabled(editable)
