"""Child process of tests/ui/phone/test_call_log_sigkill.py: the real app (softphone.ui.app.main,
offscreen) with a driver on its Qt loop that acts as the operator.

`talk`: prints READY once the CRM panels are in, answers the first call that rings, types
wrap-up notes while talking, waits until they are saved as a draft, prints NOTED <notes as
JSON>, then idles until the test kills it.
`history`: waits until the call history lists a call, prints HISTORY <the rows as JSON> (what
the operator sees in each column, plus status and notes) and quits normally.
Further arguments go to the app (the test signs in with --user LOGIN --password-stdin).
Every wait is bounded (WAIT_S); on a timeout it prints FAILED and exits 3.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from softphone.sip.events import CallState
from softphone.ui.caller.wrapup import WrapUpPanel
from softphone.ui.main_window import MainWindow
from softphone.ui.phone.call_card import is_ringing_here
from softphone.ui.phone.history_panel import HistoryPanel

WAIT_S = 30.0
TICK_MS = 50
NOTES = "Клиент просит перезвонить, счёт не пришёл"


def window() -> MainWindow | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)), None)


def talk(main: MainWindow) -> Iterator[Callable[[], bool]]:
    yield lambda: main.findChild(WrapUpPanel) is not None  # the CRM panels are in
    print("READY", flush=True)
    yield lambda: any(is_ringing_here(c) for c in main.bridge.calls())
    assert main.controller.answer()
    wrapup = main.findChild(WrapUpPanel)
    assert wrapup is not None
    yield lambda: wrapup.active and not wrapup.isHidden()
    yield lambda: any(c.state is CallState.CONFIRMED for c in main.bridge.calls())
    for word in NOTES.split(" "):  # typed in bits, as a person types
        wrapup.notes.insertPlainText(word + " ")
    wrapup.notes.textCursor().deletePreviousChar()
    yield lambda: (
        wrapup.notes.toPlainText() == NOTES and not wrapup._draft_timer.isActive()
        and not main.runner.busy
    )
    print("NOTED " + json.dumps({"notes": wrapup.notes.toPlainText(),
                                 "countdown": wrapup.countdown.text()}, ensure_ascii=False),
          flush=True)
    while True:
        yield lambda: False  # talking until SIGKILL (bounded by the test's timeout)


def history(main: MainWindow) -> Iterator[Callable[[], bool]]:
    def panel() -> HistoryPanel | None:  # it comes with the database, after the window
        return main.findChild(HistoryPanel)

    yield lambda: (found := panel()) is not None and found.model.rowCount() > 0
    found = panel()
    assert found is not None
    model = found.model
    rows = [
        {
            "columns": [model.data(model.index(row, col)) for col in range(model.columnCount())],
            "status": model.record(row).status,
            "notes": model.record(row).notes,
            "kind": str(model.record(row).kind),
        }
        for row in range(model.rowCount())
    ]
    print("HISTORY " + json.dumps(rows, ensure_ascii=False), flush=True)
    QApplication.instance().exit(0)


class Driver:
    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.steps: Iterator[Callable[[], bool]] | None = None
        self.condition: Callable[[], bool] | None = None
        self.step = 0
        self.deadline = time.monotonic() + WAIT_S
        self.timer = QTimer()
        self.timer.timeout.connect(self.tick)
        self.timer.start(TICK_MS)

    def tick(self) -> None:
        if self.steps is None:
            main = window()
            if main is None:
                return self._check_time()
            self.steps = talk(main) if self.mode == "talk" else history(main)
        elif self.condition is not None and not self.condition():
            return self._check_time()
        self.deadline = time.monotonic() + WAIT_S
        self.step += 1
        try:
            self.condition = next(self.steps)
        except StopIteration:
            self.timer.stop()
        except Exception as exc:  # tell the test, do not hang
            print(f"FAILED {exc!r}", flush=True)
            os._exit(3)
        return None

    def _check_time(self) -> None:
        if time.monotonic() > self.deadline:
            main = window()
            wrapup = main.findChild(WrapUpPanel) if main else None
            state = (wrapup.interaction_id, wrapup.isHidden()) if wrapup else None
            calls = [(c.state, c.direction) for c in main.bridge.calls()] if main else None
            print(f"FAILED waiting at step {self.step} of {self.mode}: wrap-up {state}, "
                  f"calls {calls}", flush=True)
            os._exit(3)


def main() -> int:
    app = QApplication([sys.argv[0]])
    driver = Driver(sys.argv[1])
    from softphone.ui.app import main as app_main

    code = app_main(sys.argv[2:])
    del driver, app
    return code


if __name__ == "__main__":
    sys.exit(main())
