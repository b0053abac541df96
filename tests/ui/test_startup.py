"""Start fast, stay light, close at once (issue #15), checked on the real app in a child.

The first screen is built without what it does not show: no Alembic when the schema is
current, no charts, printing, editors or admin pages, no morphology dictionary; those come
after the window is up. Closing with SIGTERM ends the process within a bound, with exit 0.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.crm.auth import Role
from tests.pgserver import PgServer
from tests.sip.sip_helpers import Processes
from tests.ui.session_helpers import (
    ADMIN,
    PASSWORD,
    add_user_with_cli,
    app_env,
    start_signed_in,
    wait_for_log,
)

REPO = Path(__file__).resolve().parents[2]

# Loaded only once the screens that need them open, or after the window is up.
NOT_BEFORE_THE_WINDOW = (
    # the SQLite desk's password is checked with sqlite3; the ORM opens after the window
    "sqlalchemy",
    "softphone.crm.db",
    "softphone.crm.models",
    "alembic",
    "mako",
    "pymorphy3",
    "psycopg",
    "PySide6.QtCharts",
    "PySide6.QtPrintSupport",
    # the single-instance socket is the standard library's; nothing else needs Qt Network
    "PySide6.QtNetwork",
    "softphone.crm.migrate",
    "softphone.ui.caller.setup",
    "softphone.ui.reports.page",
    "softphone.ui.admin.setup",
    "softphone.ui.kb.editor.window",
    "softphone.ui.caller.guide_editor",
    "softphone.ui.widgets.printing",
    # the sound path starts once the window is mapped. Qt Multimedia never does (the device
    # list is our own libpulse connection), nor numpy (the first call's): checked after, too
    "numpy",
    "PySide6.QtMultimedia",
    "softphone.sip.sound",
    "softphone.ui.sound",
    # features installed after the window: speech hints (webrtcvad), agent status, workspace
    "webrtcvad",
    "softphone.coaching",
    "softphone.ui.coaching",
    "softphone.ui.agent",
    "softphone.ui.workspace",
    # an SQLite desk never needs PostgreSQL's dialect (softphone.crm.upsert), nor after
    "sqlalchemy.dialects.postgresql",
)

# Screens reached only from a key, a button or a menu: loaded when first opened, so neither
# before the window nor once the CRM features are installed.
UNTIL_OPENED = (
    "softphone.ui.conference.add_dialog",
    "softphone.ui.phone.transfer_dialog",
    "softphone.ui.caller.customer_edit",
    "softphone.ui.caller.settings_page",
    "softphone.ui.settings.pages",
    "softphone.ui.settings.dialog",
    "softphone.ui.reports.page",
    "softphone.ui.kb.editor.window",
    "softphone.ui.caller.guide_editor",
    "PySide6.QtCharts",
    "PySide6.QtPrintSupport",
)

CHILD = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import softphone.ui.main_window as main_window
from softphone.ui import app

WATCHED = json.loads(sys.argv[1])
original_show = main_window.MainWindow.show
windows = []

def show(self):
    loaded = [name for name in WATCHED if name in sys.modules]
    print("AT-SHOW", json.dumps(loaded), flush=True)
    windows.append(self)
    original_show(self)

main_window.MainWindow.show = show

def installed(features, calls):
    window = windows[0]
    print("FOCUS", window.focusWidget() is window.number_field, flush=True)
    print("AFTER", json.dumps([name for name in WATCHED if name in sys.modules]), flush=True)
    with open("/proc/self/maps") as maps:
        print("QT-MULTIMEDIA-MAPPED", "libQt6Multimedia" in maps.read(), flush=True)
    QTimer.singleShot(0, lambda: QApplication.instance().exit(0))

import softphone.ui.features as features
features.CrmFeatures.catch_up = installed
sys.exit(app.main(["--user", sys.argv[2], "--password-stdin"]))
"""


def _desk(tmp_path: Path, url: str | None = None) -> dict[str, str]:
    """A desk with one admin, on its own SQLite file or, given `url`, a team database."""
    env = app_env(tmp_path / "config")
    if url is not None:  # the team's server, as an admin writes it in the settings
        settings_file = tmp_path / "config" / "settings.json"
        settings = json.loads(settings_file.read_text(encoding="utf-8"))
        settings_file.write_text(json.dumps({**settings, "database_url": url}), encoding="utf-8")
        env.pop("SOFTPHONE_DATABASE_URL", None)
    add_user_with_cli(url or f"sqlite:///{tmp_path / 'config' / 'crm.db'}", ADMIN, Role.ADMIN)
    return env


@pytest.fixture
def team_database(postgres_server: PgServer) -> Iterator[str]:
    """A new, empty database on the session's private PostgreSQL (migrated by the CLI)."""
    name = f"desk_{uuid.uuid4().hex[:12]}"
    url = postgres_server.create_database(name)
    try:
        yield url
    finally:
        postgres_server.drop_database(name)


