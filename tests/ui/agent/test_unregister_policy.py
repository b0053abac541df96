"""«Снимать регистрацию» (issue 17): with the admin's unregister rule, a break takes the desk's
registrar accounts off a real kamailio (so the PBX offers no calls) and «Готов» registers them
again; the control says what callers get."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.crm.agent.policy import AgentPolicy, Refusal
from softphone.crm.agent.status import AgentStatus
from softphone.sip import EngineConfig, RegistrarAccountSettings, RegState, SipEngine
from tests.sip.sip_helpers import Kamailio, Processes
from tests.ui.agent.agent_helpers import agent_of, open_agent_desk, set_policy
from tests.ui.call_panel_helpers import PanelDesk, close_desk

pytestmark = pytest.mark.timeout(90)
PASSWORD = "Пароль-оператора-7"


@pytest.fixture
def kamailio(processes: Processes, tmp_path: Path) -> Iterator[Kamailio]:
    with Kamailio(processes, tmp_path, PASSWORD) as registrar:
        yield registrar


@pytest.fixture
def desk(tmp_path: Path, qtbot, kamailio: Kamailio) -> Iterator[tuple[PanelDesk, str]]:
    engine = SipEngine(EngineConfig(bind_address="127.0.0.1", udp_port=0, null_audio=True,
                                    log_level=1))
    engine.start()
    account = engine.add_account(
        RegistrarAccountSettings(server=kamailio.server, user="operator1",
                                 register_interval_s=60, retry_interval_s=1), PASSWORD)
    desk = open_agent_desk(tmp_path, qtbot, engine=engine)
    try:
        yield desk, account
    finally:
        close_desk(desk)


def test_a_break_unregisters_and_ready_registers_again(
    desk: tuple[PanelDesk, str], qtbot
) -> None:
    panel, account = desk
    engine = panel.engine
    qtbot.waitUntil(lambda: engine.registration(account).state is RegState.REGISTERED,
                    timeout=10_000)
    set_policy(panel, AgentPolicy(refusal=Refusal.UNREGISTER))
    setup = agent_of(panel)
    setup.agent.set_status(AgentStatus.BREAK, "Обучение")
    qtbot.waitUntil(lambda: engine.registration(account).state is RegState.UNREGISTERED,
                    timeout=10_000)
    assert setup.control.callers.text() == setup.agent.callers_get()
    assert engine.refusal is not None and engine.refusal[0] == 480  # a direct call still gets 480

    setup.agent.set_status(AgentStatus.READY)
    qtbot.waitUntil(lambda: engine.registration(account).state is RegState.REGISTERED,
                    timeout=10_000)
    assert engine.refusal is None
