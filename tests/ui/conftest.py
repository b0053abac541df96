"""UI tests run a real Qt window without a screen: the offscreen platform, set before Qt starts."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from softphone.crm.auth import Principal

if TYPE_CHECKING:
    from softphone.crm.db import Database
    from softphone.ui.tasks import TaskRunner

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session", autouse=True)
def _collect_on_gui_thread(qapp) -> Iterator[None]:
    """As the app does (softphone/ui/gc_thread.py): cyclic garbage, Qt objects included, is
    collected on the GUI thread, never inside a TaskRunner worker."""
    from softphone.ui.gc_thread import GuiThreadCollector

    collector = GuiThreadCollector(qapp)
    yield
    collector.stop()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A desk's embedded SQLite database in the test's folder, migrated, nobody signed in
    (a folder's conftest may override it as `db(db, desk_session)` to sign an operator in)."""
    from softphone.crm.db import Database

    database = Database.open(f"sqlite:///{tmp_path / 'crm.sqlite3'}")
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def runner(qapp) -> Iterator[TaskRunner]:
    """The app's task runner (its worker threads stop with the test)."""
    from softphone.ui.tasks import TaskRunner

    tasks = TaskRunner()
    yield tasks
    tasks.shutdown()


@pytest.fixture
def desk_session() -> Callable[..., Principal]:
    """`desk_session(db, Role.X)`: a real user of that role, signed in on `db` as the app does
    after its sign-in dialog (roles enforced from then on). See tests/ui/session_helpers.py."""
    from tests.ui.session_helpers import sign_in_desk

    return sign_in_desk


@pytest.fixture(scope="module")
def null_engine() -> Iterator:
    """A real SipEngine on a free 127.0.0.1 port with the null sound device (no card here).

    It notes every start_tone call (what the ringer asked for) and then does the real work,
    so tests can check which file and volume were played; nothing of the engine is faked.
    """
    from softphone.sip.config import EngineConfig
    from softphone.sip.engine import SipEngine

    class ToneNotingEngine(SipEngine):
        def __init__(self, config: EngineConfig) -> None:
            super().__init__(config)
            self.tones: list[tuple[str, bool, float, bool]] = []  # path, loop, volume, started

        def start_tone(
            self, wav_path: str, loop: bool = True, volume: float = 1.0, ringer: bool = False
        ) -> bool:
            started = super().start_tone(wav_path, loop, volume, ringer)
            self.tones.append((wav_path, loop, volume, started))
            return started

    engine = ToneNotingEngine(
        EngineConfig(bind_address="127.0.0.1", udp_port=0, null_audio=True, log_level=1)
    )
    engine.start()
    try:
        yield engine
    finally:
        engine.shutdown()


@pytest.fixture
def engine(null_engine) -> Iterator:
    """The module's engine, quiet and with an empty tone list at the start of each test."""
    null_engine.stop_tone()
    null_engine.tones.clear()
    yield null_engine
    null_engine.stop_tone()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item):
    """A test that failed with a call up must not hang the run: pytest-qt closes the windows
    before fixtures tidy up, and the window would ask «hang up and quit?» in a modal box that
    nobody answers offscreen. The engine stops being pumped first, so the window just closes."""
    from PySide6.QtWidgets import QApplication

    from softphone.ui.main_window import MainWindow

    app = QApplication.instance()
    if app is not None:
        for widget in app.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.bridge.running:
                widget.bridge.stop()
    yield
