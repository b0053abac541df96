"""Speech figures of a call that ends while the PostgreSQL server is away (issue #18): the
CRM link keeps them on the desk and delivers them with the call's row once the server is
back. A private server: stopping the session's one would take other tests' databases away."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from softphone.coaching.coach import CoachFigures
from softphone.coaching.side import SideFigures
from softphone.crm.coaching.service import CoachingService
from softphone.crm.customers.calls import CallLogService
from softphone.crm.db import Database
from softphone.sip import EngineConfig, SipEngine
from softphone.sip.events import CallEnded, CallInfo, CallState, Direction
from softphone.ui.bridge import EngineBridge
from softphone.ui.coaching.controller import CoachController
from softphone.ui.coaching.meters import CoachMeters
from softphone.ui.crm_link import CrmLink
from softphone.ui.tasks import TaskRunner
from tests.pgserver import PgServer

pytestmark = [pytest.mark.timeout(90), pytest.mark.postgres]


@pytest.fixture
def server() -> Iterator[PgServer]:
    with PgServer() as pg:
        yield pg


def test_figures_of_a_call_ended_during_an_outage_arrive_when_the_server_is_back(
    server: PgServer, tmp_path: Path, qtbot: Any
) -> None:
    db = Database.open(server.create_database("crm"))
    runner = TaskRunner()
    engine = SipEngine(EngineConfig(bind_address="127.0.0.1", udp_port=0, null_audio=True))
    try:
        link = CrmLink(runner, db.ping, tmp_path / "outbox.json")
        meters = CoachMeters()
        qtbot.addWidget(meters)
        coach = CoachController(EngineBridge(engine), CoachingService(db), runner, meters,
                                link=link)
        start = datetime.now(UTC)
        record = CallLogService(db).record_call(
            inbound=True, remote="sip:+79161234567@pbx.example", display_name="",
            started_at=start, answered_at=start, ended_at=start + timedelta(seconds=30))
        call = CallInfo(7, "a", Direction.INBOUND, CallState.DISCONNECTED,
                        "sip:+79161234567@pbx.example", "+79161234567", "")
        side = SideFigures(talk_s=12.0, dbfs=-23.5, rate=5.4, nuclei=65)
        coach.finished[7] = CoachFigures(side, side, 0.75, 0.9, 6.2, 1, 1.4, 0.5)

        server.pause()
        coach.on_call_logged(CallEnded(call, start, 30.0, True, 200, "OK"), record)
        qtbot.waitUntil(lambda: link.kept == 1 and not link.up, timeout=15_000)
        assert (tmp_path / "outbox.json").exists()  # kept on the desk, not only in memory

        server.resume()
        qtbot.waitUntil(lambda: link.kept == 0 and link.up, timeout=30_000)
        saved = CoachingService(db).for_calls([record.id])[record.id]
        assert saved.longest_pause_s == 6.2 and saved.operator_rate == 5.4
        assert saved.pace_match == 0.75 and saved.overtalk_count == 1
    finally:
        runner.shutdown()
        engine.shutdown()
        db.dispose()
