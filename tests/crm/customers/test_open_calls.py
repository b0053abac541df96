"""Calls are logged when they start: open at ring/dial, completed at the end, and a call left
open by a desk process that died is marked interrupted at the next start with its notes kept."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from softphone.crm.customers.calls import (
    INTERRUPTED_REASON,
    CallLogService,
    process_alive,
    process_token,
)
from softphone.crm.customers.finished import FinishedCall, StartedCall
from softphone.crm.db import Database
from softphone.crm.guide.wrapup import WrapUpService
from softphone.crm.models import CallStatus, InteractionKind

T0 = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)
REMOTE = "sip:+79123456789@pbx.example"


def _started(inbound: bool = True) -> StartedCall:
    return StartedCall(inbound=inbound, remote=REMOTE, display_name="Мария", started_at=T0)


def test_an_open_call_is_completed_in_place_with_its_draft_notes(database: Database) -> None:
    log = CallLogService(database)
    open_id = log.open_call(_started()).id
    assert log.history() == []  # a call still going is not history yet
    log.mark_answered(open_id, T0 + timedelta(seconds=4))
    assert log.save_notes_draft(open_id, "  клиент просит счёт  ")
    finished = FinishedCall(True, REMOTE, "Мария", T0, T0 + timedelta(seconds=4),
                            T0 + timedelta(seconds=64), 200, "")
    record = log.record_finished(finished, open_id=open_id)
    assert record.id == open_id and record.status == CallStatus.DONE
    assert record.kind is InteractionKind.CALL_IN and record.duration_s == 60
    assert record.notes == "клиент просит счёт"
    assert [r.id for r in log.history()] == [open_id]


def test_a_late_draft_never_overwrites_the_saved_wrap_up(database: Database) -> None:
    log = CallLogService(database)
    open_id = log.open_call(_started(inbound=False)).id
    wrapups = WrapUpService(database)
    label = wrapups.dispositions()[0]
    wrapups.save(open_id, disposition=label, notes="итог")
    assert not log.save_notes_draft(open_id, "старый черновик")
    finished = FinishedCall(False, REMOTE, "", T0, T0, T0 + timedelta(seconds=30), 200, "")
    record = log.record_finished(finished, open_id=open_id)
    assert (record.notes, record.disposition) == ("итог", label)


def test_calls_of_a_dead_desk_process_become_interrupted(database: Database) -> None:
    log = CallLogService(database)
    child = subprocess.run(  # a real process of this host that has exited since
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
        check=True,
    )
    dead = process_token(int(child.stdout))
    assert not process_alive(dead)
    assert process_alive(process_token())
    assert process_alive(f"other-host:{os.getpid()}:1")  # not ours to judge

    ringing = log.open_call(_started()).id
    talking = log.open_call(_started()).id
    log.mark_answered(talking, T0 + timedelta(seconds=3))
    log.save_notes_draft(talking, "обещал перезвонить")
    ours = log.open_call(_started()).id  # this process: alive, stays open
    tokens = {ringing: dead, talking: dead}

    def alive(token: str) -> bool:
        return token == process_token()

    with database.session(write=True) as session:  # as if the dead process had written them
        from softphone.crm.models import Interaction

        for row_id, token in tokens.items():
            row = session.get(Interaction, row_id)
            assert row is not None
            row.open_by = token
    assert sorted(log.close_interrupted()) == sorted(tokens)
    assert log.close_interrupted(alive) == []  # once only; our own open call stays open
    shown = {r.id: r for r in log.history()}
    assert set(shown) == {ringing, talking} and ours not in shown
    assert shown[talking].status == CallStatus.INTERRUPTED
    assert shown[talking].kind is InteractionKind.CALL_IN
    assert shown[talking].notes == "обещал перезвонить"
    assert shown[talking].reason == INTERRUPTED_REASON
    assert shown[ringing].kind is InteractionKind.CALL_MISSED
