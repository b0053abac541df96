"""The admin's editor for the conversation guide: script steps, playbooks, phrases to avoid,
dispositions.

Each list is edited whole and saved whole (the services replace a list in one transaction).
The script text is checked for phrases to avoid while the admin types, like every text meant
for a customer. Who may open this dialog is decided by the caller (roles arrive later).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.db import Database
from softphone.crm.guide.editing import GuideService
from softphone.crm.guide.phrases import PhraseRule, PhraseService
from softphone.crm.guide.script import PlaybookText, ScriptService, Step
from softphone.crm.guide.wrapup import WrapUpService
from softphone.ui.caller.guide_playbooks import PlaybooksEditor
from softphone.ui.tasks import TaskRunner
from softphone.ui.widgets.list_editor import RecordListEditor
from softphone.ui.widgets.phrase_check import CheckedTextEdit, PhraseRules


@dataclass(frozen=True)
class GuideServices:
    script: ScriptService
    phrases: PhraseService
    wrapups: WrapUpService
    guide: GuideService  # saves all four lists in one transaction

    @classmethod
    def for_database(cls, db: Database) -> GuideServices:
        return cls(ScriptService(db), PhraseService(db), WrapUpService(db), GuideService(db))


class StepsEditor(RecordListEditor[Step]):
    """The script's steps on the left, the selected step's fields on the right."""

    def __init__(self, rules: PhraseRules | None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Add step"), parent)
        self.direction = QComboBox(self)
        for value, text in (
            ("any", self.tr("Every call")),
            ("inbound", self.tr("Incoming calls")),
            ("outbound", self.tr("Outgoing calls")),
        ):
            self.direction.addItem(text, value)
        self.title = QLineEdit(self)
        self.text = CheckedTextEdit(rules, self)
        hint = QLabel(self.tr("Placeholders: {operator}, {company}, {address}"), self)
        hint.setWordWrap(True)
        self.form.addRow(self.tr("For:"), self.direction)
        self.form.addRow(self.tr("Title:"), self.title)
        self.form.addRow(self.tr("Text:"), self.text)
        self.form.addRow(hint)

    def set_steps(self, steps: list[Step]) -> None:
        self.set_records(steps)

    def add_step(self) -> None:
        self.add_record()

    def blank(self) -> Step:
        return Step(self.tr("New step"), "")

    def empty(self) -> Step:
        return Step("", "")

    def label(self, record: Step) -> str:
        return record.title or record.text[:40]

    def read_form(self) -> Step:
        return Step(self.title.text(), self.text.toPlainText(), self.direction.currentData())

    def show_record(self, record: Step, editable: bool) -> None:
        self.direction.setCurrentIndex(max(self.direction.findData(record.direction), 0))
        self.title.setText(record.title)
        self.text.setPlainText(record.text)
        for widget in (self.direction, self.title, self.text):
            widget.setEnabled(editable)


class TableEditor(QWidget):
    """Rows of text cells with Add and Remove: phrases with suggestions, dispositions."""

    def __init__(self, headers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(headers), self)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.horizontalHeader().setStretchLastSection(True)
        add, remove = QPushButton(self.tr("Add"), self), QPushButton(self.tr("Remove"), self)
        add.clicked.connect(lambda: self.add_row([""] * self.table.columnCount()))
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def set_rows(self, rows: list[list[str]]) -> None:
        self.table.setRowCount(0)
        for row in rows:
            self.add_row(row)
        self.table.resizeColumnToContents(0)

    def add_row(self, cells: list[str]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate(cells):
            self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.setCurrentCell(row, 0)

    def rows(self) -> list[list[str]]:
        """Non-empty rows as typed; the services validate them."""
        result = []
        for row in range(self.table.rowCount()):
            cells = []
            for column in range(self.table.columnCount()):
                item = self.table.item(row, column)
                cells.append(item.text() if item is not None else "")
            if any(c.strip() for c in cells):
                result.append(cells)
        return result


class GuideEditor(QDialog):
    saved = Signal()  # every list was saved: panels reload

    def __init__(
        self,
        services: GuideServices,
        runner: TaskRunner,
        rules: PhraseRules | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services, self._runner = services, runner
        self.setWindowTitle(self.tr("Conversation guide"))
        self.resize(820, 520)
        self.steps = StepsEditor(rules, self)
        self.playbooks = PlaybooksEditor(rules, self)
        self.phrases = TableEditor([self.tr("Phrase to avoid"), self.tr("Say instead")], self)
        self.dispositions = TableEditor([self.tr("Call outcome")], self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.steps, self.tr("Script"))
        self.tabs.addTab(self.playbooks, self.tr("Playbooks"))
        self.tabs.addTab(self.phrases, self.tr("Phrases to avoid"))
        self.tabs.addTab(self.dispositions, self.tr("Call outcomes"))
        self.error_label = QLabel(self)
        self.error_label.setObjectName("callerError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.buttons.setEnabled(False)

    def load(self) -> None:
        s = self._services
        self._runner.run(
            lambda: (
                s.script.steps(), s.phrases.rules(), s.wrapups.dispositions(), s.script.playbooks()
            ),
            lambda result: self.set_content(*result),
            on_failure=self._failed,
            label="load conversation guide",
        )

    def set_content(
        self,
        steps: list[Step],
        rules: list[PhraseRule],
        labels: list[str],
        playbooks: list[PlaybookText],
    ) -> None:
        self.steps.set_steps(steps)
        self.playbooks.set_playbooks(playbooks)
        self.phrases.set_rows([[r.phrase, r.suggestion] for r in rules])
        self.dispositions.set_rows([[label] for label in labels])
        self.buttons.setEnabled(True)

    def save(self) -> None:
        s = self._services
        steps = self.steps.collected()
        playbooks = self.playbooks.collected()
        rules = [PhraseRule(p, sug) for p, sug in self.phrases.rows()]
        labels = [row[0] for row in self.dispositions.rows()]

        def write() -> None:
            s.guide.replace_all(steps, playbooks, rules, labels)  # a refusal keeps every list

        self.buttons.setEnabled(False)
        self._runner.run(write, lambda _r: self._done(), on_failure=self._failed,
                         changes="guide", label="save conversation guide")

    def _done(self) -> None:
        self.saved.emit()
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.error_label.setText(str(exc) or type(exc).__name__)
        self.error_label.show()
