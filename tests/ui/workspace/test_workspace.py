"""The call workspace with sipp calling the real window (127.0.0.1): it takes the right half
while the call rings and lasts, fills the greeting, names the caller in the call list, and goes
back to the tabs after the wrap-up; its layout is kept per operator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from softphone.crm.customers.cards import CustomerService
from softphone.crm.db import Database
from softphone.crm.guide.wrapup import WrapUpService
from softphone.ui.workspace.layout_store import LayoutStore
from tests.sip.sip_helpers import Processes
from tests.ui.call_panel_helpers import PanelDesk, call_from, close_desk, open_desk

pytestmark = pytest.mark.timeout(90)
NUMBER = "+79161234567"


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Processes]:
    procs = Processes(tmp_path)
    try:
        yield procs
    finally:
        procs.stop_all()


def known_customer(db: Database) -> None:
    CustomerService(db).create_for_number(
        NUMBER, address_as="Наталья", full_name="Соколова Наталья Андреевна",
        notes="Постоянный клиент, тариф «Домашний 500»",
    )


@pytest.fixture
def desk(tmp_path: Path, qtbot, processes: Processes) -> Iterator[PanelDesk]:
    desk = open_desk(f"sqlite:///{tmp_path / 'crm.sqlite3'}", tmp_path, qtbot,
                     seed=known_customer, all_features=True)
    try:
        yield desk
    finally:
        close_desk(desk)


def tab_titles(desk: PanelDesk) -> list[str]:
    tabs = desk.window.side_tabs
    return [tabs.tabText(i) for i in range(tabs.count())]


def test_workspace_on_ring_fills_the_greeting_and_goes_back_after_the_wrap_up(
    desk: PanelDesk, processes: Processes, qtbot
) -> None:
    window, panels = desk.window, desk.panels
    assert desk.features is not None and desk.features.workspace is not None
    workspace = desk.features.workspace.view
    before = tab_titles(desk)
    assert not window.side_area.workspace_shown

    sipp = call_from(processes, desk, NUMBER, until_bye=True)
    qtbot.waitUntil(lambda: window.side_area.workspace_shown, timeout=5000)
    assert window.call_list.ringing_call() is not None, "the workspace comes while it rings"
    assert window.side_area.currentWidget() is workspace
    # The very panels, side by side, out of the tabs.
    for key, widget in (("caller", panels.caller_tab), ("script", panels.script),
                        ("kb", desk.features.kb_panel), ("orders", desk.features.documents)):
        assert workspace.frames[key].isAncestorOf(widget), key
        assert widget.isVisible(), key
    assert len(tab_titles(desk)) == len(before) - 4
    qtbot.waitUntil(lambda: panels.card.name_label.text() == "Наталья", timeout=5000)
    assert "Соколова Наталья Андреевна" in panels.card.detail_label.text()
    script = panels.script.view.toPlainText()
    assert "Наталья, чем я могу Вам помочь?" in script
    assert "Меня зовут Анна, компания «Связь Плюс»" in script
    assert "[" not in script  # no placeholder left unfilled
    call = window.call_list.ringing_call()
    assert call is not None and call.display_name == "Наталья С"
    card = window.call_list.card(call.call_id)
    assert card is not None
    qtbot.waitUntil(lambda: card.name_label.text() == "Наталья", timeout=3000)

    assert window.controller.answer()
    wrapup = panels.wrapup
    qtbot.waitUntil(wrapup.isVisible, timeout=5000)  # notes while talking
    window.controller.hangup()
    qtbot.waitUntil(lambda: sipp.poll() is not None, timeout=10_000)
    assert sipp.returncode == 0, processes.output(sipp)
    qtbot.waitUntil(lambda: not window.call_list.calls(), timeout=5000)
    assert window.side_area.workspace_shown, "the wrap-up is done in the workspace"
    wrapup.disposition.setCurrentIndex(wrapup.disposition.findData("Консультация"))
    qtbot.mouseClick(wrapup.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.side_area.workspace_shown, timeout=5000)
    assert tab_titles(desk) == before, "every panel back in its tab, in its place"
    qtbot.waitUntil(lambda: not desk.runner.busy, timeout=5000)
    row = desk.call_log.history(search=NUMBER)[0]
    assert WrapUpService(desk.db).get(row.id).disposition == "Консультация"


def test_the_layout_is_kept_per_operator(tmp_path: Path) -> None:
    anna, boris = LayoutStore(tmp_path, "anna"), LayoutStore(tmp_path, "boris")
    anna.save({"columns": b"\x00\xff\x01", "left": b"abc"})
    boris.save({"columns": b"zz"})
    assert LayoutStore(tmp_path, "anna").load() == {"columns": b"\x00\xff\x01", "left": b"abc"}
    assert LayoutStore(tmp_path, "boris").load() == {"columns": b"zz"}
    assert LayoutStore(tmp_path, "vera").load() == {}
    (tmp_path / "workspace-layout.json").write_text("{not json", encoding="utf-8")
    assert anna.load() == {}  # a broken file costs the layout, nothing else
