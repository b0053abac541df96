"""Table model of the website request queue: waiting time, service level, who has it.

The clock is the model's own (`tick`), so ages and the service-level countdown move every
second without asking the database; overdue requests are painted red. Every cell is plain
text: a visitor's markup is shown as typed, never rendered.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from softphone.crm.web_requests.request_info import RequestInfo
from softphone.formatting import format_duration, format_time

ID_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 2

COL_WAITING, COL_LEVEL, COL_KIND, COL_NAME, COL_PHONE, COL_STATUS, COL_MESSAGE = range(7)
_OVERDUE_BACKGROUND = QBrush(QColor("#ffd6d6"))
_OVERDUE_TEXT = QBrush(QColor("#b71c1c"))
_TAKEN_TEXT = QBrush(QColor("#757575"))
_Index = QModelIndex | QPersistentModelIndex


class QueueModel(QAbstractTableModel):
    def __init__(self, target: timedelta, operator_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.target, self.operator_id = target, operator_id
        self._rows: list[RequestInfo] = []
        self._now = datetime.now(UTC)
        self._headers = [
            self.tr("Waiting"),
            self.tr("Service level"),
            self.tr("Type"),
            self.tr("Name"),
            self.tr("Phone"),
            self.tr("Status"),
            self.tr("Message"),
        ]
        self._kinds = {
            "callback": self.tr("Callback"),
            "question": self.tr("Question"),
            "order": self.tr("Order request"),
        }

    # -- data in ---------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[RequestInfo], now: datetime | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._now = now or datetime.now(UTC)
        self.endResetModel()

    def tick(self, now: datetime | None = None) -> None:
        """Advance the clock: only the time columns and colours change."""
        self._now = now or datetime.now(UTC)
        if self._rows:
            last = self.index(len(self._rows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def request(self, row: int) -> RequestInfo:
        return self._rows[row]

    def requests(self) -> list[RequestInfo]:
        return list(self._rows)

    def row_of(self, request_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == request_id), -1)

    # -- service level -----------------------------------------------------------------------

    def waiting(self, info: RequestInfo) -> timedelta:
        return self._now - info.waiting_since()

    def is_free(self, info: RequestInfo) -> bool:
        return info.taken_by is None

    def is_overdue(self, info: RequestInfo) -> bool:
        """Free and past the target: the operator should call now. Taken ones are in hand."""
        return self.is_free(info) and self.waiting(info) > self.target

    def overdue_count(self) -> int:
        return sum(1 for r in self._rows if self.is_overdue(r))

    # -- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    # Any: what Qt's QVariant holds for the role (text, a brush, an alignment).
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    # Any: what Qt's QVariant holds for the role (text, a brush, an alignment).
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        info = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(info, index.column())
        if role == ID_ROLE:
            return info.id
        if role == OVERDUE_ROLE:
            return self.is_overdue(info)
        if role == Qt.ItemDataRole.BackgroundRole and self.is_overdue(info):
            return _OVERDUE_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole:
            if self.is_overdue(info):
                return _OVERDUE_TEXT
            if not self.is_free(info) and info.taken_by != self.operator_id:
                return _TAKEN_TEXT
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_MESSAGE:
            return info.message
        return None

    def _display(self, info: RequestInfo, col: int) -> str:
        if col == COL_WAITING:
            return format_duration(max(0.0, self.waiting(info).total_seconds()))
        if col == COL_LEVEL:
            return self._level(info)
        if col == COL_KIND:
            return self._kinds.get(info.kind, info.kind)
        if col == COL_NAME:
            return info.name
        if col == COL_PHONE:
            return info.phone_raw or info.email
        if col == COL_STATUS:
            return self._status(info)
        if col == COL_MESSAGE:
            return " ".join(info.message.split())[:120]
        return ""

    def _level(self, info: RequestInfo) -> str:
        if not self.is_free(info):
            return ""
        if info.retry_at is not None and info.retry_at > self._now:
            return self.tr("Call again at {0}").format(format_time(info.retry_at, self._now))
        left = (self.target - self.waiting(info)).total_seconds()
        if left >= 0:
            return self.tr("{0} left").format(format_duration(left))
        return self.tr("{0} overdue").format(format_duration(-left))

    def _status(self, info: RequestInfo) -> str:
        if info.taken_by == self.operator_id:
            return self.tr("Taken by me")
        if info.taken_by is not None:
            return self.tr("Taken by {0}").format(info.taken_by_name or "—")
        if info.outcome == "no_answer":
            return self.tr("No answer, call again")
        return self.tr("New")
