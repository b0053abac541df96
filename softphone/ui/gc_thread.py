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
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

TICK_MS = 250  # a gen-0 collection of a quarter second's garbage takes well under 1 ms


class GuiThreadCollector(QObject):
    """Owns the collection schedule while it lives; `stop()` gives it back to Python."""

    def __init__(self, parent: QObject | None = None, tick_ms: int = TICK_MS) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        self.collections = 0  # how many collections this object ran (tests read it)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    def tick(self) -> None:
        """Collect the oldest generation over its threshold, as CPython's own trigger does."""
        thresholds = gc.get_threshold()
        counts = gc.get_count()
        generation = -1
        for gen in range(3):
            if thresholds[gen] and counts[gen] > thresholds[gen]:
                generation = gen
        if generation >= 0:
            gc.collect(generation)
            self.collections += 1

    def stop(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()


def collect_on_gui_thread(parent: QObject) -> GuiThreadCollector:
    """Install for the life of `parent` (the application)."""
    collector = GuiThreadCollector(parent)
    parent.destroyed.connect(lambda *_: gc.enable())
    log.debug("Cyclic garbage collection moved to the GUI thread")
    return collector
