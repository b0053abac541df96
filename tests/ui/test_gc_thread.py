"""Cyclic garbage made on a worker thread is collected on the GUI thread (ui/gc_thread.py)."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

from softphone.ui.gc_thread import GuiThreadCollector


class _Cycle:
    """Garbage that only the cyclic collector can free; notes the thread that freed it."""

    freed_on: ClassVar[list[int]] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.freed_on.append(threading.get_ident())


def _make_garbage_in_worker() -> int:
    def work() -> None:
        for _ in range(20_000):  # far past gen 0's threshold: CPython would collect here
            _Cycle()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(30)
    assert not worker.is_alive()
    return worker.ident or 0


def test_worker_garbage_is_collected_on_the_gui_thread(qtbot) -> None:
    assert not gc.isenabled()  # the session's collector (tests/ui/conftest.py) is in charge
    gc.collect()
    _Cycle.freed_on.clear()
    worker_id = _make_garbage_in_worker()
    assert _Cycle.freed_on == []  # nothing was collected inside the worker
    qtbot.waitUntil(lambda: len(_Cycle.freed_on) > 10_000, timeout=5000)
    assert set(_Cycle.freed_on) == {threading.get_ident()}
    assert worker_id not in _Cycle.freed_on
    gc.collect()


def test_stopping_gives_collection_back_to_python(qapp) -> None:
    collector = GuiThreadCollector(qapp)
    assert not gc.isenabled()
    collector.stop()
    # the session's own collector still runs: gc stays off for the rest of the UI tests
    assert not gc.isenabled()
    gc.enable()
    try:
        nested = GuiThreadCollector(qapp)
        nested.stop()
        assert gc.isenabled()  # it was on when this one started, so it is on again
    finally:
        gc.disable()


def test_settled_start_up_objects_are_set_aside_and_new_garbage_still_goes(qtbot) -> None:
    from softphone.ui.gc_thread import settle

    settle()
    try:
        assert gc.get_freeze_count() > 10_000  # the modules, Qt wrappers, mappers...
        _Cycle.freed_on.clear()
        for _ in range(2_000):
            _Cycle()
        qtbot.waitUntil(lambda: len(_Cycle.freed_on) > 1_000, timeout=5000)
    finally:
        gc.unfreeze()  # the next tests' garbage must not hide among the frozen


def test_a_held_collector_waits_for_settle(qtbot, qapp) -> None:
    """The app's start-up collects nothing until settle(): its objects all live on."""
    from softphone.ui.gc_thread import settle

    held = GuiThreadCollector(qapp, tick_ms=10, hold=True)
    try:
        for _ in range(20_000):  # gen 0 far past its threshold
            _Cycle()
        qtbot.wait(200)  # twenty ticks of an unheld collector
        assert held.collections == 0 and not held.collecting
        settle()
        try:
            assert held.collecting
            for _ in range(20_000):
                _Cycle()
            # its own tick, called here: on the event loop the session's collector (250 ms)
            # may take this garbage first and leave it nothing to do
            held.tick()
            assert held.collections == 1
        finally:
            gc.unfreeze()
    finally:
        held.stop()
        gc.disable()  # the session's collector is still in charge
    assert not held.collecting
