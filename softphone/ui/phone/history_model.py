"""Table model of the call history: what each column shows for one CallRecord.

Kept apart from the panel so the formatting (times, durations, who called) is testable on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from softphone.crm.customers.calls import CallRecord
from softphone.crm.models import InteractionKind
from softphone.formatting import format_duration, format_time

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1  # the CallRecord itself
TARGET_ROLE = Qt.ItemDataRole.UserRole + 2  # what "call back" dials

_MISSED_COLOR = QColor("#c62828")
_Index = QModelIndex | QPersistentModelIndex


def call_back_target(record: CallRecord) -> str:
    """The normalised number if the CRM knows it, else the raw remote (a SIP URI or user)."""
    return (record.number or record.remote or "").strip()


class HistoryModel(QAbstractTableModel):
    """Read-only rows of CallRecords, newest first as the service returns them."""

    COLUMNS = 5  # kind, name, number, time, duration (a missed call: the reason)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: list[CallRecord] = []
        self._headers = [
            self.tr("Type"),
            self.tr("Customer"),
            self.tr("Number"),
            self.tr("Time"),
            self.tr("Duration / reason"),
        ]
        self._kinds: dict[str, str] = {
            InteractionKind.CALL_IN: self.tr("Incoming"),
            InteractionKind.CALL_OUT: self.tr("Outgoing"),
            InteractionKind.CALL_MISSED: self.tr("Missed"),
        }

    def set_records(self, records: Sequence[CallRecord]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def record(self, row: int) -> CallRecord:
        return self._records[row]

    def records(self) -> list[CallRecord]:
        return list(self._records)

    def row_of(self, record_id: int) -> int:
        for row, rec in enumerate(self._records):
            if rec.id == record_id:
                return row
        return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    # Any: what Qt's QVariant holds for the role (text, a brush, an alignment).
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    # Any: what Qt's QVariant holds for the role (text, a brush, an alignment).
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._records):
            return None
        rec = self._records[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(rec, col)
        if role == RECORD_ROLE:
            return rec
        if role == TARGET_ROLE:
            return call_back_target(rec)
        if role == Qt.ItemDataRole.ForegroundRole and rec.kind == InteractionKind.CALL_MISSED:
            return QBrush(_MISSED_COLOR)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(rec)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, rec: CallRecord, col: int) -> str:
        if col == 0:
            kind = self._kinds.get(rec.kind, rec.kind)
            return self.tr("{0} · conference").format(kind) if rec.conference else kind
        if col == 1:
            return rec.customer_name or self.tr("Not in the customer base")
        if col == 2:
            return rec.number or rec.remote
        if col == 3:
            return format_time(rec.started_at)
        if rec.kind == InteractionKind.CALL_MISSED or rec.status == "interrupted":
            return rec.reason or "—"  # no talk time; why it was missed ("линия занята") instead
        return format_duration(rec.duration_s)

    def _tooltip(self, rec: CallRecord) -> str:
        lines = [rec.remote]
        if rec.conference:
            lines.append(self.tr("A leg of a three-way call"))
        if rec.reason:
            lines.append(self.tr("Reason: %1").replace("%1", rec.reason))
        if rec.disposition:
            lines.append(self.tr("Result: %1").replace("%1", rec.disposition))
        if rec.notes:
            lines.append(rec.notes)
        return "\n".join(lines)
