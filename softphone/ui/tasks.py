"""Run CRM queries and writes off the GUI thread; results come back on the GUI thread.

An operator's window must never freeze on a slow database (PostgreSQL over a bad office
network), so every CRM call goes through `TaskRunner.run`. Failures take one path: the
caller's `on_failure` if given, else the runner's `failed` signal, which the main window
shows. Writes name what they changed (`changes="calls"`), and the runner broadcasts it on
`data_changed` so panels refresh themselves instead of calling each other.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance, Slot

from softphone.crm.connection_errors import is_connection_error

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Pending:
    on_success: Callable[[Any], None] | None
    on_failure: Callable[[Exception], None] | None
    changes: str | None
    label: str


class _Job(QRunnable):
    def __init__(self, job_id: int, fn: Callable[[], Any], done: SignalInstance) -> None:
        super().__init__()
        self._job_id, self._fn, self._done = job_id, fn, done

    def run(self) -> None:
        try:
            result, error = self._fn(), None
        except Exception as exc:  # every failure travels to the GUI thread's one error path
            result, error = None, exc
        self._done.emit(self._job_id, result, error)


class TaskRunner(QObject):
    """Owns a small thread pool; `run()` is the only way the UI touches the CRM."""

    data_changed = Signal(str)  # what changed: "calls", "customers", ...
    failed = Signal(str)  # readable text of a failure nobody handled
    # the exception of any task that failed because the database could not be reached; such
    # failures nobody handled go here only, not to `failed` (the window shows the CRM state)
    connection_lost = Signal(object)
    _done = Signal(int, object, object)  # job id, result, exception (worker -> GUI thread)

    def __init__(self, max_threads: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)  # SQLite writes serialise anyway
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._closed = False
        self._done.connect(self._finish)

    def run(
        self,
        fn: Callable[[], T],
        on_success: Callable[[T], None] | None = None,
        *,
        on_failure: Callable[[Exception], None] | None = None,
        changes: str | None = None,
        label: str = "",
    ) -> None:
        """Call fn() in the pool; then on_success(result) or on_failure(exc) on the GUI thread."""
        if self._closed:
            log.warning("Task %s dropped: the runner is shut down", label or fn)
            return
        job_id = next(self._ids)
        self._pending[job_id] = _Pending(on_success, on_failure, changes, label or repr(fn))
        self._pool.start(_Job(job_id, fn, self._done))

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def wait_idle(self, timeout_ms: int = 5000) -> bool:
        """Block until the pool is empty (shutdown and tests); callbacks run on the next loop."""
        return self._pool.waitForDone(timeout_ms)

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Finish running jobs so the database can be closed; later run() calls are dropped."""
        self._closed = True
        if not self._pool.waitForDone(timeout_ms):
            log.warning("CRM tasks still running after %d ms at shutdown", timeout_ms)

    @Slot(int, object, object)
    def _finish(self, job_id: int, result: object, error: object) -> None:
        pending = self._pending.pop(job_id, None)
        if pending is None:
            return
        if isinstance(error, Exception):
            self._fail(pending, error)
            return
        try:
            if pending.on_success is not None:
                pending.on_success(result)
        except Exception as exc:  # a broken panel must not take the window down
            log.exception("Result handler of %s failed", pending.label)
            self.failed.emit(str(exc) or type(exc).__name__)
        if pending.changes:
            self.data_changed.emit(pending.changes)

    def _fail(self, pending: _Pending, error: Exception) -> None:
        lost = is_connection_error(error)
        if lost:  # one line, not a traceback per task while the server is away
            log.warning("Task %s failed: the database is unreachable: %s", pending.label, error)
            self.connection_lost.emit(error)
        else:
            log.error("Task %s failed: %s", pending.label, error, exc_info=error)
        if pending.on_failure is not None:
            try:
                pending.on_failure(error)
                return
            except Exception:
                log.exception("Failure handler of %s failed", pending.label)
        if not lost:
            self.failed.emit(str(error) or type(error).__name__)


class CountedTasks:
    """One widget's jobs on a shared TaskRunner, counted: its buttons and tests can tell
    whether it still waits for the database, whoever else uses the runner."""

    def __init__(self, runner: TaskRunner, on_failure: Callable[[Exception], None]) -> None:
        self._runner, self._on_failure = runner, on_failure
        self.pending = 0

    def run(
        self,
        fn: Callable[[], T],
        on_success: Callable[[T], None],
        *,
        changes: str | None = None,
        label: str = "",
    ) -> None:
        self.pending += 1

        def done(result: T) -> None:
            self.pending -= 1
            on_success(result)

        def failed(exc: Exception) -> None:
            self.pending -= 1
            self._on_failure(exc)

        self._runner.run(fn, done, on_failure=failed, changes=changes, label=label)
