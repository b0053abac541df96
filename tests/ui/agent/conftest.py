"""The agent status tests' desk: every CRM feature (the agent status among them) on the real
window, engine and SQLite CRM (sipp and peers: the `processes` fixture of tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sip.sip_helpers import Processes
from tests.ui.agent.agent_helpers import open_agent_desk
from tests.ui.call_panel_helpers import PanelDesk, close_desk


@pytest.fixture
def desk(tmp_path: Path, qtbot, processes: Processes) -> Iterator[PanelDesk]:
    desk = open_agent_desk(tmp_path, qtbot)
    try:
        yield desk
    finally:
        close_desk(desk)
