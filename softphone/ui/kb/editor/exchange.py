"""Import… and Export… of the knowledge-base editor: file dialogs, off-thread work, the report.

An import brings in the file's good records and lists every rejected one with the reason in
the service's Russian, so the admin can fix the spreadsheet and load it again (by code, so the
second run only updates).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.db import Database
from softphone.crm.kb import exchange
from softphone.crm.kb.file_import import ImportReport, import_file
from softphone.crm.kb.service import KnowledgeBaseService
from softphone.ui.tasks import CountedTasks, TaskRunner

CHANGES = "kb"  # as the operator's panel listens for it


class ImportReportDialog(QDialog):
    """How many items were created and updated, and each rejected record with its reason."""

    def __init__(self, report: ImportReport, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import: {0}").format(path.name))
        self.resize(640, 360)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        text = self.tr("Created: {0}. Updated: {1}.").format(report.created, report.updated)
        if report.rejected:
            text += " " + self.tr("Rejected, not imported: {0}.").format(len(report.rejected))
        self.summary.setText(text)
        self.table = QTableWidget(len(report.rejected), 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Where"), self.tr("Reason")])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        for row, rejected in enumerate(report.rejected):
            self.table.setItem(row, 0, QTableWidgetItem(rejected.where))
            self.table.setItem(row, 1, QTableWidgetItem(rejected.reason))
        self.table.setVisible(bool(report.rejected))
        self.table.setWordWrap(True)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def rejected_rows(self) -> list[tuple[str, str]]:
        def text(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return "" if item is None else item.text()

        return [(text(r, 0), text(r, 1)) for r in range(self.table.rowCount())]


class CatalogueFiles(QObject):
    """Chooses files and runs import/export through the TaskRunner; the editor shows results."""

    imported = Signal(object)  # ImportReport
    exported = Signal(str, int)  # path, number of items
    failed = Signal(str)  # readable text (the file is unusable, or the admin may not import)

    def __init__(
        self,
        kb: KnowledgeBaseService,
        db: Database,
        runner: TaskRunner,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._kb, self._db, self._runner, self._window = kb, db, runner, parent
        self.report_dialog: ImportReportDialog | None = None
        self._tasks = CountedTasks(runner, self._fail)
        self._run = self._tasks.run

    @property
    def busy(self) -> bool:
        return self._tasks.pending > 0

    def _fail(self, exc: Exception) -> None:
        self.failed.emit(str(exc) or type(exc).__name__)


    def choose_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self._window,
            self.tr("Import catalogue"),
            "",
            self.tr("Catalogue files (*.csv *.json);;CSV (*.csv);;JSON (*.json)"),
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        self._run(
            lambda: import_file(self._kb, self._db, path),
            lambda report: self._show_report(report, path),
            label="import knowledge base",
            changes=CHANGES,
        )

    def _show_report(self, report: ImportReport, path: Path) -> None:
        self.report_dialog = ImportReportDialog(report, path, self._window)
        self.report_dialog.open()
        self.imported.emit(report)

    def choose_export(self) -> None:
        csv_filter, json_filter = self.tr("CSV (*.csv)"), self.tr("JSON (*.json)")
        path, chosen = QFileDialog.getSaveFileName(
            self._window,
            self.tr("Export catalogue"),
            "catalogue.csv",
            f"{csv_filter};;{json_filter}",
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".csv", ".json"):
            target = target.with_suffix(".json" if chosen == json_filter else ".csv")
        self.export_file(target)

    def export_file(self, path: Path) -> None:
        def write() -> int:
            drafts = self._kb.export_drafts()
            exchange.export_file(drafts, path)
            return len(drafts)

        self._run(write, lambda count: self.exported.emit(str(path), count),
                  label="export knowledge base")
