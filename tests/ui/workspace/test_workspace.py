"""The call workspace with sipp calling the real window (127.0.0.1): it takes the right half
while the call rings and lasts, fills the greeting, names the caller in the call list, and goes
back to the tabs after the wrap-up; its layout is kept per operator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from softphone.crm.agent.status import AgentService, AgentStatus
from softphone.crm.db import Database
from softphone.crm.guide.wrapup import WrapUpService
from softphone.crm.kb.demo import load_demo_catalogue
from softphone.crm.orders.service import OrderService
from softphone.sip.events import CallState
from softphone.ui.workspace.layout_store import LayoutStore
from tests.sip.sip_helpers import Processes
from tests.ui.call_panel_helpers import PanelDesk, call_from
from tests.ui.session_helpers import principal_of
from tests.ui.workspace.workspace_helpers import NUMBER, known_customer, workspace_desk

pytestmark = pytest.mark.timeout(90)
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
    assert panels.card.notes_label.text() == "Постоянный клиент, тариф «Домашний 500»"
    assert panels.card.notes_label.isVisible()  # the notes stand apart, read before talking
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
    kept = LayoutStore(window.settings.path.parent, "operator").load()
    assert set(kept) == {"columns", "left", "right"}  # this operator's layout, for next time
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


def tab_to(qtbot, window, target, limit: int = 25) -> None:
    """Press Tab (only Tab) until `target` has the keyboard; fails past `limit` presses."""
    for _ in range(limit):
        if target.hasFocus():
            return
        focused = QApplication.focusWidget() or window
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert target.hasFocus(), f"{target!r} not reached with Tab; at {QApplication.focusWidget()!r}"


def keys(qtbot, window, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the keyboard is, as the operator's keyboard would send it."""
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)


@pytest.fixture
def catalogue_desk(tmp_path: Path, qtbot, processes: Processes) -> Iterator[PanelDesk]:
    def seed(db: Database) -> None:
        known_customer(db)
        load_demo_catalogue(db)

    with workspace_desk(tmp_path, qtbot, seed) as desk:
        yield desk


