"""Website requests waiting for an operator: take one, call back in one click, record outcome.

New requests appear by themselves: a RequestWatcher wakes the panel on PostgreSQL, a timer
polls on SQLite. All database work goes through the task runner; taking is exclusive in the
CRM, so when another desk was quicker the operator is simply told so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.web_requests.request_info import RequestInfo
from softphone.crm.web_requests.service import WebRequestService
from softphone.formatting import format_time
from softphone.ui.queue.model import ID_ROLE, QueueModel
from softphone.ui.tasks import TaskRunner
from softphone.ui.widgets.accessible import name_controls

if TYPE_CHECKING:
    from softphone.ui.queue.watch import RequestWatcher

log = logging.getLogger(__name__)

CHANGES = "web_requests"  # what TaskRunner.data_changed says after our writes
POLL_MS = 2000  # SQLite has no notifications: look every two seconds
SAFETY_POLL_MS = 30_000  # with notifications, still look now and then
TICK_MS = 1000
DEFAULT_TARGET_MIN = 15


class QueuePanel(QWidget):
    call_back_requested = Signal(str)  # the E.164 number to dial
    new_requests = Signal(list)  # RequestInfo that just arrived (for a desktop notification)
    open_count_changed = Signal(int)

    def __init__(
        self,
        service: WebRequestService,
        runner: TaskRunner,
        operator_id: int,
        *,
        target_minutes: int = DEFAULT_TARGET_MIN,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service, self._runner, self._operator = service, runner, operator_id
        self._known: set[int] | None = None  # ids seen so far; None until the first load
        self._loading = self._again = False
        self._watcher: RequestWatcher | None = None
        self.model = QueueModel(timedelta(minutes=target_minutes), operator_id, self)
        self._build()
        name_controls(self)  # added after the window's features: it names its own fields
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self.refresh)
        self._clock = QTimer(self, interval=TICK_MS)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        runner.data_changed.connect(self._on_data_changed)

    def title(self) -> str:
        return self.tr("Website requests")

    # -- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.summary = QLabel(self)
        self.summary.setObjectName("queueSummary")
        self.table = QTableView(self)
        self.table.setObjectName("queueTable")
        self.table.setAccessibleName(self.tr("Website requests"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(lambda _index: self.call_back())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())

        self.details = QPlainTextEdit(self)  # plain text: markup from a visitor stays text
        self.details.setObjectName("queueDetails")
        self.details.setAccessibleName(self.tr("The request's details"))
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(130)
        self.notes = QLineEdit(self)
        self.notes.setPlaceholderText(self.tr("Note for the outcome (optional)"))
        self.retry_minutes = QSpinBox(self)
        self.retry_minutes.setRange(5, 24 * 60)
        self.retry_minutes.setValue(30)
        self.retry_minutes.setSuffix(self.tr(" min"))
        self.retry_minutes.setToolTip(self.tr("When to call again after no answer"))
        self.message = QLabel(self)
        self.message.setObjectName("queueMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)

        def button(name: str, text: str, slot: Callable[[], None]) -> QPushButton:
            widget = QPushButton(text, self)
            widget.setObjectName(name)
            widget.clicked.connect(slot)
            return widget

        self.take_button = button("takeRequest", self.tr("Take"), self.take)
        self.call_button = button("callBackRequest", self.tr("Call back"), self.call_back)
        self.release_button = button("releaseRequest", self.tr("Give back"), self.release)
        self.done_button = button("requestDone", self.tr("Done"), lambda: self.close_as("done"))
        self.no_answer_button = button(
            "requestNoAnswer", self.tr("No answer"), lambda: self.close_as("no_answer")
        )
        self.wrong_button = button(
            "requestWrongNumber", self.tr("Wrong number"), lambda: self.close_as("wrong_number")
        )
        self.duplicate_button = button(
            "requestDuplicate", self.tr("Duplicate"), lambda: self.close_as("duplicate")
        )
        self.call_button.setDefault(True)

        work = QHBoxLayout()
        for widget in (self.take_button, self.call_button, self.release_button):
            work.addWidget(widget)
        work.addStretch(1)
        outcomes = QGridLayout()
        outcomes.addWidget(self.done_button, 0, 0)
        outcomes.addWidget(self.no_answer_button, 0, 1)
        outcomes.addWidget(self.retry_minutes, 0, 2)
        outcomes.addWidget(self.wrong_button, 1, 0)
        outcomes.addWidget(self.duplicate_button, 1, 1)
        outcomes.addWidget(self.notes, 2, 0, 1, 3)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addLayout(work)
        layout.addLayout(outcomes)
        layout.addWidget(self.message)
        self._selection_changed()
        self._update_summary()

    # -- keeping up to date ------------------------------------------------------------------

    def start_polling(self, interval_ms: int = POLL_MS) -> None:
        self._poll.setInterval(interval_ms)
        self._poll.start()
        self.refresh()

    def start_watching(self, watcher: RequestWatcher) -> None:
        """Reload when the watcher says so; poll rarely as a safety net."""
        self._watcher = watcher
        watcher.changed.connect(self.refresh)
        watcher.start()
        self.start_polling(SAFETY_POLL_MS)

    def shutdown(self) -> None:
        self._poll.stop()
        self._clock.stop()
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None

    @Slot()
    def refresh(self) -> None:
        if self._loading:  # a burst of notifications becomes one more load, not many
            self._again = True
            return
        self._loading = True
        self._runner.run(
            self._service.open_queue,
            self._show,
            on_failure=self._load_failed,
            label="web request queue",
        )

    def _show(self, rows: list[RequestInfo]) -> None:
        self._loading = False
        selected = self.selected()
        self.model.set_rows(rows)
        if self._known is None and rows:  # size the columns once, to real data
            self.table.resizeColumnsToContents()
        if selected is not None and (row := self.model.row_of(selected.id)) >= 0:
            self.table.selectionModel().select(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        free = {r.id for r in rows if r.taken_by is None}
        if self._known is not None:
            arrived = [r for r in rows if r.id in free - self._known and r.outcome is None]
            if arrived:
                self.new_requests.emit(arrived)
        self._known = (self._known or set()) | free
        self._selection_changed()
        self._update_summary()
        self.open_count_changed.emit(len(free))
        if self._again:
            self._again = False
            self.refresh()

    def _load_failed(self, error: Exception) -> None:
        self._loading = self._again = False
        self.message.setText(self.tr("Could not load requests: {0}").format(error))

    def _on_data_changed(self, what: str) -> None:
        if what == CHANGES:
            self.refresh()

    def _tick(self) -> None:
        self.model.tick()
        self._update_summary()

    def _update_summary(self) -> None:
        free = sum(1 for r in self.model.requests() if r.taken_by is None)
        overdue = self.model.overdue_count()
        text = self.tr("Waiting: {0}").format(free)
        if overdue:
            text += " · " + self.tr("overdue: {0}").format(overdue)
        self.summary.setText(text)
        self.summary.setProperty("overdue", overdue > 0)

    # -- selection --------------------------------------------------------------------------

    def selected(self) -> RequestInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.request(rows[0].row()) if rows else None

    def select_request(self, request_id: int) -> bool:
        row = self.model.row_of(request_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def _selection_changed(self) -> None:
        info = self.selected()
        free = info is not None and info.taken_by is None
        mine = info is not None and info.taken_by == self._operator
        self.take_button.setEnabled(free)
        self.call_button.setEnabled((free or mine) and info is not None and bool(info.phone))
        self.release_button.setEnabled(mine)
        for widget in (self.done_button, self.no_answer_button, self.duplicate_button):
            widget.setEnabled(free or mine)
        self.wrong_button.setEnabled((free or mine) and info is not None and bool(info.phone))
        self.details.setPlainText(self._describe(info) if info is not None else "")

    def _describe(self, info: RequestInfo) -> str:
        lines = [
            self.tr("Request #{0} from {1}, {2}").format(
                info.id, info.site, format_time(info.created_at, datetime.now(UTC))
            ),
            f"{info.name} · {info.phone_raw or '—'} · {info.email or '—'}",
        ]
        if info.preferred_time:
            lines.append(self.tr("Preferred time: {0}").format(info.preferred_time))
        if info.message:
            lines.append(info.message)
        if info.page_url:
            lines.append(self.tr("Page: {0}").format(info.page_url))
        if info.utm:
            lines.append(" ".join(f"{k}={v}" for k, v in info.utm.items()))
        return "\n".join(lines)

    # -- actions ------------------------------------------------------------------------------

    def take(self) -> None:
        info = self.selected()
        if info is None:
            return
        self._runner.run(
            lambda: self._service.take(info.id, self._operator),
            lambda won: self._say(
                self.tr("Request #{0} is yours.") if won
                else self.tr("Another operator was quicker: request #{0} is taken."),
                info.id,
            ),
            on_failure=self._failed,
            changes=CHANGES,
            label="take web request",
        )

    def call_back(self) -> None:
        """Take (if free), link or create the customer, then ask the window to dial."""
        info = self.selected()
        if info is None or not info.phone:
            return
        self._runner.run(
            lambda: self._service.call_back(info.id, self._operator),
            self._dial,
            on_failure=self._failed,
            changes=CHANGES,
            label="call back web request",
        )

    def _dial(self, info: RequestInfo) -> None:
        self._say(self.tr("Calling back request #{0}…"), info.id)
        if info.phone:
            self.call_back_requested.emit(info.phone)

    def release(self) -> None:
        info = self.selected()
        if info is None:
            return
        self._runner.run(
            lambda: self._service.release(info.id, self._operator),
            lambda _ok: self._say(self.tr("Request #{0} is back in the queue."), info.id),
            on_failure=self._failed,
            changes=CHANGES,
        )

    def close_as(self, outcome: str) -> None:
        info = self.selected()
        if info is None:
            return
        retry = None
        if outcome == "no_answer":
            retry = datetime.now(UTC) + timedelta(minutes=self.retry_minutes.value())
        notes = self.notes.text()
        self._runner.run(
            lambda: self._service.close(
                info.id, self._operator, outcome, retry_at=retry, notes=notes
            ),
            lambda _info: self._closed(info.id),
            on_failure=self._failed,
            changes=CHANGES,
            label=f"web request outcome {outcome}",
        )

    def _closed(self, request_id: int) -> None:
        self.notes.clear()
        self._say(self.tr("Outcome of request #{0} saved."), request_id)

    def _say(self, template: str, request_id: int) -> None:
        self.message.setText(template.format(request_id))

    def _failed(self, error: Exception) -> None:
        self.message.setText(str(error))
        self.refresh()

    def request_id_at(self, row: int) -> int:
        return int(self.model.index(row, 0).data(ID_ROLE))
