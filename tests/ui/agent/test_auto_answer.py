"""Auto-answer for a headset operator on the real window with sipp callers (issue 17): off by
default; switched on, a ringing call gets a beep in the headset and is answered after the team's
delay, not before; a second caller while that call is up rings and is left to the operator."""

from __future__ import annotations

import time

import pytest

from softphone.crm.agent.policy import AgentPolicy
from softphone.crm.agent.status import AgentService, OperatorOptions
from softphone.sip.events import CallState
from tests.sip.sip_helpers import Processes
from tests.ui.agent.agent_helpers import agent_of, finish, set_policy
from tests.ui.call_panel_helpers import PanelDesk, call_from
from tests.ui.session_helpers import principal_of

pytestmark = pytest.mark.timeout(90)
DELAY_S = 0.8


def test_auto_answer_after_the_delay_with_a_beep_and_never_during_another_call(
    desk: PanelDesk, processes: Processes, qtbot
) -> None:
    setup = agent_of(desk)
    agent, auto = setup.agent, setup.auto_answer
    assert agent.options.auto_answer is False  # off by default
    set_policy(desk, AgentPolicy(wrap_up_s=0, auto_answer_delay_ms=int(DELAY_S * 1000)))
    operator = AgentService(desk.db, principal_of(desk.db, "operator"))
    operator.set_options(OperatorOptions(True, ""))  # as the operator's settings tab does
    agent.options_saved(operator.options())
    calls = desk.window.call_list
    answered: list[int] = []
    auto.answered.connect(answered.append)

    first = call_from(processes, desk, "+79161230020", talk_ms=5000)
    qtbot.waitUntil(lambda: calls.ringing_call() is not None, timeout=5000)
    rang = time.monotonic()
    assert auto.beeps == 1
    qtbot.waitUntil(lambda: any(c.state is CallState.CONFIRMED for c in calls.calls()),
                    timeout=5000)
    waited = time.monotonic() - rang
    assert DELAY_S - 0.15 <= waited <= DELAY_S + 1.0, waited
    assert len(answered) == 1

    # a second caller while the first call is up rings and is not answered by itself
    second = call_from(processes, desk, "+79161230021", busy=True)
    qtbot.waitUntil(lambda: calls.ringing_call() is not None, timeout=5000)
    qtbot.wait(int(DELAY_S * 1000) + 1200)
    ringing = calls.ringing_call()
    assert ringing is not None and ringing.remote_number == "+79161230021"
    assert len(answered) == 1 and auto.beeps == 1
    desk.window.controller.reject(ringing.call_id)
    assert finish(qtbot, second) == 0, processes.output(second)  # sipp heard our 486
    assert finish(qtbot, first) == 0, processes.output(first)
