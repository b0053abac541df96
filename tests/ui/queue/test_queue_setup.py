"""The queue tab in the real main window: installed by the app's helper, wired to dialing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from softphone.crm.db import Database
from softphone.crm.web_requests.input import parse_submission
from softphone.crm.web_requests.service import WebRequestService
from softphone.crm.web_requests.sites import SiteService
from softphone.settings import Settings
from softphone.ui.bridge import EngineBridge
from softphone.ui.main_window import MainWindow
from softphone.ui.queue.setup import QueueSetup, install_queue_panel, target_minutes
from softphone.ui.tasks import TaskRunner
from tests.ui.session_helpers import ADMIN, desk_of, principal_of

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def window(
    engine, tmp_path, qtbot, desk_session
) -> Iterator[tuple[MainWindow, Database, QueueSetup]]:
    """The app's window on the tests' null-audio engine (no SIP account: dialing goes nowhere),
    signed in as an operator."""
    settings = Settings()
    settings.path = tmp_path / "settings.json"
    db = Database.open(f"sqlite:///{tmp_path / 'crm.sqlite3'}")
    desk_session(db)
    runner = TaskRunner()
    bridge = EngineBridge(engine)
    main = MainWindow(bridge, settings, runner, None, None, "test desk")
    qtbot.addWidget(main)
    queue = install_queue_panel(desk_of(main, db))
    bridge.start()
    try:
        yield main, db, queue
    finally:
        if queue.panel is not None:
            queue.panel.shutdown()
        bridge.stop()
        runner.shutdown()
        db.dispose()


def test_queue_tab_counts_new_requests_and_call_back_dials(window, qtbot) -> None:
    main, db, queue = window
    qtbot.waitUntil(lambda: queue.panel is not None, timeout=5000)
    panel = queue.panel
    index = main.side_tabs.indexOf(panel)
    assert index >= 0 and main.side_tabs.tabText(index) == "Website requests"
    site = SiteService(db, principal_of(db, ADMIN)).add("shop.example").site  # the admin did
    form = parse_submission({"name": "Вера", "phone": "+7 912 000-00-01"})
    request_id = WebRequestService(db).submit(site.id, form).request.id
    qtbot.waitUntil(lambda: main.side_tabs.tabText(index) == "Website requests (1)", timeout=5000)
    panel.select_request(request_id)
    with qtbot.waitSignal(panel.call_back_requested, timeout=5000):
        panel.call_button.click()
    # The window tried to dial the visitor; with no SIP account here the engine says it cannot.
    qtbot.waitUntil(lambda: "учётн" in main.statusBar().currentMessage(), timeout=5000)
    qtbot.waitUntil(lambda: main.side_tabs.tabText(index) == "Website requests", timeout=5000)
    assert WebRequestService(db).get(request_id).customer_id is not None


def test_service_level_target_comes_from_the_settings_file(tmp_path) -> None:
    assert target_minutes(Settings()) == 15
    path = tmp_path / "settings.json"
    path.write_text('{"call_center": {"request_target_min": 5}}', encoding="utf-8")
    assert target_minutes(Settings.load(path)) == 5
    path.write_text('{"call_center": {"request_target_min": 0}}', encoding="utf-8")
    assert target_minutes(Settings.load(path)) == 15  # unusable value: the default, logged