@pytest.mark.timeout(120)
def test_the_first_screen_loads_nothing_it_does_not_show(tmp_path: Path) -> None:
    env = _desk(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(NOT_BEFORE_THE_WINDOW + UNTIL_OPENED), ADMIN],
        input=PASSWORD + "\n", env=env, cwd=REPO, capture_output=True, text=True, timeout=90,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    assert json.loads(lines["AT-SHOW"]) == []
    assert lines["FOCUS"] == "True"  # the number field has the focus, CRM panels or not
    after = json.loads(lines["AFTER"])
    assert "softphone.ui.caller.setup" in after  # the CRM did arrive after the window
    assert "softphone.ui.sound" in after  # and the sound path, before the CRM
    assert "PySide6.QtMultimedia" not in after  # the device list is ours (issue #15: ~5 MB)
    assert lines["QT-MULTIMEDIA-MAPPED"] == "False"
    assert "numpy" not in after  # loaded for the first call (tests/ui/sound/test_lazy_numpy.py)
    assert "alembic" not in after  # the schema was current: never needed
    assert "PySide6.QtNetwork" not in after  # not even with the sound path (issue #15: 3.4 MB)
    assert "sqlalchemy.dialects.postgresql" not in after  # an SQLite desk
    assert "softphone.crm.db" in after  # the database did open, after the window
    assert [name for name in UNTIL_OPENED if name in after] == []


@pytest.mark.postgres
@pytest.mark.timeout(120)
def test_a_team_postgresql_desk_shows_its_window_before_sqlalchemy(
    tmp_path: Path, team_database: str
) -> None:
    """With --password-stdin psycopg reads the user's row before Qt (issue #15, as sqlite3
    does on the embedded desk); SQLAlchemy and the ORM come after the window."""
    env = _desk(tmp_path, team_database)
    on_postgresql = ("psycopg", "sqlalchemy.dialects.postgresql")  # the desk's own driver
    watched = [name for name in NOT_BEFORE_THE_WINDOW if name not in on_postgresql]
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(watched), ADMIN],
        input=PASSWORD + "\n", env=env, cwd=REPO, capture_output=True, text=True, timeout=90,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    assert json.loads(lines["AT-SHOW"]) == []
    assert "softphone.crm.db" in json.loads(lines["AFTER"])  # the database opened after it


@pytest.mark.timeout(120)
def test_sigterm_closes_the_real_app_within_a_second_and_a_half_with_exit_0(
    tmp_path: Path, processes: Processes
) -> None:
    """Target 1 s (README); the bound leaves room for a loaded 2-core test machine. Before
    issue #15 this took 1.8-2.4 s (libDestroy's fixed wait and the interpreter's teardown)."""
    env = _desk(tmp_path)
    log_file = tmp_path / "config" / "logs" / "softphone.log"
    app = start_signed_in(processes, "app", [sys.executable, "-m", "softphone"], ADMIN,
                          env=env, cwd=REPO)
    wait_for_log(log_file, "CRM features installed", app, 60)
    # The morphology dictionary then loads on a worker and start-up settles; a SIGTERM before
    # that waits for the worker, which is start-up's time, not closing's: wait for settle().
    wait_for_log(log_file, "start-up objects set aside from garbage collection", app, 30)
    started = time.monotonic()
    os.kill(app.pid, signal.SIGTERM)
    code = app.wait(10)
    took = time.monotonic() - started
    assert code == 0
    assert took < 1.5, f"closing took {took:.2f} s"
    text = log_file.read_text(errors="replace")
    assert "SIP engine stopped" in text and "Softphone stopped (exit code 0)" in text


