"""A desk that started without its database (the team's server was down) picks it up later:
it asks again every few seconds, and when the database answers the operator signs in and the
call log, History and the CRM panels come in; closing the dialog keeps the desk phone-only."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from softphone.crm.db import Database
from softphone.settings import Settings
from softphone.sip import EngineConfig, LocalAccountSettings, SipEngine
from softphone.ui.bridge import EngineBridge
from softphone.ui.crm_start import CrmRetry
from softphone.ui.desk import Desk
from softphone.ui.main_window import MainWindow
from softphone.ui.queue.panel import QueuePanel
from softphone.ui.sign_in import SignInDialog
from softphone.ui.tasks import TaskRunner
from tests.pgserver import PgServer
from tests.ui.session_helpers import ADMIN, PASSWORD, create_user

pytestmark = pytest.mark.timeout(90)


def _sqlite_down(tmp_path: Path) -> tuple[str, Callable[[], None], Callable[[], None]]:
    """An SQLite file that cannot be opened yet (its path is a folder)."""
    path = tmp_path / "crm.sqlite3"
    path.mkdir()
    url = f"sqlite:///{path}"

    def back() -> None:
        shutil.rmtree(path)
        _with_admin(url)

    return url, back, lambda: None


def _postgresql_down(_tmp_path: Path) -> tuple[str, Callable[[], None], Callable[[], None]]:
    """The team's server, migrated and with its admin, stopped before the desk starts."""
    server = PgServer().start()
    try:
        url = server.create_database("crm")
        _with_admin(url)
        server.pause()
    except BaseException:
        server.stop()
        raise
    return url, server.resume, server.stop


def _with_admin(url: str) -> None:
    db = Database.open(url)
    try:
        create_user(db, ADMIN)
    finally:
        db.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def phone_only(request: pytest.FixtureRequest, qtbot: Any, tmp_path: Path,
               monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A window whose database does not answer yet, and how to bring the database back."""
    monkeypatch.delenv("SOFTPHONE_DATABASE_URL", raising=False)
    down = _sqlite_down if request.param == "sqlite" else _postgresql_down
    url, come_back, clean_up = down(tmp_path)
    settings = Settings()
    settings.path = tmp_path / "settings.json"
    settings.database_url = url
    engine = SipEngine(
        EngineConfig(bind_address="127.0.0.1", udp_port=0, null_audio=True, log_level=1)
    )
    engine.start()
    engine.add_local_account(LocalAccountSettings(user="operator"))
    runner = TaskRunner()
    bridge = EngineBridge(engine)
    window = MainWindow(bridge, settings, runner, None, None, "test desk")
    qtbot.addWidget(window)
    bridge.start()
    window.show()
    desks: list[Desk] = []
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    retry = CrmRetry(app, settings, window, runner, ADMIN, desks.append, interval_ms=200)
    try:
        yield window, retry, desks, come_back
    finally:
        for panel in window.findChildren(QueuePanel):  # the app does it at aboutToQuit
            panel.shutdown()  # its PostgreSQL LISTEN thread
        bridge.stop()
        runner.shutdown()
        engine.shutdown()
        for desk in desks:
            desk.db.dispose()
        window.hide()
        clean_up()


class DialogAnswer:
    """Fills the sign-in dialog when it shows (password None: closes it); `seen` holds the
    login it showed."""

    def __init__(self, password: str | None) -> None:
        self.password = password
        self.seen: list[str] = []
        self.timer = QTimer()
        self.timer.timeout.connect(self._drive)
        self.timer.start(20)

    def _drive(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, SignInDialog) and widget.isVisible() and not self.seen:
                self.seen.append(widget.login_edit.text())
                if self.password is None:
                    widget.reject()
                else:
                    widget.password_edit.setText(self.password)
                    widget.submit()


def test_the_crm_comes_in_once_the_database_answers(qtbot: Any, phone_only: Any) -> None:
    window, retry, desks, come_back = phone_only
    qtbot.wait(700)  # a few questions, all unanswered
    assert retry.waiting and window.call_log is None and window.history is None
    answers = DialogAnswer(PASSWORD)
    come_back()
    with qtbot.waitSignal(retry.installed, timeout=30_000):
        qtbot.waitUntil(lambda: len(desks) == 1, timeout=20_000)
    assert answers.seen == [ADMIN]  # the dialog asked for the operator's own login
    assert not retry.waiting
    assert window.call_log is not None and window.history is not None
    assert desks[0].principal is not None and desks[0].principal.login == ADMIN
    assert "available again" in window.statusBar().currentMessage()
    assert window.side_tabs.count() > 1  # the CRM's panels


def test_closing_the_dialog_keeps_the_desk_phone_only(qtbot: Any, phone_only: Any) -> None:
    window, retry, desks, come_back = phone_only
    answers = DialogAnswer(None)
    come_back()
    qtbot.waitUntil(lambda: bool(answers.seen) and not retry.waiting, timeout=20_000)
    qtbot.waitUntil(lambda: "Not signed in" in window.banner.text
                    or "Вход не выполнен" in window.banner.text, timeout=5000)
    assert desks == [] and window.call_log is None
