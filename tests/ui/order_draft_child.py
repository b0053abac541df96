"""Child process of test_order_drafts: the real app (softphone.ui.app.main, offscreen) with a
driver on its Qt loop that acts as the operator.

`fill`: half-fills the order and the application form by typing, waits until both drafts are
saved, prints FILLED <fields as JSON>, then idles until the test kills it with SIGKILL.
`check`: waits for the start-up restore, prints RESTORED <fields as JSON> and quits normally.
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
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from softphone.ui.documents.panel import DocumentsPanel
from tests.ui.order_helpers import suggestion, type_into

WAIT_S = 30.0
TICK_MS = 50


def fields(panel: DocumentsPanel) -> dict[str, Any]:
    """Everything the operator can see in both forms."""
    order, app = panel.order_form, panel.application_form
    return {
        "order": order.to_form().to_dict(),
        "order_picked": [row.picker.text() for row in order.lines.rows],
        "application": app.to_form().to_dict(),
        "application_service": app.service_picker.text(),
    }


def find_panel() -> DocumentsPanel | None:
    for widget in QApplication.topLevelWidgets():
        found = widget.findChild(DocumentsPanel)
        if found is not None:
            return found
    return None


def fill(panel: DocumentsPanel) -> Iterator[Callable[[], bool]]:
    order, app = panel.order_form, panel.application_form
    yield lambda: order.promo_combo.count() > 1  # promotions loaded
    type_into(order.name_edit, "Мария Петровна")
    type_into(order.phone_edit, "8 916 123-45-67")
    type_into(order.address_edit, "Москва, ул. Лесная, д. 5, кв. 12")
    for query, code, quantity in (("роутер n300", "SD-RT-N300", "2"), ("кабель", "SD-CBL", "7,5")):
        order.lines.add_button.click()
        row = order.lines.rows[-1]
        type_into(row.picker, query)
        yield lambda row=row, code=code: suggestion(row.picker, code) is not None
        row.picker.completer_.activated.emit(suggestion(row.picker, code))
        type_into(row.quantity, quantity)
    friend = next(
        i for i in range(order.promo_combo.count()) if "друга" in order.promo_combo.itemText(i)
    )
    order.promo_combo.setCurrentIndex(friend)
    type_into(order.comment_edit, "Домофон не работает — звонить на мобильный")

    app.kind_combo.setCurrentIndex(app.kind_combo.findData("compensation"))
    type_into(app.line("contact_name"), "Мария Петровна")
    type_into(app.line("contact_phone"), "+79161234567")
    type_into(app.service_picker, "статический")
    yield lambda: suggestion(app.service_picker, "SD-SRV-IP") is not None
    app.service_picker.completer_.activated.emit(suggestion(app.service_picker, "SD-SRV-IP"))
    type_into(app.line("period_from"), "01.10.2026")
    type_into(app.line("amount_claimed"), "1 234,50")
    type_into(app.text_edit("reason"), "Роутер сгорел после скачка напряжения")
    # ... and the operator is still typing when the power goes.
    yield lambda: not order.autosaver.pending and not app.autosaver.pending
    print("FILLED " + json.dumps(fields(panel), ensure_ascii=False), flush=True)
    while True:
        yield lambda: False  # until SIGKILL (bounded by the test's timeout)


def check(panel: DocumentsPanel) -> Iterator[Callable[[], bool]]:
    yield lambda: panel.restored is not None
    print("RESTORED " + json.dumps(fields(panel), ensure_ascii=False), flush=True)
    QApplication.instance().exit(0)


class Driver:
    def __init__(self, mode: str) -> None:
        self.mode, self.steps, self.condition = mode, None, None
        self.deadline = time.monotonic() + WAIT_S
        self.timer = QTimer()
        self.timer.timeout.connect(self.tick)
        self.timer.start(TICK_MS)

    def tick(self) -> None:
        if self.steps is None:
            panel = find_panel()
            if panel is None:
                return self._check_time()
            self.steps = fill(panel) if self.mode == "fill" else check(panel)
        elif self.condition is not None and not self.condition():
            return self._check_time()
        self.deadline = time.monotonic() + WAIT_S
        try:
            self.condition = next(self.steps)
        except StopIteration:
            self.timer.stop()
        return None

    def _check_time(self) -> None:
        if time.monotonic() > self.deadline:
            print("FAILED waiting", flush=True)
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
