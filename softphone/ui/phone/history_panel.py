"""Call history: incoming, outgoing and missed calls from the CRM, with a missed-calls badge.

Every database query goes through the runner (off the GUI thread); answers that arrive after a
newer query was started are dropped, so fast typing in the search box never shows stale rows.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.customers.calls import CallLogService, CallRecord
from softphone.crm.models import InteractionKind
from softphone.ui.phone.history_model import (
    TARGET_ROLE,
    HistoryModel,
)
from softphone.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 300  # wait for a pause in typing before asking the database
HISTORY_LIMIT = 200
# Writes to the call log come in bursts (three per call: rung, answered, ended; twenty calls a
# second when a PBX floods the desk): the list reloads at most this often, not once per write.
# Each reload is a query of 200 rows on a worker, whose Python holds the GIL the GUI thread
# needs (bench line_stress: stall p99 46-94 ms with a reload per write).
RELOAD_EVERY_MS = 250

FILTER_KINDS: dict[str, frozenset[str] | None] = {
    "all": None,
    "in": frozenset({InteractionKind.CALL_IN}),
    "out": frozenset({InteractionKind.CALL_OUT}),
    "missed": frozenset({InteractionKind.CALL_MISSED}),
}


class HistoryPanel(QWidget):
    call_back_requested = Signal(str)  # number or SIP URI to dial
    missed_count_changed = Signal(int)  # missed calls since the operator last looked

    def __init__(
        self, call_log: CallLogService, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._call_log = call_log
        self._runner = runner
        self._filter = "all"
        self._query_gen = 0  # newest history query; older answers are dropped
        self._seen_gen = 0  # bumps on mark_seen so a count asked for earlier cannot resurrect
        self._seen_at = datetime.now(UTC)
        self._missed = 0
        self._loading = False
        self._loaded_once = False

        self.model = HistoryModel(self)
        self._build()
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self._reload_timer = QTimer(self, singleShot=True, interval=RELOAD_EVERY_MS)
        self._reload_timer.timeout.connect(self.refresh)
        runner.data_changed.connect(self._on_data_changed)

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.filter_buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        filters = QHBoxLayout()
        labels = {
            "all": self.tr("All"),
            "in": self.tr("Incoming"),
            "out": self.tr("Outgoing"),
            "missed": self.tr("Missed"),
        }
        for key, text in labels.items():
            button = QPushButton(text)
            button.setCheckable(True)
            button.setChecked(key == self._filter)
            button.clicked.connect(lambda _=False, k=key: self.set_filter(k))
            group.addButton(button)
            filters.addWidget(button)
            self.filter_buttons[key] = button
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search by name or number"))
        self.search_edit.setClearButtonEnabled(True)
        filters.addWidget(self.search_edit, 1)

        self.table = QTableView()
        self.table.setAccessibleName(self.tr("Call history"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # Rows look alike: sizing columns from 32 of them instead of all 200 halves the GUI
        # stall per refresh (bench/history_panel.py).
        header.setResizeContentsPrecision(32)
        self.table.doubleClicked.connect(self._on_activated)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)

        self.status_label = QLabel()
        self.call_back_button = QPushButton(self.tr("Call back"))
        self.call_back_button.setEnabled(False)
        self.call_back_button.clicked.connect(self._call_back_selected)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.call_back_button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    # -- public slots ---------------------------------------------------------------------
    @property
    def missed_count(self) -> int:
        return self._missed

    @property
    def current_filter(self) -> str:
        return self._filter

    @property
    def loading(self) -> bool:
        """True while a history query is on its way; tests wait on this."""
        return self._loading

    @Slot(str)
    def set_filter(self, key: str) -> None:
        if key not in FILTER_KINDS:
            raise ValueError(f"Unknown history filter {key!r}")
        self._filter = key
        self.filter_buttons[key].setChecked(True)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Reload the list and the missed count (the window calls this when a call ends)."""
        self._search_timer.stop()
        self._reload_timer.stop()
        self._loaded_once = True
        self._query_gen += 1
        gen = self._query_gen
        kinds = FILTER_KINDS[self._filter]
        search = self.search_edit.text().strip()
        self._loading = True
        self._runner.run(
            lambda: self._call_log.history(kinds=kinds, search=search, limit=HISTORY_LIMIT),
            lambda records: self._show(gen, records),
            on_failure=lambda exc: self._failed(gen, exc),
            label="call history",
        )
        self._refresh_missed()

    @Slot()
    def mark_seen(self) -> None:
        """The operator looked at the history: the badge starts counting from now."""
        self._seen_at = datetime.now(UTC)
        self._seen_gen += 1
        self._set_missed(0)

    # -- results --------------------------------------------------------------------------
    def _refresh_missed(self) -> None:
        gen, since = self._seen_gen, self._seen_at
        self._runner.run(
            lambda: self._call_log.missed_since(since),
            lambda count: self._set_missed(count) if gen == self._seen_gen else None,
            on_failure=lambda exc: log.warning("Could not count missed calls: %s", exc),
            label="missed calls count",
        )

    def _show(self, gen: int, records: list[CallRecord]) -> None:
        if gen != self._query_gen:
            return
        self._loading = False
        selected = self.selected_record()
        self.model.set_records(records)
        if selected is not None:
            row = self.model.row_of(selected.id)
            if row >= 0:
                self.table.selectRow(row)
        if records:
            self.status_label.setText(self.tr("Calls shown: %n", "", len(records)))
        elif self.search_edit.text().strip() or self._filter != "all":
            self.status_label.setText(self.tr("Nothing found"))
        else:
            self.status_label.setText(self.tr("No calls yet"))

    def _failed(self, gen: int, exc: Exception) -> None:
        if gen != self._query_gen:
            return
        self._loading = False
        log.warning("Could not load the call history: %s", exc)
        self.status_label.setText(self.tr("Could not load the call history: %1").replace(
            "%1", str(exc) or type(exc).__name__))

    @Slot(str)
    def _on_data_changed(self, what: str) -> None:
        if what == "calls" and not self._reload_timer.isActive():
            self._reload_timer.start()  # later writes of the burst ride on this reload

    def _set_missed(self, count: int) -> None:
        if count != self._missed:
            self._missed = count
            self.missed_count_changed.emit(count)

    # -- call back ------------------------------------------------------------------------
    def selected_record(self) -> CallRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _update_buttons(self, *_: object) -> None:
        self.call_back_button.setEnabled(self.selected_record() is not None)

    def _call_back_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._on_activated(rows[0])

    def _on_activated(self, index: QModelIndex) -> None:
        target = self.model.data(index, TARGET_ROLE)
        if target:
            self.call_back_requested.emit(target)

    def context_menu_for(self, index: QModelIndex) -> QMenu | None:
        """The row's menu: call back, copy the number (built separately so tests can use it)."""
        target = self.model.data(index, TARGET_ROLE) if index.isValid() else None
        if not target:
            return None
        menu = QMenu(self)
        menu.addAction(self.tr("Call back"), lambda: self.call_back_requested.emit(target))
        menu.addAction(
            self.tr("Copy number"), lambda: QApplication.clipboard().setText(target)
        )
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        menu = self.context_menu_for(index)
        if menu is not None:
            self.table.selectRow(index.row())
            menu.exec(self.table.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def showEvent(self, event: QShowEvent) -> None:
        """Load on first sight, so a window that never opens the tab never queries for it."""
        super().showEvent(event)
        if not self._loaded_once:
            self.refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter on a selected row calls back, like a double-click."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self._call_back_selected()
            return
        super().keyPressEvent(event)