def test_a_whole_call_with_the_keyboard_only(
    catalogue_desk: PanelDesk, processes: Processes, qtbot
) -> None:
    """Answer, greet, find an answer, add it to an order, submit, hang up, wrap up: key
    presses only (no mouse, no widget methods), then the order and wrap-up in the database."""
    desk = catalogue_desk
    window, panels = desk.window, desk.panels
    assert desk.features is not None
    kb, documents = desk.features.kb_panel, desk.features.documents
    window.activateWindow()
    sipp = call_from(processes, desk, NUMBER, until_bye=True)
    qtbot.waitUntil(lambda: window.side_area.workspace_shown, timeout=5000)
    qtbot.waitUntil(lambda: panels.card.name_label.text() == "Наталья", timeout=5000)

    keys(qtbot, window, Qt.Key.Key_F2)  # answer
    qtbot.waitUntil(lambda: any(c.state is CallState.CONFIRMED
                                for c in window.call_list.calls()), timeout=5000)
    keys(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # the greeting
    assert panels.script.view.hasFocus()
    assert "Наталья, чем я могу Вам помочь?" in panels.script.view.toPlainText()

    keys(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # search
    assert kb.search_edit.hasFocus(), "Ctrl+F during a call is the knowledge base"
    keys(qtbot, window, Qt.Key.Key_Escape)  # back to the call...
    assert not kb.search_edit.hasFocus()
    keys(qtbot, window, Qt.Key.Key_F12)  # ...and one key to the search again
    assert kb.search_edit.hasFocus()
    qtbot.keyClicks(kb.search_edit, "Wi-Fi 6")
    qtbot.waitUntil(lambda: kb.status_label.text().startswith("Results"), timeout=8000)
    keys(qtbot, window, Qt.Key.Key_Return)  # the first answer opens
    qtbot.waitUntil(lambda: kb.current_details is not None, timeout=5000)
    assert "AX3000" in kb.current_details.title
    tab_to(qtbot, window, kb.order_button)
    keys(qtbot, window, Qt.Key.Key_Space)  # «Add to order»
    form = documents.order_form
    qtbot.waitUntil(lambda: any(r.picker.item_id for r in form.lines.rows), timeout=3000)

    keys(qtbot, window, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)  # the order form
    assert form.address_edit.hasFocus(), "the first field still empty gets the keyboard"
    qtbot.keyClicks(form.address_edit, "Moscow, Tverskaya 7, flat 12")
    tab_to(qtbot, window, form.submit_button)
    keys(qtbot, window, Qt.Key.Key_Space)  # submit
    qtbot.waitUntil(lambda: form.details is not None, timeout=5000)

    keys(qtbot, window, Qt.Key.Key_F3)  # hang up
    qtbot.waitUntil(lambda: sipp.poll() is not None, timeout=10_000)
    assert sipp.returncode == 0, processes.output(sipp)
    qtbot.waitUntil(lambda: not window.call_list.calls(), timeout=5000)
    wrapup = panels.wrapup
    keys(qtbot, window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # the wrap-up
    assert wrapup.disposition.hasFocus()
    keys(qtbot, window, Qt.Key.Key_Down)  # the first outcome
    chosen = wrapup.disposition.currentData()
    assert chosen
    keys(qtbot, window, Qt.Key.Key_Tab)
    assert wrapup.notes.hasFocus()
    qtbot.keyClicks(wrapup.notes, "Router ordered")
    tab_to(qtbot, window, wrapup.save_button)
    keys(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not window.side_area.workspace_shown, timeout=5000)
    assert desk.features.agent is not None  # the saved wrap-up ends after-call work: ready
    qtbot.waitUntil(lambda: desk.features.agent.agent.status is AgentStatus.READY, timeout=5000)
    qtbot.waitUntil(lambda: not desk.runner.busy, timeout=5000)

    customer = desk.customers.find_by_number(NUMBER)
    assert customer is not None
    saved = OrderService(desk.db).customer_documents(customer.id)
    assert [d.kind for d in saved] == ["order"]
    order = OrderService(desk.db).get(saved[0].id)
    assert order.delivery_address == "Moscow, Tverskaya 7, flat 12"
    assert [line.title for line in order.lines] == ["Роутер Wi-Fi 6 «Связь-Дом AX3000»"]
    row = desk.call_log.history(search=NUMBER)[0]
    wrap = WrapUpService(desk.db).get(row.id)
    assert (wrap.disposition, wrap.notes) == (chosen, "Router ordered")
    desk.runner.wait_idle()
    history = AgentService(desk.db, principal_of(desk.db, "operator")).history()
    assert [c.status for c in reversed(history)][-2:] == [AgentStatus.WRAP_UP, AgentStatus.READY]


def test_f1_lists_the_workspace_keys(desk: PanelDesk, qtbot) -> None:
    from softphone.ui.help_dialog import HelpDialog

    desk.window.open_help()
    dialog = desk.window.findChild(HelpDialog)
    table = dialog.table
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["Call workspace: search the knowledge base"] == "F12"
    assert rows["Call workspace: What to say"] == "Alt+2"
    assert rows["Call workspace: back to the call"] == "Esc"
    assert rows["Answer"] == "F2"  # the call keys still first-class
    dialog.close()


def test_outside_calls_ctrl_number_and_a_tab_click_put_the_keyboard_in_the_panel(
    desk: PanelDesk, processes: Processes, qtbot
) -> None:
    """«Clicking the «База знаний» tab leaves the keyboard in the dial field»: no longer."""
    window = desk.window
    assert desk.features is not None
    kb, tabs = desk.features.kb_panel, window.side_tabs
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.number_field.setFocus()
    number = tabs.indexOf(kb) + 1
    keys(qtbot, window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentWidget() is kb and kb.search_edit.hasFocus()

    window.number_field.setFocus()
    history = tabs.indexOf(window.history)
    qtbot.mouseClick(tabs.tabBar(), Qt.MouseButton.LeftButton,
                     pos=tabs.tabBar().tabRect(history).center())
    qtbot.waitUntil(window.history.search_edit.hasFocus, timeout=3000)
    qtbot.mouseClick(tabs.tabBar(), Qt.MouseButton.LeftButton,
                     pos=tabs.tabBar().tabRect(tabs.indexOf(kb)).center())
    qtbot.waitUntil(kb.search_edit.hasFocus, timeout=3000)

    sipp = call_from(processes, desk, NUMBER, until_bye=True)  # a call: Alt+N instead
    qtbot.waitUntil(lambda: window.side_area.workspace_shown, timeout=5000)
    assert not any(a.isEnabled() for a in window.side_area.tab_keys)
    assert window.controller.answer()
    qtbot.waitUntil(lambda: any(c.state is CallState.CONFIRMED
                                for c in window.call_list.calls()), timeout=5000)
    window.controller.hangup()
    qtbot.waitUntil(lambda: sipp.poll() is not None, timeout=10_000)


def test_a_call_that_rang_before_the_crm_was_installed_gets_its_workspace(
    desk: PanelDesk, processes: Processes, qtbot
) -> None:
    """The app installs the CRM features after the window is up; `catch_up` hands them the
    calls already there, and the workspace comes for them as a ring would have brought it."""
    window, features = desk.window, desk.features
    assert features is not None and features.workspace is not None
    sipp = call_from(processes, desk, NUMBER, until_bye=True)
    qtbot.waitUntil(lambda: window.side_area.workspace_shown, timeout=5000)
    features.workspace.leave()  # as before the features were there
    assert not window.side_area.workspace_shown
    features.catch_up(desk.bridge.calls())
    assert window.side_area.workspace_shown
    assert window.controller.answer()
    qtbot.waitUntil(lambda: any(c.state is CallState.CONFIRMED
                                for c in window.call_list.calls()), timeout=5000)
    window.controller.hangup()
    qtbot.waitUntil(lambda: sipp.poll() is not None, timeout=10_000)
