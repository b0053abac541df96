"""The sound threads ask for real-time scheduling and get it, or keep normal scheduling."""

from __future__ import annotations

import os
import threading

from softphone.sip.sound import RT_PRIORITY, raise_thread_priority


def _in_thread(env_off: bool) -> tuple[bool, int, int, int]:
    """Ask from a fresh thread; report what it got and what the main thread kept."""
    result: list[tuple[bool, int, int]] = []

    def run() -> None:
        raised = raise_thread_priority("test")
        result.append((raised, os.sched_getscheduler(0), os.sched_getparam(0).sched_priority))

    before = os.sched_getscheduler(0)
    if env_off:
        os.environ["SOFTPHONE_NO_RT"] = "1"
    try:
        thread = threading.Thread(target=run)
        thread.start()
        thread.join(timeout=5)
    finally:
        os.environ.pop("SOFTPHONE_NO_RT", None)
    assert result, "the thread did not finish"
    raised, policy, priority = result[0]
    assert os.sched_getscheduler(0) == before  # only the asking thread changes
    return raised, policy, priority, before


def test_the_asking_thread_gets_round_robin_or_is_told_it_did_not() -> None:
    raised, policy, priority, before = _in_thread(env_off=False)
    if raised:
        assert (policy, priority) == (os.SCHED_RR, RT_PRIORITY)
    else:  # an account without an rtprio allowance: nothing changed
        assert policy == before


def test_switched_off_by_the_environment_keeps_normal_scheduling() -> None:
    raised, policy, _, before = _in_thread(env_off=True)
    assert not raised
    assert policy == before
