"""The sign-in dialog on a real database: first run creates the admin; wrong passwords are
refused in Russian from the service; argon2 runs off the GUI thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from softphone.crm.auth import Role, UserService, signed_in
from softphone.crm.db import Database
from softphone.ui.sign_in import SignInDialog
from softphone.ui.tasks import TaskRunner

pytestmark = pytest.mark.timeout(60)
PASSWORD = "пароль админа 1"


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
    env["SOFTPHONE_SIGN_IN"] = "off"  # the old bypass is gone: the dialog shows all the same
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


@pytest.mark.timeout(120)
def test_non_interactive_sign_in_checks_the_password(tmp_path: Path) -> None:
    """`softphone --user L --password-stdin`: a wrong password or an unknown login is refused
    (exit 2, no window, the service's words), the right one starts the app signed in; the
    password is read from standard input and appears in no log or output."""
    import subprocess
    import sys

    from tests.ui.session_helpers import PASSWORD as USER_PASSWORD
    from tests.ui.session_helpers import (
        REPO,
        add_user_with_cli,
        app_env,
        sign_in_args,
        wait_for_log,
    )

    config = tmp_path / "config"
    env = app_env(config, SOFTPHONE_SIGN_IN="off")  # the old bypass: no longer means anything
    db_url = f"sqlite:///{config / 'crm.db'}"
    log_file = config / "logs" / "softphone.log"

    def run(login: str, password: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "softphone", *sign_in_args(login)], input=password + "\n",
            env=env, cwd=REPO, capture_output=True, text=True, timeout=60,
        )

    empty = run("anna", USER_PASSWORD)
    assert empty.returncode == 2 and "нет пользователей" in empty.stderr, empty.stderr
    add_user_with_cli(db_url, "anna")
    for login, password in (("anna", "не тот пароль"), ("никто", USER_PASSWORD)):
        refused = run(login, password)
        assert refused.returncode == 2, refused.stderr[-2000:]
        assert "Неверный логин или пароль" in refused.stderr  # the service's words
        assert "local account" not in log_file.read_text(errors="replace")  # nothing started
    missing = subprocess.run([sys.executable, "-m", "softphone", "--password-stdin"], env=env,
                             cwd=REPO, capture_output=True, text=True, timeout=60, input="")
    assert missing.returncode == 2 and "--user" in missing.stderr

    app = subprocess.Popen(
        [sys.executable, "-m", "softphone", *sign_in_args("anna")], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=REPO,
        start_new_session=True,
    )
    try:
        assert app.stdin is not None
        app.stdin.write((USER_PASSWORD + "\n").encode())
        app.stdin.close()
        app.stdin = None  # so communicate() below does not touch it
        wait_for_log(log_file, "local account", app, 40)
    finally:
        app.terminate()  # SIGTERM: the app's normal quit
        try:
            output = app.communicate(timeout=20)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            app.kill()
            output = app.communicate(timeout=10)[0].decode(errors="replace")
    log = log_file.read_text(errors="replace")
    assert "Signed in as anna (operator), password from standard input" in log
    assert log.count("Sign-in refused for") == 3  # no users yet, wrong password, unknown login
    for secret in (USER_PASSWORD, "не тот пароль"):
        assert secret not in log and secret not in output
