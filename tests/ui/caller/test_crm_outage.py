"""A PostgreSQL outage mid-shift (issue #14): the real window on a private PostgreSQL server,
which is stopped while a sipp call rings, is answered and ends; the card says the CRM is
unavailable, the status bar shows it, the operator's notes and wrap-up are kept on the desk;
after the server is back the call and its wrap-up are in the database, once.

A private server: stopping the session's server would take every other test's database away.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from softphone.crm.customers.calls import CallLogService
from softphone.crm.customers.finished import FinishedCall
from softphone.crm.db import Database, is_connection_error
from softphone.crm.models import CallStatus, Interaction
from tests.pgserver import PgServer
from tests.sip.sip_helpers import Processes
from tests.ui.call_panel_helpers import call_from, close_desk, open_desk

pytestmark = [pytest.mark.timeout(90), pytest.mark.postgres]

UNAVAILABLE = "The customer database is unavailable — the call goes on"


@pytest.fixture
def server() -> Iterator[PgServer]:
    with PgServer() as pg:
        yield pg


def test_a_call_during_a_database_outage_is_logged_once_with_its_wrap_up_when_it_is_back(
    server: PgServer, processes: Processes, tmp_path: Path, qtbot, monkeypatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the desk's outbox goes here
    url = server.create_database("crm")
    desk = open_desk(url, tmp_path, qtbot)
    try:
        window, card, wrapup = desk.window, desk.panels.card, desk.panels.wrapup
        link = window.crm_link
        assert link is not None and link.up and not window.crm_label.isVisible()

        server.pause()  # mid-shift: the database goes away
        sipp = call_from(processes, desk, "+79161234567", talk_ms=2500)
        qtbot.waitUntil(lambda: window.call_list.ringing_call() is not None, timeout=5000)
        qtbot.waitUntil(lambda: card.detail_label.text() == UNAVAILABLE, timeout=8000)
        assert not card.error_label.isVisible()
        qtbot.waitUntil(window.crm_label.isVisible, timeout=5000)
        assert window.crm_label.text().startswith("CRM: no connection")

        assert window.controller.answer()
        qtbot.waitUntil(wrapup.isVisible, timeout=5000)  # notes while talking, no row needed
        assert wrapup.interaction_id is not None and wrapup.interaction_id < 0
        wrapup.notes.insertPlainText("Просит перезвонить, база лежала")
        qtbot.waitUntil(lambda: link.kept >= 1, timeout=3000)  # the draft, kept on the desk
        qtbot.waitUntil(lambda: sipp.poll() is not None, timeout=15_000)
        assert sipp.returncode == 0, processes.output(sipp)
        wrapup.disposition.setCurrentIndex(wrapup.disposition.findData("Консультация"))
        qtbot.mouseClick(wrapup.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not wrapup.isVisible(), timeout=3000)
        assert link.kept >= 2 and not link.up  # the call and its wrap-up wait
        assert "change" in window.crm_label.text()
        assert list((tmp_path / "data" / "softphone").glob("crm-outbox-*.json"))

        server.resume()
        qtbot.waitUntil(lambda: link.up and link.kept == 0, timeout=20_000)
        qtbot.waitUntil(lambda: not window.crm_label.isVisible(), timeout=2000)
        assert not list((tmp_path / "data" / "softphone").glob("crm-outbox-*.json"))

        with desk.db.session() as session:
            rows = list(session.scalars(select(Interaction)))
        assert len(rows) == 1, [(r.id, r.remote, r.started_at) for r in rows]
        row = rows[0]
        assert row.number == "+79161234567" and row.status == CallStatus.DONE
        assert row.answered_at is not None and row.duration_s > 1
        assert row.disposition == "Консультация"
        assert row.notes == "Просит перезвонить, база лежала"
    finally:
        close_desk(desk)


def test_writes_kept_when_the_database_went_away_mid_call_are_sent_by_the_next_start(
    server: PgServer, processes: Processes, tmp_path: Path, qtbot, monkeypatch
) -> None:
    """The call's row was written while the server was up; it goes away while talking; the
    desk is closed before it is back: the next desk delivers the kept end and notes."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    url = server.create_database("crm")
    outbox = tmp_path / "data" / "softphone"
    desk = open_desk(url, tmp_path / "first", qtbot)
    try:
        window, wrapup = desk.window, desk.panels.wrapup
        sipp = call_from(processes, desk, "+79161234567", talk_ms=3000)
        qtbot.waitUntil(lambda: window.call_list.ringing_call() is not None, timeout=5000)
        assert window.controller.answer()
        qtbot.waitUntil(lambda: wrapup.isVisible() and (wrapup.interaction_id or 0) > 0,
                        timeout=5000)
        row_id = wrapup.interaction_id
        qtbot.waitUntil(lambda: not desk.runner.busy, timeout=5000)  # "answered" is written
        server.pause()
        wrapup.notes.insertPlainText("Связь с базой пропала посреди разговора")
        qtbot.waitUntil(lambda: window.crm_label.isVisible(), timeout=8000)
        qtbot.waitUntil(lambda: sipp.poll() is not None, timeout=15_000)
        assert sipp.returncode == 0, processes.output(sipp)
        link = window.crm_link
        assert link is not None
        qtbot.waitUntil(lambda: link.kept == 2, timeout=5000)  # the draft and the call's end
        assert wrapup.interaction_id == row_id  # the form stays on the call's row
    finally:
        close_desk(desk)
    assert list(outbox.glob("crm-outbox-*.json"))

    server.resume()
    desk = open_desk(url, tmp_path / "second", qtbot)
    try:
        link = desk.window.crm_link
        assert link is not None
        qtbot.waitUntil(lambda: link.kept == 0, timeout=10_000)
        assert not list(outbox.glob("crm-outbox-*.json"))
        with desk.db.session() as session:
            rows = list(session.scalars(select(Interaction)))
        assert [(r.id, r.status, r.notes) for r in rows] == [
            (row_id, CallStatus.DONE, "Связь с базой пропала посреди разговора")
        ]
        assert rows[0].answered_at is not None and rows[0].duration_s > 1
    finally:
        close_desk(desk)


def test_a_replayed_call_end_is_written_once(tmp_path: Path) -> None:
    db = Database.open(f"sqlite:///{tmp_path / 'crm.sqlite3'}")
    try:
        log = CallLogService(db)
        now = datetime.now(UTC)
        call = FinishedCall(True, "sip:+79161234567@127.0.0.1", "", now - timedelta(seconds=30),
                            now - timedelta(seconds=25), now)
        first = log.record_finished(call, once=True)
        again = log.record_finished(call, once=True)  # the answer to the first was lost
        assert again.id == first.id
        with db.session() as session:
            assert len(list(session.scalars(select(Interaction)))) == 1
    finally:
        db.dispose()


def test_only_lost_connections_count_as_an_outage(tmp_path: Path) -> None:
    from sqlalchemy.exc import IntegrityError, OperationalError

    sqlite_locked = OperationalError("BEGIN", {}, Exception("database is locked"))
    assert not is_connection_error(sqlite_locked)
    assert not is_connection_error(IntegrityError("INSERT", {}, Exception("duplicate")))
    assert not is_connection_error(ValueError("bad phone number"))
    with PgServer() as pg:
        url = pg.create_database("gone")
        db = Database.open(url, migrate=False)
        pg.pause()
        try:
            db.ping()
        except Exception as exc:
            assert is_connection_error(exc), repr(exc)
        else:
            raise AssertionError("a stopped server answered")
        finally:
            db.dispose()
