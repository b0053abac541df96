"""The call workspace tests' desk (sipp: the `processes` fixture of tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sip.sip_helpers import Processes
from tests.ui.call_panel_helpers import PanelDesk
from tests.ui.workspace.workspace_helpers import workspace_desk


@pytest.fixture
def desk(tmp_path: Path, qtbot, processes: Processes) -> Iterator[PanelDesk]:
    with workspace_desk(tmp_path, qtbot) as desk:
        yield desk
