"""The website request queue panel against a real CRM (SQLite polling, PostgreSQL LISTEN)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from softphone.crm.customers.cards import CustomerService
from softphone.crm.db import Database
from softphone.crm.models import Interaction
from softphone.crm.operators import OperatorService
from softphone.crm.web_requests.events import RequestListener
from softphone.crm.web_requests.input import parse_submission
from softphone.crm.web_requests.service import WebRequestService
from softphone.crm.web_requests.sites import SiteService
from softphone.ui.queue.model import COL_LEVEL, COL_NAME, COL_STATUS, OVERDUE_ROLE
from softphone.ui.queue.panel import QueuePanel
from softphone.ui.queue.watch import RequestWatcher
from softphone.ui.tasks import TaskRunner

pytestmark = pytest.mark.timeout(60)
MARKUP = "<b>Мария</b>"


@pytest.fixture
def desk(database: Database, runner: TaskRunner, qtbot):
    """A panel as the app builds it, live by database kind; `submit` plays the website."""
    anna = OperatorService(database).ensure("anna", display_name="Анна").id
    site = SiteService(database).add("shop.example").site
    service = WebRequestService(database)
    panel = QueuePanel(service, runner, anna, target_minutes=15)
    qtbot.addWidget(panel)
    if database.dialect == "postgresql":
        panel.start_watching(RequestWatcher(lambda: RequestListener(database), panel))
    else:
        panel.start_polling(300)
    qtbot.waitUntil(lambda: panel._known is not None, timeout=5000)  # first load done

    def submit(name: str = MARKUP, phone: str = "+7 912 345-67-89") -> int:
        form = parse_submission({"kind": "callback", "name": name, "phone": phone})
        return service.submit(site.id, form).request.id

    yield panel, service, submit, anna
    panel.shutdown()


def test_new_request_appears_without_reload_and_notifies(desk, qtbot) -> None:
    panel, _, submit, _ = desk
    assert panel.model.rowCount() == 0
    started = time.monotonic()
    with qtbot.waitSignal(panel.new_requests, timeout=5000) as arrived:
        request_id = submit()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
    # PostgreSQL: the NOTIFY wakes it (the safety poll is 30 s); SQLite: the 300 ms poll.
    assert time.monotonic() - started < 3.0
    assert [r.id for r in arrived.args[0]] == [request_id]
    name = panel.model.index(0, COL_NAME).data()
    assert name == MARKUP  # shown as typed, as plain text
    panel.select_request(request_id)
    assert MARKUP in panel.details.toPlainText()


def test_overdue_request_is_highlighted(desk, qtbot) -> None:
    panel, _, submit, _ = desk
    submit()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
    cell = panel.model.index(0, COL_LEVEL)
    assert cell.data(OVERDUE_ROLE) is False and "left" in cell.data()
    panel.model.tick(datetime.now(UTC) + timedelta(minutes=16))
    assert cell.data(OVERDUE_ROLE) is True and "overdue" in cell.data()
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is not None
    panel._update_summary()
    assert "overdue: 1" in panel.summary.text()


def test_call_back_then_done(desk, qtbot, database: Database) -> None:
    panel, service, submit, anna = desk
    request_id = submit()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
    assert panel.select_request(request_id)
    with qtbot.waitSignal(panel.call_back_requested, timeout=5000) as dial:
        panel.call_button.click()
    assert dial.args == ["+79123456789"]
    qtbot.waitUntil(lambda: panel.model.index(0, COL_STATUS).data() == "Taken by me", timeout=5000)
    card = CustomerService(database).find_by_number("+79123456789")
    assert card is not None and card.address_as == MARKUP
    panel.notes.setText("договорились на завтра")
    panel.select_request(request_id)
    panel.done_button.click()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=5000)
    assert "saved" in panel.message.text()
    with database.session() as session:
        logged = session.execute(select(Interaction)).scalar_one()
    assert (logged.kind, logged.disposition, logged.customer_id) == ("web_request", "done", card.id)
    assert service.get(request_id).taken_by == anna


def test_request_taken_at_another_desk_is_refused_here(desk, qtbot) -> None:
    panel, service, submit, _ = desk
    request_id = submit()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
    panel.select_request(request_id)
    assert panel.take_button.isEnabled()
    boris = OperatorService(service._db).ensure("boris", display_name="Борис").id
    assert service.take(request_id, boris)  # the other desk is quicker
    panel.done_button.click()  # this desk still shows it free for a moment
    qtbot.waitUntil(lambda: "Борис" in panel.message.text(), timeout=5000)
    status = panel.model.index(0, COL_STATUS)
    qtbot.waitUntil(lambda: status.data() == "Taken by Борис", timeout=5000)
    panel.select_request(request_id)
    assert not panel.take_button.isEnabled() and not panel.done_button.isEnabled()
    assert service.get(request_id).status == "taken"


def test_no_answer_puts_it_back_with_a_retry_time(desk, qtbot) -> None:
    panel, service, submit, _ = desk
    request_id = submit()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
    panel.select_request(request_id)
    panel.retry_minutes.setValue(60)
    panel.no_answer_button.click()
    qtbot.waitUntil(lambda: service.get(request_id).status == "retry", timeout=5000)
    qtbot.waitUntil(lambda: "Call again at" in panel.model.index(0, COL_LEVEL).data(), timeout=5000)
    retry_at = service.get(request_id).retry_at
    assert retry_at is not None
    assert abs((retry_at - datetime.now(UTC)).total_seconds() - 3600) < 30


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # LISTEN is PG only
def test_watcher_reconnects_after_losing_its_connection(desk, qtbot, database: Database) -> None:
    assert database.dialect == "postgresql"
    panel, _, submit, _ = desk
    listening = "SELECT pid FROM pg_stat_activity WHERE query LIKE 'LISTEN%'"
    qtbot.waitUntil(lambda: _pids(database, listening) != [], timeout=5000)
    for pid in _pids(database, listening):  # as if the server restarted under the desk
        _pids(database, f"SELECT pg_terminate_backend({pid})")
    submit()
    # Back within the reconnect pause (5 s), long before the 30 s safety poll.
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=12_000)
    # The row may come from the desk's own write; the LISTEN is back after the watcher's
    # reconnect pause (5 s) plus a new connection, which a loaded CI machine makes slowly.
    qtbot.waitUntil(lambda: _pids(database, listening) != [], timeout=12_000)


def _pids(database: Database, sql: str) -> list:
    from sqlalchemy import text

    with database.engine.connect() as conn:
        return [row[0] for row in conn.execute(text(sql))]
