"""The agent status on the real window, engine and CRM with sipp callers on 127.0.0.1 (issue 17):
callers are refused while on a break (486, then 480 once the admin changes the rule) and logged
as missed with the status; after-call work follows an answered call, refuses callers, counts
down on the control and returns to «Готов» by itself; every change is in the status history."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from softphone.crm.agent.policy import AgentPolicy, Refusal
from softphone.crm.agent.status import AgentService, AgentStatus
from softphone.crm.db import Database
from softphone.crm.models import InteractionKind
from softphone.ui.help_dialog import HelpDialog
from tests.sip.sip_helpers import Processes
from tests.ui.agent.agent_helpers import (
    agent_of,
    finish,
    logged,
    open_agent_desk,
    refused_caller,
    set_policy,
)
from tests.ui.call_panel_helpers import PanelDesk, call_from, close_desk
from tests.ui.session_helpers import create_user, principal_of

pytestmark = pytest.mark.timeout(90)
R, B, W = AgentStatus.READY, AgentStatus.BREAK, AgentStatus.WRAP_UP


def statuses(desk: PanelDesk) -> list[tuple[AgentStatus, str]]:
    desk.runner.wait_idle()
    history = AgentService(desk.db, principal_of(desk.db, "operator")).history()
    return [(c.status, c.reason) for c in reversed(history)]


def test_callers_are_refused_on_a_break_and_logged_as_missed_with_the_status(
    desk: PanelDesk, processes: Processes, qtbot
) -> None:
    setup = agent_of(desk)
    agent, control = setup.agent, setup.control
    assert agent.status is R and "●" in control.button.text()
    assert control.callers.text() == agent.callers_get()

    agent.set_status(B, "Обед")  # as the menu's «Перерыв → Обед» does
    assert "Обед" in control.button.text()
    assert control.callers.text() == agent.callers_get() != ""
    busy = refused_caller(processes, desk, "+79161230001", 486)
    assert finish(qtbot, busy) == 0, processes.output(busy)  # sipp heard 486
    qtbot.waitUntil(lambda: logged(desk, "+79161230001") is not None, timeout=5000)
    record = logged(desk, "+79161230001")
    assert (record.kind, record.reason) == (InteractionKind.CALL_MISSED, "перерыв: обед")
    assert len(desk.window.call_list) == 0  # it never rang here

    # the admin chooses 480: the next caller on the break hears «temporarily unavailable»
    set_policy(desk, AgentPolicy(refusal=Refusal.UNAVAILABLE))
    unavailable = refused_caller(processes, desk, "+79161230002", 480)
    assert finish(qtbot, unavailable) == 0, processes.output(unavailable)
    qtbot.waitUntil(lambda: logged(desk, "+79161230002") is not None, timeout=5000)
    assert logged(desk, "+79161230002").reason == "перерыв: обед"

    agent.set_status(AgentStatus.DND)
    dnd = refused_caller(processes, desk, "+79161230003", 480)
    assert finish(qtbot, dnd) == 0, processes.output(dnd)
    qtbot.waitUntil(lambda: logged(desk, "+79161230003") is not None, timeout=5000)
    assert logged(desk, "+79161230003").reason == "не беспокоить"

    # ready again: the next caller rings
    agent.set_status(R)
    caller = call_from(processes, desk, "+79161230004")
    qtbot.waitUntil(lambda: desk.window.call_list.ringing_call() is not None, timeout=5000)
    desk.window.controller.answer()
    assert finish(qtbot, caller) == 0, processes.output(caller)
    assert statuses(desk)[:4] == [(R, ""), (B, "Обед"), (AgentStatus.DND, ""), (R, "")]


def test_after_call_work_refuses_callers_counts_down_and_ends_by_itself(
    desk: PanelDesk, processes: Processes, qtbot
) -> None:
    set_policy(desk, AgentPolicy(wrap_up_s=3))
    setup = agent_of(desk)
    agent, control = setup.agent, setup.control
    caller = call_from(processes, desk, "+79161230010", talk_ms=300)
    qtbot.waitUntil(lambda: desk.window.call_list.ringing_call() is not None, timeout=5000)
    desk.window.controller.answer()
    assert finish(qtbot, caller) == 0, processes.output(caller)
    qtbot.waitUntil(lambda: agent.status is W, timeout=3000)
    started = time.monotonic()
    assert agent.seconds_left() in (2, 3)
    assert "0:0" in control.button.text()  # the countdown is on the control
    wrapup = desk.panels.wrapup  # and on the wrap-up form, the one after-call work
    qtbot.waitUntil(lambda: "After-call work: new calls ring in" in wrapup.countdown.text(),
                    timeout=2000)

    busy = refused_caller(processes, desk, "+79161230011", 486)
    assert finish(qtbot, busy) == 0, processes.output(busy)
    qtbot.waitUntil(lambda: logged(desk, "+79161230011") is not None, timeout=5000)
    assert logged(desk, "+79161230011").reason == "постобработка"

    qtbot.waitUntil(lambda: agent.status is R, timeout=5000)
    assert 2.0 <= time.monotonic() - started <= 4.5
    assert "0:0" not in control.button.text()
    assert wrapup.countdown.text() == "New calls ring again"
    assert wrapup.active and wrapup.isVisible()  # unfinished: nothing typed is lost
    assert statuses(desk) == [(R, ""), (W, ""), (R, "")]

    # a wrap-up saved early ends the after-call work at once
    second = call_from(processes, desk, "+79161230012", talk_ms=300)
    qtbot.waitUntil(lambda: desk.window.call_list.ringing_call() is not None, timeout=5000)
    desk.window.controller.answer()
    assert finish(qtbot, second) == 0, processes.output(second)
    qtbot.waitUntil(lambda: agent.status is W, timeout=3000)
    qtbot.waitUntil(lambda: wrapup.active, timeout=3000)
    wrapup.disposition.setCurrentIndex(wrapup.disposition.findData("Консультация"))
    qtbot.mouseClick(wrapup.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: agent.status is R, timeout=3000)
    assert agent.seconds_left() == 0


def test_f9_opens_the_status_menu_and_its_number_picks_the_status(desk: PanelDesk, qtbot) -> None:
    setup = agent_of(desk)
    menu, agent = setup.control.menu, setup.agent
    seen: list[bool] = []

    def pick() -> None:
        seen.append(menu.isVisible())
        qtbot.keyClick(menu, Qt.Key.Key_4)  # «4 Не беспокоить»

    QTimer.singleShot(300, pick)
    desk.window.activateWindow()
    qtbot.keyClick(desk.window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: agent.status is AgentStatus.DND, timeout=3000)
    assert seen == [True]
    assert desk.engine.refusal == (486, "не беспокоить")
    desk.window.open_help()  # F1 lists the key with the others
    help_dialog = desk.window.findChild(HelpDialog)
    assert help_dialog is not None and ("Agent status", "F9") in help_dialog.rows()
    help_dialog.close()


def test_a_break_held_when_the_program_closed_is_kept_at_the_next_start(
    tmp_path: Path, qtbot, processes: Processes
) -> None:
    def yesterday(db: Database) -> None:  # the operator closed the program during lunch
        operator = create_user(db, "operator")
        service = AgentService(db, operator)
        service.record(R, at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
        service.record(B, "Обед", at=datetime(2026, 12, 1, 13, 0, tzinfo=UTC))
        service.record(AgentStatus.OFFLINE, at=datetime(2026, 12, 1, 13, 5, tzinfo=UTC))

    desk = open_agent_desk(tmp_path, qtbot, seed=yesterday)
    try:
        agent = agent_of(desk).agent
        assert (agent.status, agent.reason) == (B, "Обед")
        assert desk.engine.refusal == (486, "перерыв: обед")  # no caller reaches an empty desk
        busy = refused_caller(processes, desk, "+79161230030", 486)
        assert finish(qtbot, busy) == 0, processes.output(busy)
    finally:
        close_desk(desk)
