"""Wakes the queue panel when requests change: LISTEN on PostgreSQL in a thread of its own.

The thread blocks on its own connection (never the GUI thread, never the task pool) and only
emits a signal; the panel then reloads through the task runner like any other query. If the
server goes away it retries every few seconds and asks for a reload once it is back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal

from softphone.crm.web_requests.events import RequestListener

log = logging.getLogger(__name__)

WAIT_S = 0.5  # how quickly the thread notices it should stop
RECONNECT_S = 5.0


class RequestWatcher(QThread):
    changed = Signal()  # something in the queue changed; reload it

    def __init__(
        self, make_listener: Callable[[], RequestListener], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._make_listener = make_listener
        self.setObjectName("RequestWatcher")

    def run(self) -> None:
        listener: RequestListener | None = None
        while not self.isInterruptionRequested():
            try:
                if listener is None:
                    listener = self._make_listener()
                    listener.open()
                    self.changed.emit()  # catch up on what happened while we were away
                if listener.wait(WAIT_S):
                    self.changed.emit()
            except Exception as exc:  # server restart, network: retry, never die
                log.warning("Request notifications unavailable, retrying: %s", exc)
                if listener is not None:
                    listener.close()
                    listener = None
                self._pause(RECONNECT_S)
        if listener is not None:
            listener.close()

    def _pause(self, seconds: float) -> None:
        for _ in range(int(seconds / 0.1)):
            if self.isInterruptionRequested():
                return
            self.msleep(100)

    def stop(self, timeout_ms: int = 5000) -> None:
        self.requestInterruption()
        if not self.wait(timeout_ms):
            log.warning("Request watcher still running after %d ms", timeout_ms)
