"""The operator's window when callers vanish or the lines are full (issue 14), with real peers.

Four raw UDP INVITEs that are never followed up (no CANCEL, no ACK) take every call slot; a
sipp caller beyond them hears 486 at once and the operator sees that caller as a missed call,
"линия занята", in the history. After the no-answer timeout (2 s here) the four are ended and
logged as missed with their reason, and the next real caller rings and is answered normally.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.crm.models import InteractionKind
from softphone.sip.events import CallState
from tests.sip.raw_sip import RawCaller
from tests.sip.sip_helpers import Processes
from tests.ui.phone_helpers import Phone, close_phone, open_phone, start_sipp, wait_exit

pytestmark = pytest.mark.timeout(60)
SCENARIOS = Path(__file__).parents[1] / "scenarios"


@pytest.fixture
def phone(tmp_path: Path, qtbot, processes: Processes) -> Iterator[Phone]:
    phone = open_phone(tmp_path, qtbot)
    try:
        yield phone
    finally:
        close_phone(phone)


def history_rows(phone: Phone) -> list[tuple[str, ...]]:
    model = phone.window.history.model
    return [
        tuple(model.index(row, col).data() for col in range(model.columnCount()))
        for row in range(model.rowCount())
    ]


def test_full_lines_refuse_at_once_log_the_caller_and_vanished_callers_time_out(
    phone: Phone, processes: Processes, qtbot
) -> None:
    window = phone.window
    assert phone.bridge.set_ring_timeout(2)
    raw = RawCaller(phone.port)
    try:
        for n in range(4):
            raw.invite(f"+7912000000{n}")
        qtbot.waitUntil(lambda: len(window.call_list) == 4, timeout=5000)
        started = time.monotonic()

        busy, _ = start_sipp(processes, "-sf", str(SCENARIOS / "uac_caller_busy.xml"), "-key",
                             "caller", "+74951112233", "-s", "operator", phone.address)
        assert wait_exit(qtbot, busy, 5000) == 0, processes.output(busy)  # heard 486
        assert time.monotonic() - started < 2.0  # at once, not after the others timed out
        qtbot.waitUntil(
            lambda: any(r[2] == "+74951112233" and r[4] == "линия занята"
                        for r in history_rows(phone)),
            timeout=3000,
        )
        refused = next(r for r in phone.call_log.history() if r.number == "+74951112233")
        assert (refused.kind, refused.reason) == (InteractionKind.CALL_MISSED, "линия занята")
        assert refused.started_at is not None
        assert len(window.call_list) == 4  # the refusal took no card and no slot

        # the vanished callers end after the timeout and are logged as missed with the reason
        qtbot.waitUntil(lambda: len(window.call_list) == 0, timeout=5000)
        assert time.monotonic() - started < 4.0
        qtbot.waitUntil(lambda: len(phone.call_log.history()) == 5, timeout=5000)
        timed_out = [r for r in phone.call_log.history() if r.number != "+74951112233"]
        assert {r.reason for r in timed_out} == {"нет ответа за 2 с"}
        assert all(r.kind == InteractionKind.CALL_MISSED for r in timed_out)
        assert raw.count(480) == 4
        assert "480" in window.statusBar().currentMessage()
    finally:
        raw.close()

    # the next real caller rings normally and is answered
    caller, _ = start_sipp(processes, "-sf", str(SCENARIOS / "uac_caller.xml"), "-key", "caller",
                           "+74957654321", "-d", "300", "-s", "operator", phone.address)
    qtbot.waitUntil(lambda: phone.call_in(CallState.INCOMING) is not None
                    or phone.call_in(CallState.EARLY) is not None, timeout=5000)
    window.controller.answer(phone.calls()[0].call_id)
    assert wait_exit(qtbot, caller) == 0, processes.output(caller)
    qtbot.waitUntil(lambda: len(phone.call_log.history()) == 6, timeout=5000)
    assert phone.call_log.history()[0].kind == InteractionKind.CALL_IN
