"""Demo data and the admin commands: `softphone db upgrade`, `softphone demo-data`.

The demo's past work (orders, applications, website requests handled) is checked through the
reports and the documents' histories, as a supervisor would see them."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from softphone.crm import cli, migrate
from softphone.crm.customers.calls import CallLogService
from softphone.crm.customers.cards import CustomerService
from softphone.crm.db import Database
from softphone.crm.demo.names import VIP_NOTE
from softphone.crm.demo.people import CUSTOMERS, DemoNotEmpty, is_empty, load_demo
from softphone.crm.demo.web_requests import load_demo_requests
from softphone.crm.demo.work import HELD, ORDERS, REQUESTS, WorkSummary, load_demo_work
from softphone.crm.demo.work_texts import APPLICATIONS
from softphone.crm.guide.company import CompanyService
from softphone.crm.kb.demo import load_demo_catalogue
from softphone.crm.models import Customer, PhoneNumber, WebRequest
from softphone.crm.orders.applications import ApplicationService
from softphone.crm.orders.models import Application, Order
from softphone.crm.orders.service import OrderService
from softphone.crm.orders.status import TRANSITIONS, Status
from softphone.crm.phone import normalize
from softphone.crm.reports import Period, ReportService

ROOT = Path(__file__).resolve().parents[3]


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
    # the script says «компания «Связь-Дом»», the company of the demo catalogue
    assert CompanyService(database).name() == "Связь-Дом"
    # a few VIP customers (those who order for the whole family), found by the word «VIP»
    vips = CustomerService(database).search("VIP", limit=CUSTOMERS)
    assert 0 < len(vips) < CUSTOMERS // 3
    assert all(card.vip and card.notes == VIP_NOTE for card in vips)
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


def _whole_demo(database: Database, now: datetime) -> WorkSummary:
    """What `softphone demo-data` loads, in its order."""
    load_demo(database, now=now)
    load_demo_catalogue(database, today=now.date())
    load_demo_requests(database, now=now)
    return load_demo_work(database, now=now)


def test_demo_work_is_the_same_every_time(tmp_path: Path) -> None:
    now = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)

    def documents(path: Path) -> list[tuple]:
        db = Database.open(f"sqlite:///{path}")
        try:
            _whole_demo(db, now)
            with db.session() as session:
                orders = session.execute(
                    select(Order.number, Order.created_at, Order.created_by, Order.status,
                           Order.total, Order.customer_id).order_by(Order.id)
                ).all()
                apps = session.execute(
                    select(Application.number, Application.kind, Application.status,
                           Application.created_by).order_by(Application.id)
                ).all()
                return [tuple(row) for row in orders + apps]
        finally:
            db.dispose()

    first = documents(tmp_path / "a.sqlite3")
    assert len(first) == ORDERS + len(APPLICATIONS)
    assert first == documents(tmp_path / "b.sqlite3")


def _walks_the_status_table(history: tuple, author: str, now: datetime) -> bool:
    first, *rest = history
    if first.from_status is not None or first.changed_by != author:
        return False
    previous = first
    for entry in rest:
        moved = entry.to_status != previous.to_status
        if moved and Status(entry.to_status) not in TRANSITIONS[Status(previous.to_status)]:
            return False
        if entry.changed_at < previous.changed_at or entry.changed_at > now:
            return False
        previous = entry
    return True


def test_demo_work_fills_every_figure_of_the_reports(database: Database) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    work = _whole_demo(database, now)
    assert work.orders == ORDERS and work.applications == len(APPLICATIONS) == 17
    assert work.requests == REQUESTS and REQUESTS // 2 < work.requests_closed <= REQUESTS - HELD
    report = ReportService(database).report(
        Period((now - timedelta(days=31)).date(), now.date(), UTC)
    )
    total = report.total
    assert (total.orders, total.applications) == (ORDERS, len(APPLICATIONS))
    assert total.requests_closed == work.requests_closed
    assert total.requests_taken > total.requests_closed  # the held ones and the unanswered
    people = [row for row in report.rows if row.operator_id is not None]
    assert len(people) == 3
    for row in people:  # every demo operator did some of everything
        assert row.orders and row.applications and row.requests_closed and row.calls_in, row
    with database.session() as session:
        assert session.execute(select(func.count(Customer.id))).scalar_one() == CUSTOMERS
        dates = session.execute(select(Order.created_at, Order.created_by)).all()
        order_ids = session.scalars(select(Order.id)).all()
        app_ids = session.scalars(select(Application.id)).all()
        statuses = dict(
            session.execute(
                select(WebRequest.status, func.count()).group_by(WebRequest.status)
            ).all()
        )
    logins = {row.login for row in people}
    assert {who for _at, who in dates} == logins
    moments = sorted(at if at.tzinfo else at.replace(tzinfo=UTC) for at, _who in dates)
    assert moments[0] < now - timedelta(days=14) and moments[-1] > now - timedelta(days=7)
    assert moments[-1] <= now

    orders = [OrderService(database).get(i) for i in order_ids]
    assert {"done", "cancelled", "draft"} <= {o.status for o in orders}
    assert all(_walks_the_status_table(o.history, o.created_by, now) for o in orders)
    assert all(o.lines and o.total > 0 and o.customer_id for o in orders)

    apps = [ApplicationService(database).get(i) for i in app_ids]
    assert all(_walks_the_status_table(a.history, a.created_by, now) for a in apps)
    by_kind = {(a.kind, a.decision): a for a in apps}
    recalculation = by_kind["recalculation", "partly"]
    assert recalculation.amount_claimed == Decimal("450.00")
    assert recalculation.amount_granted == Decimal("300.00")
    assert recalculation.status == "done"
    assert any(e.note == "решение: partly" for e in recalculation.history)
    assert ("compensation", "partly") in by_kind and ("compensation", "pending") in by_kind
    assert {a.kind for a in apps} == {
        "service_request", "complaint", "recalculation", "compensation", "callback"
    }
    # The demo site's queue: waiting, retried, held by an operator, and closed every way.
    assert statuses["taken"] == HELD and statuses["new"] >= 1 and statuses["retry"] >= 1
    assert statuses["done"] > statuses["wrong_number"] >= 1 and statuses["duplicate"] >= 1


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
    assert f"заказов — {ORDERS}, заявок и заявлений — {len(APPLICATIONS)}." in out
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
