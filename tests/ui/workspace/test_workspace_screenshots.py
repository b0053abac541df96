"""Screenshots of the call workspace, taken from the real window while sipp calls it: ringing,
talking with a known customer (a knowledge-base answer open), and a new caller, each at
1366×768 and 1920×1080. They go to a temporary folder; UPDATE_SCREENSHOTS=1 puts them in
docs/screenshots/ for the README."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea

from softphone.crm.customers.calls import CallLogService
from softphone.crm.db import Database
from softphone.crm.demo.people import load_demo
from softphone.crm.kb.demo import load_demo_catalogue
from softphone.sip.events import CallState
from softphone.ui.i18n import install_translator, remove_translators
from tests.sip.sip_helpers import Processes
from tests.ui.call_panel_helpers import PanelDesk, call_from
from tests.ui.session_helpers import REPO
from tests.ui.test_screenshots import distinct_colours
from tests.ui.workspace.workspace_helpers import NUMBER, known_customer, workspace_desk

pytestmark = pytest.mark.timeout(120)
SIZES = {"1366": (1366, 768), "1920": (1920, 1080)}


def seed(db: Database) -> None:
    load_demo(db)  # a lived-in history and catalogue, as `softphone demo-data` leaves them
    load_demo_catalogue(db)
    known_customer(db)
    calls, now = CallLogService(db), datetime.now(UTC)
    for days, disposition, notes in ((9, "Консультация", "Спрашивала про тариф «Домашний 500»"),
                                     (2, "Оформлен заказ", "ТВ-приставка, доставка в среду")):
        start = now - timedelta(days=days)
        past = calls.record_call(inbound=True, remote=f"sip:{NUMBER}@127.0.0.1",
                                 display_name="", started_at=start, answered_at=start,
                                 ended_at=start + timedelta(minutes=4))
        calls.annotate(past.id, disposition=disposition, notes=notes)


@pytest.fixture
def desk(tmp_path: Path, qtbot, qapp, processes: Processes) -> Iterator[PanelDesk]:
    translators = install_translator(qapp, "ru")  # as the operators see it
    try:
        with workspace_desk(tmp_path, qtbot, seed) as desk:
            yield desk
    finally:
        remove_translators(qapp, translators)


def grab(desk: PanelDesk, qtbot, folder: Path, name: str) -> list[Path]:
    paths = []
    for label, (width, height) in SIZES.items():
        desk.window.resize(width, height)
        qtbot.waitUntil(lambda w=width: desk.window.width() == w, timeout=3000)
        for _ in range(5):
            QApplication.processEvents()
        qtbot.wait(150)
        wide = [area.objectName() or type(area.widget()).__name__
                for area in desk.window.findChildren(QScrollArea)
                if area.isVisible() and area.horizontalScrollBar().isVisible()]
        assert wide == [], f"{name} at {label}: scrolls sideways"
        path = folder / f"workspace-{name}-{label}.png"
        assert desk.window.grab().save(str(path)), path
        paths.append(path)
    return paths


def test_workspace_screenshots(desk: PanelDesk, processes: Processes, qtbot, tmp_path: Path
                               ) -> None:
    update = os.environ.get("UPDATE_SCREENSHOTS") == "1"
    folder = REPO / "docs" / "screenshots" if update else tmp_path / "shots"
    folder.mkdir(exist_ok=True)
    window, panels = desk.window, desk.panels
    assert desk.features is not None
    kb = desk.features.kb_panel
    shots: list[Path] = []

    sipp = call_from(processes, desk, NUMBER, until_bye=True)
    qtbot.waitUntil(lambda: panels.card.name_label.text() == "Наталья", timeout=8000)
    qtbot.waitUntil(lambda: not desk.runner.busy, timeout=5000)
    shots += grab(desk, qtbot, folder, "ringing")

    assert window.controller.answer()
    qtbot.waitUntil(lambda: any(c.state is CallState.CONFIRMED
                                for c in window.call_list.calls()), timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_F12)
    kb.search_edit.setText("роутер Wi-Fi 6")
    qtbot.waitUntil(lambda: not kb.loading and any("AX3000" in h.code for h in kb.hits),
                    timeout=8000)
    qtbot.keyClick(kb.search_edit, Qt.Key.Key_Return)  # the first answer opens
    qtbot.waitUntil(lambda: kb.current_details is not None, timeout=8000)
    qtbot.wait(1200)  # the call timer shows a running time
    shots += grab(desk, qtbot, folder, "known-caller")
    window.controller.hangup()
    qtbot.waitUntil(lambda: sipp.poll() is not None, timeout=10_000)
    wrapup = panels.wrapup
    qtbot.waitUntil(lambda: wrapup.interaction_id is not None and not window.call_list.calls(),
                    timeout=5000)
    wrapup.disposition.setCurrentIndex(wrapup.disposition.findData("Консультация"))
    assert wrapup.disposition.currentIndex() > 0
    wrapup.save()
    qtbot.waitUntil(lambda: not window.side_area.workspace_shown, timeout=5000)

    kb.search_edit.clear()
    second = call_from(processes, desk, "+79035550101", until_bye=True)
    qtbot.waitUntil(panels.card.question.isVisible, timeout=8000)
    assert window.controller.answer()
    qtbot.waitUntil(lambda: any(c.state is CallState.CONFIRMED
                                for c in window.call_list.calls()), timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(panels.card.question.address_edit.hasFocus, timeout=3000)
    form = desk.features.documents.order_form  # the last caller's contact does not stay
    qtbot.waitUntil(lambda: form.phone_edit.text() == "+7 903 555-01-01", timeout=3000)
    assert form.name_edit.text() == "Наталья С" and form.customer_id is None
    shots += grab(desk, qtbot, folder, "new-caller")
    window.controller.hangup()
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=10_000)

    for path in shots:
        assert distinct_colours(path) > 20, f"{path.name} looks blank"
