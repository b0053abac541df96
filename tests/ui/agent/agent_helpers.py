"""Helpers of the agent status tests: the desk's agent feature, the admin's rules, sipp callers
that must hear a refusal, and the call log's row of a number."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from softphone.crm.agent.policy import AgentPolicy, AgentPolicyService
from softphone.crm.auth import Role
from softphone.crm.customers.calls import CallRecord
from softphone.crm.db import Database
from softphone.sip import SipEngine
from softphone.ui.agent.setup import AgentSetup
from tests.sip.sip_helpers import Processes, free_port, sipp_media_port
from tests.ui.call_panel_helpers import SCENARIOS, PanelDesk, open_desk
from tests.ui.session_helpers import ADMIN, principal_of


def open_agent_desk(
    tmp_path: Path, qtbot: Any, role: Role = Role.OPERATOR, engine: SipEngine | None = None,
    db_url: str = "",
    seed: Callable[[Database], object] | None = None,
) -> PanelDesk:
    """Every CRM feature on a CRM (SQLite unless db_url), the agent status loaded (Готов)."""
    desk = open_desk(db_url or f"sqlite:///{tmp_path / 'crm.sqlite3'}", tmp_path, qtbot,
                     all_features=True, role=role, engine=engine,
                     seed=seed)
    qtbot.waitUntil(lambda: agent_of(desk).agent.loaded, timeout=5000)
    return desk


def agent_of(desk: PanelDesk) -> AgentSetup:
    assert desk.features is not None and desk.features.agent is not None
    return desk.features.agent


def set_policy(desk: PanelDesk, policy: AgentPolicy) -> None:
    """As the admin's settings tab does: stored for the team, applied on this desk at once."""
    saved = AgentPolicyService(desk.db, principal_of(desk.db, ADMIN)).set_policy(policy)
    agent_of(desk).agent.policy_saved(saved)


def refused_caller(
    processes: Processes, desk: PanelDesk, number: str, status: int
) -> subprocess.Popen[bytes]:
    """sipp calls from `number` and succeeds only when it hears `status` (486 or 480)."""
    scenario = "uac_caller_busy.xml" if status == 486 else "uac_caller_unavailable.xml"
    return processes.start(
        "sipp",
        ["sipp", "-sf", str(SCENARIOS / scenario), "-key", "caller", number, "-s", "operator",
         "-i", "127.0.0.1", "-p", str(free_port()), "-mp", str(sipp_media_port()), "-m", "1",
         "-nostdin", "-timeout", "10s", "-timeout_error", desk.address],
    )


def finish(qtbot: Any, proc: subprocess.Popen[bytes], timeout_ms: int = 10_000) -> int:
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=timeout_ms)
    return int(proc.returncode)


def logged(desk: PanelDesk, number: str) -> CallRecord | None:
    return next((r for r in desk.call_log.history() if r.number == number), None)
