"""A form's autosave during a PostgreSQL outage (issue #14): the save fails, the typed text
stays dirty and is saved by itself once the server is back, with no keystroke needed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from softphone.crm.db import Database
from softphone.crm.orders.drafts import DraftStore
from softphone.ui.documents.autosave import FormAutosaver
from softphone.ui.tasks import TaskRunner
from tests.pgserver import PgServer

pytestmark = [pytest.mark.timeout(60), pytest.mark.postgres]


@pytest.fixture
def server() -> Iterator[PgServer]:
    with PgServer() as pg:
        yield pg


def test_a_failed_autosave_is_retried_until_the_database_is_back(server: PgServer, qtbot) -> None:
    db = Database.open(server.create_database("crm"))
    runner = TaskRunner()
    form: dict[str, Any] = {"address": "Москва, ул. Ленина, 1"}
    saver = FormAutosaver(DraftStore(db), runner, "order", lambda: ("f-1", dict(form), None),
                          "anna")
    saved: list[str] = []
    saver.saved.connect(saved.append)
    lost: list[object] = []
    runner.connection_lost.connect(lost.append)
    failures: list[str] = []
    runner.failed.connect(failures.append)
    try:
        server.pause()
        saver.touch()
        qtbot.waitUntil(lambda: bool(lost), timeout=8000)  # the save failed: no server
        assert saver.pending and not saved
        assert failures == []  # an outage is the status bar's business, not an error popup
        form["address"] = "Москва, ул. Ленина, 10"  # typed meanwhile, no keystroke after
        server.resume()
        qtbot.waitUntil(lambda: saved == ["f-1"], timeout=15_000)
        assert not saver.pending
        [draft] = DraftStore(db).unfinished()
        assert draft.data == {"address": "Москва, ул. Ленина, 10"}
    finally:
        runner.shutdown()
        db.dispose()
