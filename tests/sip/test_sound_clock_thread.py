"""PJSIP's clock thread (it calls the sound ports) keeps one Python thread state and runs real
time, on every clock thread: PJSIP ends it a second after the bridge falls idle and starts a
new one when sound comes back (softphone/sip/native_threads/kept_state.py, sound.ClockThread).
"""

from __future__ import annotations

import os
import threading
from collections import Counter

from softphone.sip import SipEngine
from softphone.sip.sound import CLOCK, raise_thread_priority


def _policy(tid: int) -> int:
    with open(f"/proc/self/task/{tid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[38])  # field 41: the policy


def _rt_allowed() -> bool:
    allowed: list[bool] = []
    probe = threading.Thread(target=lambda: allowed.append(raise_thread_priority("probe")))
    probe.start()
    probe.join(timeout=5)
    return bool(allowed and allowed[0])


def test_each_clock_thread_keeps_one_thread_state_and_the_old_one_is_freed(
    operator: tuple[SipEngine, str],
) -> None:
    engine, _ = operator
    buffers = engine.sound_buffers
    assert buffers is not None
    local = threading.local()  # its values live in the Python thread state
    fresh: Counter[int] = Counter()  # frames that found a new thread state, by clock thread
    kept: Counter[int] = Counter()
    policies: dict[int, int] = {}

    def tap(_side: str, _pcm: bytes) -> None:
        tid = threading.get_native_id()
        if getattr(local, "seen", False):
            kept[tid] += 1
        else:
            local.seen = True
            fresh[tid] += 1
            policies[tid] = _policy(tid)

    buffers.tap = tap
    for _ in range(2):
        engine.wait_for(lambda: False, 1.8)  # PJSIP closes its device 1 s after idling
        engine.play_keys("1")
        engine.wait_for(lambda: sum(kept.values()) + sum(fresh.values()) > 0, 2.0)
        engine.wait_for(lambda: False, 0.4)
    buffers.tap = None
    # PJSIP may start more than one clock thread per wake; each must find a new state once
    assert len(fresh) >= 2, f"expected a clock thread per wake at least, saw {dict(fresh)}"
    assert all(count == 1 for count in fresh.values()), f"fresh states per thread: {fresh}"
    assert all(kept[tid] >= 5 for tid in fresh), f"kept: {kept}"
    *ended, last = fresh  # in the order they came
    assert CLOCK.thread_id == last and CLOCK.state.thread_id == last
    for tid in ended:  # gone, and so their states were freed when the next one kept its own
        assert not os.path.exists(f"/proc/self/task/{tid}")
    if _rt_allowed():
        assert all(policy == os.SCHED_RR for policy in policies.values()), policies
