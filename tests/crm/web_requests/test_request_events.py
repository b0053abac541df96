"""LISTEN/NOTIFY: a desk hears a committed request at once, and nothing from a rollback."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from softphone.crm.db import Database
from softphone.crm.web_requests.events import RequestListener
from softphone.crm.web_requests.input import parse_submission
from softphone.crm.web_requests.service import WebRequestService
from softphone.crm.web_requests.sites import SiteService

pytestmark = [pytest.mark.timeout(60), pytest.mark.postgres]


@pytest.fixture
def pg(request: pytest.FixtureRequest):
    server = request.getfixturevalue("postgres_server")
    template = request.getfixturevalue("_postgres_template")
    name = f"n_{int(time.time() * 1000) % 10**9}"
    db = Database.open(server.create_database(name, template=template))
    try:
        yield db
    finally:
        db.dispose()
        server.drop_database(name)


def test_listener_hears_committed_requests_only(pg: Database) -> None:
    site = SiteService(pg).add("notify.example").site
    service = WebRequestService(pg)
    listener = RequestListener(pg)
    listener.open()
    try:
        assert listener.wait(0.2) == []
        form = parse_submission({"name": "Лев", "phone": "+79161234567"})
        with pytest.raises(RuntimeError), pg.session(write=True) as session:
            # A NOTIFY in a transaction that rolls back is never delivered.
            session.execute(text("SELECT pg_notify('web_requests', '999')"))
            raise RuntimeError("boom")
        assert listener.wait(0.3) == []
        timer = threading.Timer(0.3, lambda: service.submit(site.id, form))
        started = time.monotonic()
        timer.start()
        heard = listener.wait(5.0)
        timer.join()
        assert len(heard) == 1 and time.monotonic() - started < 2.0
        assert service.get(heard[0]).name == "Лев"
        assert service.take(heard[0], _operator(pg))
        assert listener.wait(5.0) == heard  # taking notifies too: other desks grey it out
    finally:
        listener.close()


def _operator(db: Database) -> int:
    from softphone.crm.operators import OperatorService

    return OperatorService(db).ensure("lev").id


def test_sqlite_has_no_listener(tmp_path) -> None:
    db = Database.open(f"sqlite:///{tmp_path / 'crm.sqlite3'}")
    try:
        with pytest.raises(ValueError, match="PostgreSQL"):
            RequestListener(db)
    finally:
        db.dispose()
