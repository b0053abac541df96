"""The call log as calls happen: an open row when a call rings or is dialled, completed at its end.

So a desk killed mid-call (SIGKILL, power loss) still has the call: at the next start
`recover()` marks the rows its dead process left open as interrupted (CallLogService).
Every write runs in the TaskRunner, never on the GUI thread. The end of a call may be
handled before the pool has written its open row (a call refused at once); the finishing
task then waits briefly for that row so it completes it instead of writing a second one.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from softphone.crm.customers.finished import StartedCall
from softphone.sip.events import CallEnded, CallInfo, CallState, Direction, IncomingCall
from softphone.ui.bridge import finished_call
from softphone.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the call log's SQLAlchemy code is loaded by whoever makes the service
    from softphone.crm.customers.calls import CallLogService, CallRecord

OPEN_WAIT_S = 10.0  # the longest a finishing task waits for its call's open row


class _OpenRow:
    def __init__(self) -> None:
        self.id: int | None = None
        self.ready = threading.Event()

    def wait(self) -> int | None:
        return self.id if self.ready.wait(OPEN_WAIT_S) else None


class CallJournal(QObject):
    opened = Signal(object, object)  # CallInfo, the CallRecord of its open row in the call log
    logged = Signal(object, object)  # CallEnded, the CallRecord it was completed as

    def __init__(
        self, call_log: CallLogService, runner: TaskRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._log, self._runner = call_log, runner
        self._rows: dict[int, _OpenRow] = {}  # engine call id -> its open row
        self._answered: set[int] = set()

    def recover(self) -> None:
        """Start-up: calls a dead process of this desk left open become interrupted."""
        self._runner.run(self._log.close_interrupted, changes="calls", label="interrupted calls")

    def on_incoming(self, event: IncomingCall) -> None:
        self._open(event.call)

    def on_call_changed(self, call: CallInfo) -> None:
        if call.state is CallState.DISCONNECTED:
            return
        if call.direction is Direction.OUTBOUND and call.call_id not in self._rows:
            self._open(call)  # dialled here (or by a transfer)
        row = self._rows.get(call.call_id)
        if row is not None and call.state is CallState.CONFIRMED and (
            call.call_id not in self._answered
        ):
            self._answered.add(call.call_id)
            answered_at = call.connected_at or datetime.now(UTC)
            call_log = self._log

            def answered() -> None:
                row_id = row.wait()
                if row_id is not None:
                    call_log.mark_answered(row_id, answered_at)

            self._runner.run(answered, label="call answered")

    def on_call_ended(self, event: CallEnded) -> None:
        row = self._rows.pop(event.call.call_id, None)
        self._answered.discard(event.call.call_id)
        finished, call_log = finished_call(event), self._log

        def complete() -> CallRecord:
            open_id = row.wait() if row is not None else None
            return call_log.record_finished(finished, open_id=open_id)

        self._runner.run(complete, lambda record: self.logged.emit(event, record),
                         changes="calls", label="record call")

    def _open(self, call: CallInfo) -> None:
        if call.call_id in self._rows:
            return
        row = self._rows[call.call_id] = _OpenRow()
        started = StartedCall(
            inbound=call.direction is Direction.INBOUND,
            remote=call.remote_uri or call.remote_number,
            display_name=call.display_name,
            started_at=call.started_at or datetime.now(UTC),
        )
        call_log = self._log

        def open_row() -> CallRecord:
            try:
                record = call_log.open_call(started)
                row.id = record.id
                return record
            finally:
                row.ready.set()

        self._runner.run(open_row, lambda record: self.opened.emit(call, record),
                         label="open call")