@pytest.mark.timeout(60)
def test_a_call_ringing_before_the_crm_is_installed_pops_the_card_when_it_is(
    tmp_path: Path, processes: Processes, qtbot
) -> None:
    """The app shows the window first and opens the database and installs the CRM after; a
    call that rings in between rings in the call list, is opened in the call log when the log
    is attached, and its card pops once the panels are in (catch_up)."""
    from softphone.crm.customers.calls import CallLogService
    from softphone.crm.customers.cards import CustomerService
    from softphone.crm.db import Database
    from softphone.settings import Settings
    from softphone.sip import EngineConfig, LocalAccountSettings, SipEngine
    from softphone.ui.bridge import EngineBridge
    from softphone.ui.features import install_crm_features
    from softphone.ui.main_window import MainWindow
    from softphone.ui.tasks import TaskRunner
    from tests.ui.call_panel_helpers import PanelDesk, call_from
    from tests.ui.session_helpers import desk_of, sign_in_desk

    settings = Settings()
    settings.path = tmp_path / "settings.json"
    engine = SipEngine(
        EngineConfig(bind_address="127.0.0.1", udp_port=0, null_audio=True, log_level=1)
    )
    engine.start()
    engine.add_local_account(LocalAccountSettings(user="operator"))
    db = Database.open(f"sqlite:///{tmp_path / 'crm.sqlite3'}")
    CustomerService(db).create_for_number("+7 916 123-45-67", address_as="Иван Петрович")
    principal = sign_in_desk(db)
    runner = TaskRunner()
    bridge = EngineBridge(engine)
    window = MainWindow(bridge, settings, runner, None, None, "test desk")  # no database yet
    qtbot.addWidget(window)
    opened: list[object] = []
    window.call_opened.connect(lambda call, record: opened.append(record))
    bridge.start()
    window.show()
    try:
        fake = PanelDesk(engine, bridge, runner, db, window, None)  # type: ignore[arg-type]
        sipp = call_from(processes, fake, "+79161234567", talk_ms=3000)
        qtbot.waitUntil(lambda: window.call_list.ringing_call() is not None, timeout=10_000)

        call_log = CallLogService(db)
        window.attach_call_log(call_log)  # the database opened after the window
        qtbot.waitUntil(lambda: len(opened) == 1, timeout=5000)  # the ringing call's row
        features = install_crm_features(desk_of(window, db, principal))
        features.catch_up(bridge.calls())
        card = features.call_panels.card
        qtbot.waitUntil(lambda: card.name_label.text() == "Иван Петрович", timeout=5000)
        assert window.call_list.ringing_call() is not None  # still ringing: popped in time
        assert window.side_area.workspace_shown  # the call workspace, the card in it
        assert features.call_panels.caller_tab.isVisible()
        assert window.controller.answer()
        qtbot.waitUntil(lambda: sipp.poll() is not None, timeout=15_000)
        qtbot.waitUntil(lambda: len(call_log.history()) == 1, timeout=5000)
        (record,) = call_log.history()
        assert (record.number, record.customer_name) == ("+79161234567", "Иван Петрович")
        assert record.duration_s > 1  # answered, and logged as such
    finally:
        bridge.stop()
        runner.shutdown()
        engine.shutdown()
        for call in window.call_list.calls():
            window.call_list.remove(call.call_id)
        db.dispose()
        window.hide()


def _sign_in_child_lines(tmp_path: Path, mode: str, url: str | None = None) -> list[str]:
    """What tests/ui/sign_in_child.py printed, signing in to a fresh desk in `mode` (SQLite,
    or the team database at `url`)."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("sign_in_child.py")), ADMIN, PASSWORD,
         mode], env=_desk(tmp_path, url), cwd=REPO, capture_output=True, text=True, timeout=90,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.splitlines()


@pytest.mark.timeout(120)
def test_the_sign_in_dialog_does_not_wait_for_the_database(tmp_path: Path) -> None:
    """On an SQLite desk with users the dialog is shown at once; the database opens on a
    thread meanwhile and the check waits for it (here it takes 2 s)."""
    lines = _sign_in_child_lines(tmp_path, "slow-database")
    assert "dialog before the database opened: True" in lines, lines
    assert "window" in lines


@pytest.mark.postgres
@pytest.mark.timeout(120)
def test_a_team_postgresql_desk_shows_the_dialog_before_its_database_opens(
    tmp_path: Path, team_database: str
) -> None:
    """psycopg counts the users before Qt's dialog; SQLAlchemy opens on a thread meanwhile."""
    lines = _sign_in_child_lines(tmp_path, "slow-database", team_database)
    assert "dialog before the database opened: True" in lines, lines
    assert "window" in lines


@pytest.mark.timeout(120)
def test_a_database_that_fails_after_the_dialog_showed_leaves_a_phone(tmp_path: Path) -> None:
    """The dialog came up because sqlite3 could read the file; if the database then cannot be
    opened, the dialog says so and, closed, leaves the phone-only desk (as a database that is
    down at start always did), not a process that quits."""
    lines = _sign_in_child_lines(tmp_path, "failing-database")
    assert "message: The customer database is unavailable: test" in lines, lines
    assert "window" in lines


@pytest.mark.timeout(120)
def test_a_team_server_that_does_not_answer_is_waited_for_once(tmp_path: Path) -> None:
    """The early check connects to the team's PostgreSQL before Qt loads; when that server
    accepts but never answers (hung, or half a network away), its 3 s timeout must not be
    waited a second time by the full path before the desk reports it."""
    import socket
    import threading

    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    accepted: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                accepted.append(listener.accept()[0])  # kept open, never answered
            except OSError:  # closed at the end of the test
                return

    threading.Thread(target=accept, daemon=True).start()
    env = app_env(tmp_path / "config")
    settings_file = tmp_path / "config" / "settings.json"
    settings = json.loads(settings_file.read_text(encoding="utf-8"))
    url = f"postgresql://desk@127.0.0.1:{port}/crm"
    settings_file.write_text(json.dumps({**settings, "database_url": url}), encoding="utf-8")
    env.pop("SOFTPHONE_DATABASE_URL", None)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "softphone", "--user", ADMIN, "--password-stdin"],
            input=PASSWORD + "\n", env=env, cwd=REPO, capture_output=True, text=True,
            timeout=60,
        )
    finally:
        listener.close()
        for conn in accepted:
            conn.close()
    assert done.returncode == 2, done.stderr[-3000:]  # not signed in: the database is away
    assert "timeout expired" in done.stderr.splitlines()[-1]  # libpq's reason, said once
    assert len(accepted) == 1, "the full path connected again to a server that had not answered"
