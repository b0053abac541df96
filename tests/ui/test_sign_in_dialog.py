"""The sign-in dialog on a real database: first run creates the admin; wrong passwords are
refused in Russian from the service; argon2 runs off the GUI thread."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from softphone.crm.auth import Role, UserService, signed_in
from softphone.crm.db import Database
from softphone.ui.sign_in import SignInDialog, sign_in_disabled
from softphone.ui.tasks import TaskRunner

pytestmark = pytest.mark.timeout(60)
PASSWORD = "пароль админа 1"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(f"sqlite:///{tmp_path / 'crm.sqlite3'}")
    yield database
    database.dispose()


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown()


def _submit(qtbot, dialog: SignInDialog, login: str, password: str, repeat: str = "") -> None:
    dialog.login_edit.setText(login)
    dialog.password_edit.setText(password)
    dialog.repeat_edit.setText(repeat)
    dialog.submit()


def test_first_run_creates_the_administrator(qtbot, db: Database, runner: TaskRunner) -> None:
    users = UserService(db)
    dialog = SignInDialog(users, runner, first_run=True)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("Мария")
    _submit(qtbot, dialog, "admin", PASSWORD, "другой")
    assert dialog.message.text() == "The passwords do not match." and not users.has_users()
    _submit(qtbot, dialog, "admin", "short", "short")
    qtbot.waitUntil(lambda: "не короче 8" in dialog.message.text(), timeout=5000)
    _submit(qtbot, dialog, "admin", PASSWORD, PASSWORD)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    assert dialog.principal is not None and dialog.principal.role is Role.ADMIN
    assert dialog.principal.display_name == "Мария"
    assert dialog.password_edit.text() == "" and dialog.repeat_edit.text() == ""


def test_wrong_password_keeps_the_dialog_open(qtbot, db: Database, runner: TaskRunner) -> None:
    UserService(db).create("admin", PASSWORD, Role.ADMIN)
    dialog = SignInDialog(UserService(db), runner, first_run=False)
    qtbot.addWidget(dialog)
    dialog.show()
    _submit(qtbot, dialog, "admin", "не тот пароль")
    qtbot.waitUntil(lambda: "Неверный логин или пароль" in dialog.message.text(), timeout=5000)
    assert dialog.isVisible() and dialog.principal is None and dialog.buttons.isEnabled()
    assert dialog.password_edit.text() == ""
    _submit(qtbot, dialog, "admin", PASSWORD)
    qtbot.waitUntil(lambda: dialog.principal is not None, timeout=5000)
    assert dialog.principal.login == "admin"
    assert signed_in(db) is None  # the session starts in sign_in(), not in the dialog


def test_ui_tests_run_the_app_without_the_dialog() -> None:
    assert sign_in_disabled()  # tests/ui/conftest.py; the app's children inherit it


@pytest.mark.timeout(120)
def test_the_app_starts_with_the_dialog(tmp_path: Path) -> None:
    """The real start-up: first start creates the admin, the next one refuses a wrong password
    and lets the right one in; both reach the main window."""
    import json
    import os
    import subprocess
    import sys

    config = tmp_path / "config"
    config.mkdir()
    settings = {
        "database_url": f"sqlite:///{tmp_path / 'crm.db'}",
        "offer_demo": False,
        "sip": {"local_port": 0, "bind_address": "127.0.0.1"},
    }
    (config / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    env = dict(os.environ, SOFTPHONE_CONFIG_DIR=str(config), QT_QPA_PLATFORM="offscreen")
    env.pop("SOFTPHONE_SIGN_IN")  # this test wants the dialog
    child = Path(__file__).with_name("sign_in_child.py")
    root = Path(__file__).resolve().parents[2]

    def start(mode: str) -> str:
        done = subprocess.run(
            [sys.executable, str(child), "admin", PASSWORD, mode],
            env=env,
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        marks = ("first-run", "sign-in", "window", "message:")
        return "\n".join(line for line in done.stdout.splitlines() if line.startswith(marks))

    first = start("right")
    assert first.splitlines()[:2] == ["first-run", "window"], first
    second = start("wrong-first").splitlines()
    assert second[0] == "sign-in" and second[-1] == "window", second
    assert "message: Неверный логин или пароль" in second
    log = (config / "logs" / "softphone.log").read_text(encoding="utf-8")
    assert PASSWORD not in log
