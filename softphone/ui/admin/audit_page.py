"""Settings tab for admins: the audit log (who changed what, who played which recording)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.auth import AuditRecord, AuditService, Principal
from softphone.ui.settings.pages import SettingsPage
from softphone.ui.tasks import TaskRunner


class AuditPage(SettingsPage):
    def __init__(
        self,
        service: AuditService,
        principal: Principal,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service, self._principal, self._runner = service, principal, runner
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Who"), self.tr("What"), self.tr("Details")]
        )
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.message = QLabel()
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.reload)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addWidget(self.refresh_button)
        self.reload()

    def title(self) -> str:
        return self.tr("Audit log")

    def reload(self) -> None:
        service, principal = self._service, self._principal
        self._runner.run(
            lambda: service.entries(principal),
            self._show,
            on_failure=lambda exc: self.message.setText(str(exc)),
            label="audit log",
        )

    def _show(self, entries: list[AuditRecord]) -> None:
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            when = entry.at.astimezone().strftime("%d.%m.%Y %H:%M:%S")
            for column, text in enumerate((when, entry.actor, entry.action, entry.details)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.message.setText(self.tr("Entries shown: %1").replace("%1", str(len(entries))))
