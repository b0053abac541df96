"""A desk killed mid-call keeps the call: the real app answers a sipp call, the operator types
wrap-up notes while talking, the process gets SIGKILL; after a restart the history lists the
call as interrupted (answered, with the reason instead of a duration) with the notes typed."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from softphone.crm.customers.calls import INTERRUPTED_REASON
from softphone.crm.db import Database
from softphone.crm.models import CallStatus, Interaction
from tests.sip.sip_helpers import Processes
from tests.ui.phone_helpers import start_sipp
from tests.ui.session_helpers import (
    REPO,
    add_user_with_cli,
    app_env,
    app_sip_port,
    start_signed_in,
)

pytestmark = pytest.mark.timeout(150)
CHILD = Path(__file__).parents[1] / "call_notes_child.py"


def _wait_line(processes: Processes, proc: Any, prefix: str, timeout_s: float) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for line in processes.output(proc).splitlines():
            if line.startswith(prefix):
                return json.loads(line[len(prefix) :] or "null")
            assert not line.startswith("FAILED"), processes.output(proc)[-3000:]
        assert proc.poll() is None, f"exited {proc.returncode}: {processes.output(proc)[-3000:]}"
        time.sleep(0.1)
    raise AssertionError(f"no {prefix!r} in {timeout_s}s: {processes.output(proc)[-3000:]}")


def test_a_call_cut_by_sigkill_is_in_the_history_as_interrupted_with_its_notes(
    tmp_path: Path, processes: Processes
) -> None:
    config = tmp_path / "config"
    env = app_env(config)
    db_url = f"sqlite:///{config / 'crm.db'}"
    add_user_with_cli(db_url, "anna")
    command = [sys.executable, str(CHILD)]

    first = start_signed_in(processes, "talk", [*command, "talk"], "anna", env=env, cwd=REPO)
    _wait_line(processes, first, "READY", 60)
    port = app_sip_port(config / "logs" / "softphone.log", first)
    sipp, _ = start_sipp(processes, "-sn", "uac", f"127.0.0.1:{port}", "-d", "120000")
    noted = _wait_line(processes, first, "NOTED ", 60)
    # no busy hold while talking (the window speaks Russian once the .qm is built)
    assert noted["countdown"] in ("Notes are kept as you type", "Заметки сохраняются по мере ввода")
    os.kill(first.pid, signal.SIGKILL)  # no chance to finish anything on the way out
    assert first.wait(10) == -signal.SIGKILL
    Processes.stop(sipp)

    db = Database.open(db_url)
    try:
        with db.session() as session:
            rows = list(session.scalars(select(Interaction)))
            assert [(r.status, r.notes) for r in rows] == [(CallStatus.OPEN, noted["notes"])]
    finally:
        db.dispose()

    second = start_signed_in(processes, "history", [*command, "history"], "anna", env=env,
                             cwd=REPO)
    rows = _wait_line(processes, second, "HISTORY ", 60)
    assert second.wait(30) == 0
    assert len(rows) == 1, rows
    call = rows[0]
    assert call["status"] == CallStatus.INTERRUPTED and call["kind"] == "call_in"
    assert call["notes"] == "Клиент просит перезвонить, счёт не пришёл"
    assert call["columns"][2] == "sip:sipp@127.0.0.1"  # sipp's From
    assert call["columns"][4] == INTERRUPTED_REASON  # the reason, not a talk time
