"""Agent status during a PostgreSQL outage (issue 17): the desk still refuses callers on a break
(the engine needs no database), the changes are kept on the desk with their own times and
reach the status history once the server is back; the status report loses nothing.

A private server: stopping the session's server would take every other test's database away.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from softphone.crm.agent.status import AgentService, AgentStatus
from tests.pgserver import PgServer
from tests.ui.agent.agent_helpers import agent_of, open_agent_desk
from tests.ui.call_panel_helpers import close_desk
from tests.ui.session_helpers import principal_of

pytestmark = [pytest.mark.timeout(90), pytest.mark.postgres]


@pytest.fixture
def server() -> Iterator[PgServer]:
    with PgServer() as pg:
        yield pg


def test_status_changes_during_an_outage_are_kept_and_delivered_with_their_times(
    server: PgServer, tmp_path: Path, qtbot, monkeypatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the desk's outbox goes here
    desk = open_agent_desk(tmp_path, qtbot, db_url=server.create_database("crm"))
    try:
        agent, link = agent_of(desk).agent, desk.window.crm_link
        assert link is not None and link.up

        server.pause()
        paused = datetime.now(UTC)
        agent.set_status(AgentStatus.BREAK, "Обед")
        assert desk.engine.refusal == (486, "перерыв: обед")  # callers are refused at once
        qtbot.waitUntil(lambda: link.kept == 1, timeout=10_000)
        agent.set_status(AgentStatus.READY)
        qtbot.waitUntil(lambda: link.kept == 2, timeout=10_000)
        assert desk.engine.refusal is None
        resumed = datetime.now(UTC)
        server.resume()

        qtbot.waitUntil(lambda: link.kept == 0, timeout=15_000)
        desk.runner.wait_idle()
        history = AgentService(desk.db, principal_of(desk.db, "operator")).history()
        during = [(c.status, c.reason) for c in reversed(history)
                  if paused <= c.started_at <= resumed]
        assert during == [(AgentStatus.BREAK, "Обед"), (AgentStatus.READY, "")]
    finally:
        close_desk(desk)
