"""bench/thread_cpu.py: the per-thread CPU the audio_path bench prints names the busy thread."""

from __future__ import annotations

import os
import threading
import time

from bench import thread_cpu


def test_a_busy_thread_is_at_the_top_and_an_idle_one_is_left_out() -> None:
    halt = threading.Event()
    tids: dict[str, int] = {}

    def burn() -> None:
        tids["busy"] = threading.get_native_id()
        while not halt.is_set():
            sum(range(1000))

    def idle() -> None:
        tids["idle"] = threading.get_native_id()
        halt.wait(5)

    threads = [threading.Thread(target=burn), threading.Thread(target=idle)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.05)
        start, began = thread_cpu.sample(os.getpid()), time.monotonic()
        time.sleep(0.6)
        shares = thread_cpu.shares(start, thread_cpu.sample(os.getpid()),
                                   time.monotonic() - began)
    finally:
        halt.set()
        for thread in threads:
            thread.join(timeout=5)
    by_tid = {int(name.rsplit("/", 1)[1]): pct for name, pct in shares}
    assert tids["busy"] in by_tid and by_tid[tids["busy"]] > 20
    assert tids["idle"] not in by_tid
    assert [pct for _, pct in shares] == sorted((pct for _, pct in shares), reverse=True)


def test_a_process_that_is_gone_gives_no_threads() -> None:
    assert thread_cpu.sample(2**22 + 12345) == {}
    assert thread_cpu.shares({}, {}, 0.0) == []
