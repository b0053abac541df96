"""Run Python's cyclic garbage collector on the GUI thread only.

Automatic collection starts in whichever thread happens to allocate past the threshold: a
TaskRunner worker flushing SQLAlchemy, the argon2 sign-in thread, a sound stream thread. If the
garbage it finds holds Qt objects (a closed dialog caught in a reference cycle with its lambdas),
their C++ destructors then run on that worker thread, which Qt does not allow: measured here
as a segfault "Garbage-collecting" inside a worker's SQLAlchemy flush during
tests/ui/phone/test_notifications.py (1 of 6 full runs), and once more a stop earlier.

So the automatic collector is switched off and a GUI-thread timer does the same job: it looks
at the generation counts the interpreter keeps anyway and collects the generations that are
over their thresholds, exactly when the automatic collector would have, give or take one tick.
Reference counting (which frees almost everything) is not affected.

A full collection of the started app scans ~140,000 objects: 65 ms on the GUI thread here, a
visible stall. Almost all of them live as long as the process (modules, Qt wrappers, the
SQLAlchemy mappers), so once start-up is done `settle()` moves them out of the collector's
sight (gc.freeze) and later full collections only look at what the shift created (0.1 ms
measured right after). Full collections also run at most once a minute, as CPython itself
skips them while few objects have survived since the last one.

Start-up itself allocates ~140,000 long-lived objects (modules, classes, mappers) and little
garbage, so every collection during it is wasted work: the app switches the collector off before
its first import and its timer holds off until `settle()` (or HOLD_LIMIT_S, should start-up fail
half-way); settle() then collects once and freezes.
"""

from __future__ import annotations

import gc
import logging
import time

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

TICK_MS = 250  # a gen-0 collection of a quarter second's garbage takes well under 1 ms
FULL_EVERY_S = 60.0  # at most one full collection in this time
HOLD_LIMIT_S = 20.0  # a held collector starts by itself if settle() never comes

_held: list[GuiThreadCollector] = []  # collectors waiting for settle()


class GuiThreadCollector(QObject):
    """Owns the collection schedule while it lives; `stop()` gives it back to Python."""

    def __init__(self, parent: QObject | None = None, tick_ms: int = TICK_MS,
                 hold: bool = False) -> None:
        """hold: collect nothing until settle() (start-up)."""
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        self.collections = 0  # how many collections this object ran (tests read it)
        self._last_full = time.monotonic()
        self._stopped = False
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.tick)
        if hold:
            _held.append(self)
            QTimer.singleShot(int(HOLD_LIMIT_S * 1000), self, self.release)
        else:
            self._timer.start()

    @property
    def collecting(self) -> bool:
        """Its timer runs: neither held nor stopped."""
        return self._timer.isActive()

    def release(self) -> None:
        """Start collecting (settle() calls this; so does the hold's time limit)."""
        if self in _held:
            _held.remove(self)
        if not self._stopped and not self._timer.isActive():
            self._timer.start()

    def tick(self) -> None:
        """Collect the oldest generation over its threshold, as CPython's own trigger does."""
        thresholds = gc.get_threshold()
        counts = gc.get_count()
        generation = -1
        for gen in range(3):
            if thresholds[gen] and counts[gen] > thresholds[gen]:
                generation = gen
        if generation == 2:
            if time.monotonic() - self._last_full < FULL_EVERY_S:
                generation = 1
            else:
                self._last_full = time.monotonic()
        if generation >= 0:
            gc.collect(generation)
            self.collections += 1

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()
        if self in _held:
            _held.remove(self)
        if self._was_enabled:
            gc.enable()


def settle() -> None:
    """Start-up is over: what lives now lives for the process; keep it out of later scans."""
    started = time.perf_counter()
    gc.collect()
    gc.freeze()
    log.info("%d start-up objects set aside from garbage collection (%.0f ms)",
             gc.get_freeze_count(), (time.perf_counter() - started) * 1000)
    for collector in list(_held):
        collector.release()


def collect_on_gui_thread(parent: QObject, hold: bool = False) -> GuiThreadCollector:
    """Install for the life of `parent` (the application); see GuiThreadCollector."""
    collector = GuiThreadCollector(parent, hold=hold)
    parent.destroyed.connect(lambda *_: gc.enable())
    log.debug("Cyclic garbage collection moved to the GUI thread")
    return collector
