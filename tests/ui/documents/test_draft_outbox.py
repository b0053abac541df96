"""An order typed during a PostgreSQL outage survives the desk being closed (issue #14):
the real window with the order panel on a private server, which goes away while the operator
types; the desk is closed before it is back. The next desk shows the form as typed (from
the desk's outbox) and delivers the draft to the database once the server answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.crm.auth import Role
from softphone.crm.orders.drafts import DraftStore
from softphone.ui.documents.panel import DocumentsPanel
from softphone.ui.documents.setup import install_order_panel
from tests.pgserver import PgServer
from tests.ui.call_panel_helpers import PanelDesk, close_desk, open_desk
from tests.ui.order_helpers import type_into
from tests.ui.session_helpers import desk_of, sign_in_desk

pytestmark = [pytest.mark.timeout(90), pytest.mark.postgres]


@pytest.fixture
def server() -> Iterator[PgServer]:
    with PgServer() as pg:
        yield pg


def _orders(desk: PanelDesk, qtbot) -> DocumentsPanel:
    panel = install_order_panel(desk_of(desk.window, desk.db, sign_in_desk(desk.db, login="anna")))
    qtbot.waitUntil(lambda: panel.restored is not None, timeout=10_000)
    return panel


def test_an_order_typed_during_an_outage_comes_back_after_a_restart(
    server: PgServer, tmp_path: Path, qtbot, monkeypatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the desk's outbox goes here
    outbox = tmp_path / "data" / "softphone"
    url = server.create_database("crm")
    desk = open_desk(url, tmp_path / "first", qtbot, role=Role.SUPERVISOR)
    try:
        form = _orders(desk, qtbot).order_form
        link = desk.window.crm_link
        assert link is not None
        type_into(form.name_edit, "Мария Петровна")
        qtbot.waitUntil(lambda: not form.autosaver.pending, timeout=5000)  # in the CRM

        server.pause()
        type_into(form.address_edit, "Москва, ул. Ленина, 10")
        qtbot.waitUntil(lambda: not link.up, timeout=10_000)
        qtbot.waitUntil(lambda: link.kept == 1 and not form.autosaver.pending, timeout=5000)
        type_into(form.address_edit, "Москва, ул. Ленина, 12, кв. 5")  # kept at once now
        qtbot.waitUntil(lambda: link.kept_of("form_draft")[-1]["data"]["delivery_address"]
                        == "Москва, ул. Ленина, 12, кв. 5", timeout=3000)
        assert link.kept == 1  # one draft per form: the newer one replaced the older
        form_id = form.form_id
    finally:
        close_desk(desk)
    assert list(outbox.glob("crm-outbox-*.json"))

    server.resume()
    desk = open_desk(url, tmp_path / "second", qtbot, role=Role.SUPERVISOR)
    try:
        form = _orders(desk, qtbot).order_form
        assert form.form_id == form_id
        assert form.name_edit.text() == "Мария Петровна"
        assert form.address_edit.text() == "Москва, ул. Ленина, 12, кв. 5"
        link = desk.window.crm_link
        assert link is not None
        qtbot.waitUntil(lambda: link.kept == 0, timeout=10_000)
        [draft] = DraftStore(desk.db).unfinished(operator="anna")
        assert draft.form_id == form_id
        assert draft.data["delivery_address"] == "Москва, ул. Ленина, 12, кв. 5"
        assert not list(outbox.glob("crm-outbox-*.json"))
    finally:
        close_desk(desk)
