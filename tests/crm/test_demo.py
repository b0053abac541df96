"""Demo data and the admin commands: `softphone db upgrade`, `softphone demo-data`."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from softphone.crm import cli, migrate
from softphone.crm.calls import CallLogService
from softphone.crm.customers import CustomerService
from softphone.crm.db import Database
from softphone.crm.demo import CUSTOMERS, DemoNotEmpty, is_empty, load_demo
from softphone.crm.models import Customer, PhoneNumber
from softphone.crm.phone import normalize

ROOT = Path(__file__).resolve().parents[2]


def test_demo_fills_an_empty_database_once(database: Database) -> None:
    assert is_empty(database)
    now = datetime.now(UTC)
    summary = load_demo(database, now=now)
    assert not is_empty(database)
    assert summary.customers == CUSTOMERS
    assert summary.numbers >= CUSTOMERS and summary.calls > CUSTOMERS
    history = CallLogService(database).history(limit=1000)
    assert len(history) == summary.calls
    assert {r.kind for r in history} == {"call_in", "call_out", "call_missed"}
    assert all(now - timedelta(days=31) < r.started_at <= now for r in history)
    assert any(r.customer_id is None for r in history)  # some callers are still unknown
    with pytest.raises(DemoNotEmpty, match="уже есть данные"):
        load_demo(database)


def test_demo_people_are_russian_and_findable_by_their_raw_numbers(database: Database) -> None:
    load_demo(database)
    service = CustomerService(database)
    with database.session() as session:
        rows = session.execute(
            select(PhoneNumber.raw, PhoneNumber.e164, Customer.full_name, Customer.address_as).join(
                Customer
            )
        ).all()
    assert all(normalize(raw) == e164 for raw, e164, _name, _address in rows)
    assert all(any("а" <= ch <= "я" for ch in name.lower()) for _r, _e, name, _a in rows)
    addressed = [address for _r, _e, _n, address in rows if address]
    assert len(addressed) > CUSTOMERS // 2
    raw, e164, name, _ = rows[0]
    card = service.find_by_number(raw)
    assert card is not None and card.full_name == name and e164 in card.numbers


def test_demo_is_the_same_every_time(tmp_path: Path) -> None:
    def names(path: Path) -> list[tuple[str, str]]:
        db = Database.open(f"sqlite:///{path}")
        try:
            load_demo(db)
            with db.session() as session:
                query = select(Customer.full_name, PhoneNumber.e164).join(PhoneNumber)
                return sorted(tuple(row) for row in session.execute(query))
        finally:
            db.dispose()

    assert names(tmp_path / "a.sqlite3") == names(tmp_path / "b.sqlite3")


def _args(*argv: str) -> argparse.Namespace:
    if argv[0] == "db":
        return argparse.Namespace(command="db", db_command=argv[1])
    return argparse.Namespace(command=argv[0])


def test_cli_upgrade_then_demo_honour_the_environment_url(
    empty_database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOFTPHONE_DATABASE_URL", empty_database_url)
    assert cli.run(_args("db", "upgrade")) == 0
    assert "обновлена" in capsys.readouterr().out
    assert cli.run(_args("db", "upgrade")) == 0
    assert "уже в актуальной версии" in capsys.readouterr().out
    assert cli.run(_args("demo-data")) == 0
    out = capsys.readouterr().out
    assert "демонстрационные данные" in out and f"клиентов — {CUSTOMERS}" in out
    assert cli.run(_args("demo-data")) == 1
    assert "уже есть данные" in capsys.readouterr().err
    db = Database.open(empty_database_url, migrate=False)
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        with db.session() as session:
            assert session.execute(select(func.count(Customer.id))).scalar_one() == CUSTOMERS
    finally:
        db.dispose()


@pytest.mark.timeout(60)
def test_softphone_command_line_runs_db_upgrade(empty_database_url: str) -> None:
    """The real entry point in a child process: no Qt, no PJSIP, Russian output."""
    env = {**os.environ, "SOFTPHONE_DATABASE_URL": empty_database_url}
    script = (
        "import sys, softphone.__main__ as m; rc = m.main(['db', 'upgrade']);"
        "assert 'PySide6' not in sys.modules and 'pjsua2' not in sys.modules; sys.exit(rc)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "обновлена" in result.stdout
    db = Database.open(empty_database_url, migrate=False)
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
    finally:
        db.dispose()


def test_cli_reports_unreachable_database(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.pgserver import free_port

    monkeypatch.setenv(
        "SOFTPHONE_DATABASE_URL", f"postgresql://desk:secret@127.0.0.1:{free_port()}/crm"
    )
    assert cli.run(_args("db", "upgrade")) == 2
    err = capsys.readouterr().err
    assert err.startswith("Ошибка:") and "secret" not in err
