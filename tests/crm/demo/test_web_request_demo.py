"""Demo website requests: loaded once, with ages that make the service-level timer visible."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from softphone.crm.db import Database
from softphone.crm.demo.web_requests import REQUESTS, load_demo_requests
from softphone.crm.web_requests.service import WebRequestService


def test_demo_requests_load_once_longest_waiting_first(database: Database) -> None:
    now = datetime.now(UTC)
    assert load_demo_requests(database, now=now) == len(REQUESTS)
    assert load_demo_requests(database, now=now) == 0
    queue = WebRequestService(database).open_queue()
    assert len(queue) == len(REQUESTS)
    waiting = [r.waiting_since() for r in queue]
    assert waiting == sorted(waiting)
    assert queue[-1].retry_at is not None and queue[-1].retry_at > now  # called, no answer
    overdue = [r for r in queue if now - r.waiting_since() > timedelta(minutes=15)]
    assert {r.name for r in overdue} == {"<b>Тест</b> разметки", "Андрей"}
    assert any(r.phone is None and r.email for r in queue)
