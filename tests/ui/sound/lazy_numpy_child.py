"""The real app in a child for test_lazy_numpy.py: when, and on which thread, numpy is imported.

Run as `python lazy_numpy_child.py --user LOGIN --password-stdin` (app.main's arguments). An
audit hook notes the thread and time of numpy's import (the "import" event fires once, when
the module is really loaded). Once the CRM features are in it prints READY; then it answers the
first call after RING_S of ringing, or, with LAZY_NUMPY_DIAL=URI in the environment, dials URI
itself (START: the call rang or was dialled). It prints what the speech meters showed during
the call and, once the call's speech figures are saved, prints them and quits. Lines:
`KEY json`.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from dataclasses import asdict
from typing import Any

RING_S = 2.0  # an operator takes a second or two to answer (ring-back likewise)
IMPORTED: list[tuple[str, float]] = []  # (thread name, monotonic time) of numpy's import


def _watch_imports(event: str, args: tuple[Any, ...]) -> None:
    if event == "import" and args[0] == "numpy" and not IMPORTED:
        IMPORTED.append((threading.current_thread().name, time.monotonic()))


sys.addaudithook(_watch_imports)

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import softphone.ui.features as features_module  # noqa: E402
from softphone.sip import CallState  # noqa: E402
from softphone.ui import app  # noqa: E402
from softphone.ui.main_window import MainWindow  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        kb = next(line.split()[1] for line in status if line.startswith("VmRSS:"))
    return round(int(kb) / 1024, 1)


def say(key: str, value: object) -> None:
    print(key, json.dumps(value), flush=True)


def follow(features: Any) -> None:
    """The CRM features are in: answer the first call, watch its meters, report its figures."""
    coach = features.coaching
    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    bridge = window.bridge
    seen: dict[str, Any] = {"rate": None, "meters_shown": False}
    say("READY", {"numpy": "numpy" in sys.modules, "sound": bridge.sound is not None})
    seen["idle_rss"] = rss_mb()

    def counters() -> dict[str, Any]:
        """The sound path's own jitter-buffer counters (whole run so far)."""
        return {name: asdict(stats) for name, stats in bridge.sound.buffers.stats().items()}

    def started() -> None:
        say("START", {"at": time.monotonic(), "numpy": "numpy" in sys.modules})
        seen["counters_at_start"] = counters()

    def rang(event: Any) -> None:
        started()
        QTimer.singleShot(int(RING_S * 1000), window.controller.answer)

    def dial(uri: str) -> None:
        started()
        window.controller.dial(uri)

    def changed(call: Any) -> None:
        if call.state is CallState.CONFIRMED and call.media_active and "talking" not in seen:
            seen["talking"] = time.monotonic()
            seen["counters_at_talk"] = counters()
            say("TALKING", {"at": seen["talking"], "numpy": IMPORTED})

    def watch() -> None:
        snapshot = coach.tap.snapshot()
        if snapshot is not None:
            seen["meters_shown"] = seen["meters_shown"] or coach.meters.isVisible()
            seen["rate"] = snapshot.caller_rate if snapshot.caller_rate else seen["rate"]
        if coach.saved:
            figures = coach.service.for_calls(coach.saved)[coach.saved[-1]]
            say("METERS", seen)
            say("SAVED", asdict(figures))
            say("IMPORT", IMPORTED)
            say("COUNTERS", {"start": seen["counters_at_start"],
                             "talk": seen["counters_at_talk"], "end": counters()})
            say("RSS", {"idle": seen["idle_rss"], "after_the_call": rss_mb()})
            QApplication.instance().exit(0)

    bridge.incoming_call.connect(rang)
    bridge.call_state_changed.connect(changed)
    timer = QTimer(coach)
    timer.timeout.connect(watch)
    timer.start(100)
    target = os.environ.get("LAZY_NUMPY_DIAL")
    if target:
        QTimer.singleShot(0, lambda: dial(target))


original_catch_up = features_module.CrmFeatures.catch_up


def catch_up(self: Any, calls: Any) -> None:
    original_catch_up(self, calls)
    follow(self)


features_module.CrmFeatures.catch_up = catch_up  # type: ignore[method-assign]
sys.exit(app.main(sys.argv[1:]))
