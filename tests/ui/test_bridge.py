"""The bridge turns engine events into what the CRM takes: the CRM never imports the SIP layer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from softphone.crm.customers.calls import CallLogService
from softphone.crm.db import Database
from softphone.sip.events import CallEnded, CallInfo, CallState, Direction
from softphone.ui.bridge import finished_call

T0 = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def test_the_engines_call_ended_event_is_logged_through_the_bridge(database: Database) -> None:
    info = CallInfo(
        call_id=3,
        account_id="acc",
        direction=Direction.INBOUND,
        state=CallState.DISCONNECTED,
        remote_uri="sip:+79123456789@pbx.example",
        remote_number="+79123456789",
        display_name="Мария",
        started_at=T0,
        connected_at=T0 + timedelta(seconds=4),
    )
    ended = CallEnded(
        call=info,
        ended_at=T0 + timedelta(seconds=94),
        duration_s=90.0,
        answered=True,
        status_code=200,
        reason="Normal call clearing",
    )
    record = CallLogService(database).record_finished(finished_call(ended))
    assert (record.kind, record.duration_s, record.number) == ("call_in", 90.0, "+79123456789")
    missed = CallEnded(
        call=info,
        ended_at=T0 + timedelta(seconds=30),
        duration_s=0.0,
        answered=False,
        status_code=487,
        reason="Request Terminated",
    )
    assert CallLogService(database).record_finished(finished_call(missed)).kind == "call_missed"
