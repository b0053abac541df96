"""Several desks (separate processes) creating orders in one database at once."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from softphone.crm.db import Database
from softphone.crm.orders.models import Order

pytestmark = pytest.mark.timeout(90)

WRITER = Path(__file__).with_name("order_writer.py")
ROOT = Path(__file__).resolve().parents[3]
DESKS = 4
PER_DESK = 40


def test_concurrent_processes_get_unique_consecutive_numbers(
    database: Database, database_url: str, catalogue: dict[str, int], tmp_path: Path
) -> None:
    go = tmp_path / "go"
    item = str(catalogue["SD-SRV-IP"])
    children = [
        subprocess.Popen(
            [sys.executable, str(WRITER), database_url, item, str(PER_DESK), f"desk{d}", str(go)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for d in range(DESKS)
    ]
    printed: list[str] = []
    try:
        for child in children:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"
        go.touch()
        for child in children:
            out, err = child.communicate(timeout=60)
            assert child.returncode == 0, err
            printed += out.split()
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait(timeout=10)
    total = DESKS * PER_DESK
    expected = [f"З-2026-{n:06d}" for n in range(1, total + 1)]
    assert sorted(printed) == expected  # none lost, none twice, no gaps
    with database.session() as session:
        saved = session.execute(select(Order.number, Order.created_by)).all()
    assert sorted(n for n, _ in saved) == expected
    desks_in_number_order = [by for _, by in sorted(saved)]
    assert set(desks_in_number_order) == {f"desk{d}" for d in range(DESKS)}
    switches = sum(a != b for a, b in itertools.pairwise(desks_in_number_order))
    assert switches > DESKS, "the desks never wrote at the same time: the test proved nothing"
