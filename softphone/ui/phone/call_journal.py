"""The call log as calls happen: an open row when a call rings or is dialled, completed at its end.

So a desk killed mid-call (SIGKILL, power loss) still has the call: at the next start
`recover()` marks the rows its dead process left open as interrupted (CallLogService).
Every write runs in the TaskRunner, never on the GUI thread. The end of a call may be
handled before the pool has written its open row (a call refused at once); the finishing
task then waits briefly for that row so it completes it instead of writing a second one.

With a CrmLink, a database outage does not lose calls: a call whose open row cannot be
written gets a provisional key and is announced with a provisional record (so its wrap-up
opens as usual), and a call whose end cannot be written is kept by the link and delivered
when the database is back.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from softphone.crm.customers.finished import FinishedCall, StartedCall
from softphone.sip.events import CallEnded, CallInfo, CallState, Direction, IncomingCall
from softphone.ui.bridge import finished_call
from softphone.ui.crm_link import CrmLink
from softphone.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the call log's SQLAlchemy code is loaded by whoever makes the service
    from softphone.crm.customers.calls import CallLogService, CallRecord

OPEN_WAIT_S = 10.0  # the longest a finishing task waits for its call's open row


class _OpenRow:
    def __init__(self) -> None:
        self.id: int | None = None
        self.key: int | None = None  # provisional key when the row could not be written
        self.ready = threading.Event()

    def wait(self) -> int | None:
        return self.id if self.ready.wait(OPEN_WAIT_S) else None


class CallJournal(QObject):
    opened = Signal(object, object)  # CallInfo, the CallRecord of its open row in the call log
    logged = Signal(object, object)  # CallEnded, the CallRecord it was completed as

    def __init__(
        self,
        call_log: CallLogService,
        runner: TaskRunner,
        parent: QObject | None = None,
        link: CrmLink | None = None,
    ) -> None:
        super().__init__(parent)
        self._log, self._runner, self._link = call_log, runner, link
        self._rows: dict[int, _OpenRow] = {}  # engine call id -> its open row
        self._answered: set[int] = set()
        if link is not None:
            link.handle("finish", self._deliver)

    def _deliver(self, row_id: int | None, data: dict[str, Any]) -> int:
        """(worker thread) A kept end of a call, written once whatever was written before."""
        return self._log.record_finished(_finished_from(data), open_id=row_id, once=True).id

    def recover(self) -> None:
        """Start-up: calls a dead process of this desk left open become interrupted."""
        self._runner.run(self._log.close_interrupted, changes="calls", label="interrupted calls")

    def catch_up(self, calls: list[CallInfo]) -> None:
        """Calls that began before the journal existed (the log attached after the window):
        opened now, and marked answered if they are. One that began and ended before is
        not in the log."""
        for call in calls:
            if call.state is not CallState.DISCONNECTED:
                self._open(call)
                self.on_call_changed(call)

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

        if row is not None and row.key is not None and self._link is not None:
            self._keep_end(event, finished, row.key)  # its row exists only in the outbox
            return

        def complete() -> CallRecord:
            open_id = row.wait() if row is not None else None
            return call_log.record_finished(finished, open_id=open_id)

        def failed(exc: Exception) -> None:
            if self._link is None or not self._link.report(exc):
                self._runner.failed.emit(str(exc) or type(exc).__name__)
                return
            key = row.id if row is not None and row.id is not None else None
            if key is None:
                key = row.key if row is not None and row.key is not None else None
            self._keep_end(event, finished, key if key is not None else self._link.new_key())

        self._runner.run(complete, lambda record: self.logged.emit(event, record),
                         on_failure=failed, changes="calls", label="record call")

    def _keep_end(self, event: CallEnded, finished: FinishedCall, key: int) -> None:
        """The database is away: the link keeps the call's end, the UI carries on with a
        provisional record (its id is the key the wrap-up saves against)."""
        assert self._link is not None
        self._link.keep("finish", key, _finished_to(finished))
        self.logged.emit(event, _provisional(key, finished, ended=True))

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

        def failed(exc: Exception) -> None:
            if self._link is None or not self._link.report(exc):
                self._runner.failed.emit(str(exc) or type(exc).__name__)
                return
            if self._rows.get(call.call_id) is not row:
                return  # it ended meanwhile; its end is kept as a whole call
            row.key = self._link.new_key()
            provisional = FinishedCall(started.inbound, started.remote, started.display_name,
                                       started.started_at, None, started.started_at)
            self.opened.emit(call, _provisional(row.key, provisional, ended=False))

        self._runner.run(open_row, lambda record: self.opened.emit(call, record),
                         on_failure=failed, label="open call")


def _finished_to(call: FinishedCall) -> dict[str, Any]:
    answered = call.answered_at.isoformat() if call.answered_at is not None else None
    return {
        "inbound": call.inbound, "remote": call.remote, "display_name": call.display_name,
        "started_at": call.started_at.isoformat(), "answered_at": answered,
        "ended_at": call.ended_at.isoformat(), "status_code": call.status_code,
        "reason": call.reason, "conference": call.conference,
    }


def _finished_from(data: dict[str, Any]) -> FinishedCall:
    answered = data["answered_at"]
    return FinishedCall(
        inbound=bool(data["inbound"]), remote=str(data["remote"]),
        display_name=str(data["display_name"]),
        started_at=datetime.fromisoformat(data["started_at"]),
        answered_at=datetime.fromisoformat(answered) if answered else None,
        ended_at=datetime.fromisoformat(data["ended_at"]),
        status_code=int(data["status_code"]), reason=str(data["reason"]),
        conference=bool(data.get("conference", False)),  # absent in an older desk's outbox
    )


def _provisional(key: int, call: FinishedCall, *, ended: bool) -> CallRecord:
    """What the UI shows of a call the database has not got yet."""
    from softphone.crm.customers.calls import CallRecord, call_kind
    from softphone.crm.models import CallStatus
    from softphone.crm.phone import try_normalize

    answered = call.answered_at
    duration = (call.ended_at - answered).total_seconds() if ended and answered else 0.0
    return CallRecord(
        id=key, kind=call_kind(inbound=call.inbound, answered=answered is not None),
        remote=call.remote, number=try_normalize(call.remote), customer_id=None,
        customer_name=None, started_at=call.started_at, duration_s=max(0.0, duration),
        disposition=None, notes=None,
        status=CallStatus.DONE.value if ended else CallStatus.OPEN.value,
        conference=call.conference,
    )
