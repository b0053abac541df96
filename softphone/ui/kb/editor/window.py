"""The admin's knowledge-base window: every item in a filterable list, one item's form beside it.

All database work goes through the TaskRunner; each write names "kb" as what changed, so the
operators' search panel refreshes itself, and the service re-indexes in the same transaction,
so the search finds the change at once. Permission is the service's business: the window asks
it when opening (an operator sees the service's refusal, in Russian, and nothing to edit) and
every write is checked again by the service. A save that fails leaves the form as typed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.auth import Permission, Principal, require
from softphone.crm.db import Database
from softphone.crm.kb.catalogue import CatalogueRow, catalogue_rows
from softphone.crm.kb.drafts import ItemDraft, KbValidationError
from softphone.crm.kb.file_import import ImportReport
from softphone.crm.kb.service import KnowledgeBaseService
from softphone.ui.kb.editor.exchange import CHANGES, CatalogueFiles
from softphone.ui.kb.editor.form import ItemForm
from softphone.ui.kb.editor.item_list import CatalogueList
from softphone.ui.tasks import CountedTasks, TaskRunner


class KnowledgeBaseEditor(QDialog):
    loaded = Signal()  # the list was (re)read from the database
    item_shown = Signal(int)  # an item's stored fields are in the form
    saved = Signal(int)  # an item was created or updated: its id

    def __init__(
        self,
        kb: KnowledgeBaseService,
        db: Database,
        runner: TaskRunner,
        principal: Principal | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._kb, self._db, self._runner, self._principal = kb, db, runner, principal
        self._rows: dict[int, CatalogueRow] = {}
        self._open_gen = 0
        self._tasks = CountedTasks(runner, self._failed)  # our jobs on their way
        self._run = self._tasks.run
        self._allowed = False
        self.setWindowTitle(self.tr("Knowledge base editor"))
        self.resize(1100, 720)
        self.files = CatalogueFiles(kb, db, runner, self)
        self._build()
        self._connect()
        self._set_enabled(False)

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.catalogue = CatalogueList(self)
        self.form = ItemForm(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.catalogue)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([600, 560])

        self.error_label = QLabel(self)
        self.error_label.setObjectName("formProblems")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.status_label = QLabel(self)
        self.new_button = QPushButton(self.tr("New"), self)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setDefault(True)
        self.retire_button = QPushButton(self.tr("Retire"), self)
        self.import_button = QPushButton(self.tr("Import…"), self)
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.close_button = QPushButton(self.tr("Close"), self)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.retire_button):
            buttons.addWidget(button)
        buttons.addWidget(self.status_label, 1)
        for button in (self.import_button, self.export_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        self.catalogue.current_changed.connect(self._on_current_changed)
        self.new_button.clicked.connect(self.new_item)
        self.save_button.clicked.connect(self.save)
        self.retire_button.clicked.connect(self.toggle_retired)
        self.import_button.clicked.connect(self.files.choose_import)
        self.export_button.clicked.connect(self.files.choose_export)
        self.close_button.clicked.connect(self.reject)
        self.files.imported.connect(self._imported)
        self.files.exported.connect(self._exported)
        self.files.failed.connect(self.show_error)

    # -- state for the window and tests ---------------------------------------------------
    @property
    def busy(self) -> bool:
        """Database work on its way, or a filter waiting for a pause in typing."""
        return self._tasks.pending > 0 or self.files.busy or self.catalogue.filter_pending

    def rows(self) -> list[CatalogueRow]:
        return self.catalogue.rows()

    # -- loading --------------------------------------------------------------------------
    def load(self) -> None:
        """Ask the service whether we may edit, then read the list and the categories."""

        def read() -> tuple[list[CatalogueRow], list[str]]:
            require(self._principal, Permission.EDIT_KNOWLEDGE_BASE, db=self._db)
            return catalogue_rows(self._db), [c.name for c in self._kb.categories()]

        self._run(read, lambda result: self._show_list(*result), label="kb editor list")

    def _show_list(self, rows: list[CatalogueRow], categories: list[str]) -> None:
        self._allowed = True
        self.error_label.hide()
        current = self.form.item_id
        self._rows = {row.item_id: row for row in rows}
        self.catalogue.set_rows(rows, categories)
        self.form.set_choices(rows, categories)
        self._set_enabled(True)
        if current is not None:
            self.catalogue.select(current)
        self.loaded.emit()

    # -- one item -------------------------------------------------------------------------
    def open_item(self, item_id: int) -> None:
        """Show the item's stored fields in the form (select its row too, if it is listed)."""
        self.catalogue.select(item_id)
        self._open(item_id)

    def _on_current_changed(self, item_id: int) -> None:
        if item_id == self.form.item_id:
            return
        if not self._may_discard():
            # After the view has finished moving its selection, put it back.
            back = self.form.item_id
            QTimer.singleShot(0, lambda: self._reselect(back))
            return
        self._open(item_id)

    def _reselect(self, item_id: int | None) -> None:
        if item_id is None:
            self.catalogue.clear_selection()
        else:
            self.catalogue.select(item_id)

    def _open(self, item_id: int) -> None:
        self._open_gen += 1
        gen = self._open_gen

        def shown(draft: ItemDraft) -> None:
            if gen == self._open_gen:
                self.form.set_item(draft, item_id)
                self._update_buttons()
                self.item_shown.emit(item_id)

        self._run(lambda: self._kb.draft(item_id), shown, label="kb editor item")

    def new_item(self) -> None:
        if not self._may_discard():
            return
        self._open_gen += 1  # an item still loading must not replace the new form
        self.catalogue.clear_selection()
        self.form.new_item(self.catalogue.kind_filter.currentData() or "product")
        self.status_label.setText(self.tr("New item: fill in the form and save"))
        self._update_buttons()

    def _may_discard(self) -> bool:
        """Typed changes are never dropped silently."""
        if not self.form.dirty:
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("The item has unsaved changes. Discard them?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    # -- writing --------------------------------------------------------------------------
    def save(self) -> None:
        try:
            draft = self.form.draft()
        except KbValidationError as exc:
            self.form.show_problems(exc.problems)
            return
        self.form.clear_problems()
        item_id = self.form.item_id

        def write() -> int:
            if item_id is None:
                return self._kb.create(draft)
            self._kb.update(item_id, draft)
            return item_id

        self.save_button.setEnabled(False)
        self._run(write, self._saved, changes=CHANGES, label="kb editor save")

    def _saved(self, item_id: int) -> None:
        self.form.item_id = item_id
        self.form.dirty = False
        self.status_label.setText(self.tr("Saved"))
        self.saved.emit(item_id)
        self.load()
        self._open(item_id)

    def toggle_retired(self) -> None:
        item_id = self.form.item_id
        if item_id is None or not self._may_discard():
            return
        row = self._rows.get(item_id)
        retire = row is None or not row.retired
        action = self._kb.retire if retire else self._kb.restore
        message = self.tr("Retired: hidden from search") if retire else self.tr("Restored")

        def done(_result: object) -> None:
            self.status_label.setText(message)
            self.load()
            self._open(item_id)

        self.retire_button.setEnabled(False)
        self._run(lambda: action(item_id), done, changes=CHANGES, label="kb editor retire")

    # -- files ----------------------------------------------------------------------------
    def import_file(self, path: Path) -> None:
        self.files.import_file(path)

    def export_file(self, path: Path) -> None:
        self.files.export_file(path)

    def _imported(self, report: ImportReport) -> None:
        self.status_label.setText(
            self.tr("Imported: {0} created, {1} updated, {2} rejected").format(
                report.created, report.updated, len(report.rejected)
            )
        )
        self.load()

    def _exported(self, path: str, count: int) -> None:
        self.status_label.setText(self.tr("Exported {0} items to {1}").format(count, path))

    # -- errors and buttons ---------------------------------------------------------------
    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, KbValidationError):
            self.form.show_problems(exc.problems)
        else:
            self.show_error(str(exc) or type(exc).__name__)
        self._update_buttons()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.form, self.catalogue, self.new_button, self.import_button,
                       self.export_button):
            widget.setEnabled(enabled)
        self._update_buttons()

    def _update_buttons(self) -> None:
        allowed = self._allowed
        self.save_button.setEnabled(allowed)
        item_id = self.form.item_id
        row = self._rows.get(item_id) if item_id is not None else None
        self.retire_button.setEnabled(allowed and row is not None)
        retired = row is not None and row.retired
        self.retire_button.setText(self.tr("Restore") if retired else self.tr("Retire"))

    def reject(self) -> None:
        """Close, Escape and the window's × all come here; typed changes are asked about."""
        if self._may_discard():
            super().reject()
