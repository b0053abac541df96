"""Nothing typed is lost: the real app is killed with SIGKILL while the order and application
forms are half filled, and on the next start both come back with every field."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from softphone.crm.db import Database
from softphone.crm.kb.demo import load_demo_catalogue
from softphone.crm.orders.drafts import DraftStore
from tests.sip.sip_helpers import Processes, free_port
from tests.ui.session_helpers import add_user_with_cli, start_signed_in

pytestmark = pytest.mark.timeout(120)

REPO = Path(__file__).resolve().parents[3]
CHILD = Path(__file__).parents[1] / "order_draft_child.py"


def _env(config: Path, db_url: str) -> dict[str, str]:
    settings = {
        "database_url": db_url,
        "offer_demo": False,
        "sip": {"local_port": free_port(), "bind_address": "127.0.0.1"},
    }
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    return dict(os.environ, SOFTPHONE_CONFIG_DIR=str(config), QT_QPA_PLATFORM="offscreen")


def _wait_line(processes: Processes, proc: Any, prefix: str, timeout_s: float) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for line in processes.output(proc).splitlines():
            if line.startswith(prefix):
                return json.loads(line[len(prefix) :])
            assert not line.startswith("FAILED"), processes.output(proc)[-3000:]
        assert proc.poll() is None, f"exited {proc.returncode}: {processes.output(proc)[-3000:]}"
        time.sleep(0.1)
    raise AssertionError(f"no {prefix!r} in {timeout_s}s: {processes.output(proc)[-3000:]}")


def test_half_filled_forms_survive_sigkill(tmp_path: Path, processes: Processes) -> None:
    db_url = f"sqlite:///{tmp_path / 'crm.sqlite3'}"
    db = Database.open(db_url)
    try:
        load_demo_catalogue(db)
    finally:
        db.dispose()
    add_user_with_cli(db_url, "anna")  # the forms are typed by a signed-in operator
    env = _env(tmp_path / "config", db_url)
    command = [sys.executable, str(CHILD)]

    first = start_signed_in(processes, "fill", [*command, "fill"], "anna", env=env, cwd=REPO)
    typed = _wait_line(processes, first, "FILLED ", 60)
    os.kill(first.pid, signal.SIGKILL)  # no chance to save anything on the way out
    assert first.wait(10) == -signal.SIGKILL

    order, application = typed["order"], typed["application"]
    assert order["contact_name"] == "Мария Петровна" and len(order["lines"]) == 2
    assert order["lines"][1]["quantity"] == "7,5" and order["promotion_ids"]
    assert application["kind"] == "compensation" and application["amount_claimed"] == "1 234,50"
    assert typed["application_service"] == "Статический IP-адрес"

    second = start_signed_in(processes, "check", [*command, "check"], "anna", env=env, cwd=REPO)
    restored = _wait_line(processes, second, "RESTORED ", 60)
    assert restored == typed  # every field of both forms, as typed
    assert second.wait(30) == 0

    db = Database.open(db_url)
    try:
        kinds = sorted(d.form_kind for d in DraftStore(db).unfinished())
    finally:
        db.dispose()
    assert kinds == ["application", "order"]  # restored, still unfinished: kept until submit
