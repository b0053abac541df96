"""A visitor fills the form in headless Chromium; the request then shows in a desk's queue.

Debian's chromium driven by selenium through /usr/bin/chromedriver; every address outside
127.0.0.1 is unresolvable for the browser, so it can only load our service. Runs on
PostgreSQL, where the desk hears of the request by LISTEN/NOTIFY.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from softphone.crm.db import Database
from softphone.crm.operators import OperatorService
from softphone.crm.web_requests.events import RequestListener
from softphone.crm.web_requests.service import WebRequestService
from softphone.crm.web_requests.sites import SiteCredentials
from tests.pgserver import free_port

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytestmark = [pytest.mark.timeout(120), pytest.mark.postgres, pytest.mark.slow]

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
MARKUP = "<i>Ольга</i>"


@pytest.fixture(scope="module")
def intake_db_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """PostgreSQL only here (overrides the conftest's two kinds)."""
    server = request.getfixturevalue("postgres_server")
    template = request.getfixturevalue("_postgres_template")
    name = f"b_{uuid.uuid4().hex[:12]}"
    url = server.create_database(name, template=template)
    try:
        yield url
    finally:
        server.drop_database(name)


@pytest.fixture
def browser(tmp_path: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    assert Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists(), (
        "install chromium and chromium-driver: scripts/bootstrap.sh test"
    )
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--no-proxy-server", f"--user-data-dir={tmp_path / 'profile'}",
        # Nothing but 127.0.0.1 resolves: the browser cannot reach any other host.
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    ):
        options.add_argument(flag)
    service = Service(
        executable_path=CHROMEDRIVER,
        port=free_port(),
        service_args=["--allowed-ips=127.0.0.1"],
        log_output=str(tmp_path / "chromedriver.log"),
    )
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    # A click on submit returns before the answer page is loaded: look-ups wait for it.
    driver.implicitly_wait(10)
    try:
        yield driver
    finally:
        driver.quit()  # stops chromium and chromedriver (selenium kills the driver by pid)


def test_form_in_chromium_reaches_the_queue(
    intake, intake_db: Database, site: SiteCredentials, browser, qtbot
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from softphone.ui.queue.model import COL_NAME, OVERDUE_ROLE
    from softphone.ui.queue.panel import QueuePanel
    from softphone.ui.queue.watch import RequestWatcher
    from softphone.ui.tasks import TaskRunner

    # A desk with the queue open, live on PostgreSQL notifications.
    runner = TaskRunner()
    operator = OperatorService(intake_db).ensure("olga-desk").id
    panel = QueuePanel(WebRequestService(intake_db), runner, operator, target_minutes=15)
    qtbot.addWidget(panel)
    panel.start_watching(RequestWatcher(lambda: RequestListener(intake_db), panel))
    try:
        browser.get(f"{intake.url}/form/{site.site.name}?utm_source=browser&utm_campaign=test")
        assert browser.title == "Заявка"
        Select(browser.find_element(By.ID, "kind")).select_by_value("question")
        browser.find_element(By.ID, "name").send_keys(MARKUP)
        browser.find_element(By.ID, "phone").send_keys("вечером")
        browser.find_element(By.ID, "message").send_keys("Подключите <b>интернет</b>?")
        browser.find_element(By.ID, "submit").click()
        # Server-side validation: the form comes back with a Russian message, values kept.
        error = browser.find_element(By.ID, "phone-error")
        assert "не похоже на номер телефона" in error.text
        assert browser.find_element(By.ID, "name").get_attribute("value") == MARKUP
        phone = browser.find_element(By.ID, "phone")
        phone.clear()
        phone.send_keys("8 (916) 555-44-33")
        browser.find_element(By.ID, "submit").click()
        thanks = browser.find_element(By.ID, "thanks").text
        assert thanks == f"Спасибо, {MARKUP}!"  # shown as text, not as italics
        request_id = int(browser.find_element(By.ID, "request-number").text.lstrip("№"))
        submitted = time.monotonic()

        stored = WebRequestService(intake_db).get(request_id)
        assert (stored.kind, stored.name, stored.phone) == ("question", MARKUP, "+79165554433")
        assert stored.utm == {"utm_source": "browser", "utm_campaign": "test"}
        assert datetime.now(UTC) - stored.created_at < timedelta(minutes=1)
        qtbot.waitUntil(lambda: panel.model.row_of(request_id) >= 0, timeout=10_000)
        assert time.monotonic() - submitted < 5.0  # by notification, not the 30 s safety poll
        row = panel.model.row_of(request_id)
        assert panel.model.index(row, COL_NAME).data() == MARKUP
        assert panel.model.index(row, 0).data(OVERDUE_ROLE) is False  # within service level
    finally:
        panel.shutdown()
        runner.shutdown()
