"""Signed-in desks for UI tests: a real user in the test database and a real session.

The app always signs in and enforces roles, so in-process tests do what the sign-in dialog
does: create the user (argon2id hash, as always) and start_session with their principal.
Subprocess tests create the user the same way and start the app with
`--user LOGIN --password-stdin`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select

from softphone.crm.auth import Principal, Role, UserService, start_session
from softphone.crm.auth.models import User
from softphone.crm.db import Database
from softphone.crm.models import Operator
from softphone.ui.desk import Desk
from tests.sip.sip_helpers import Processes, free_port

REPO = Path(__file__).resolve().parents[2]

ADMIN = "admin"
PASSWORD = "пароль теста 1"


def create_user(db: Database, login: str, role: Role = Role.OPERATOR, name: str = "") -> Principal:
    """The user's principal (made unless it exists); the first user is the admin ADMIN."""
    users = UserService(db)
    if not users.has_users():
        users.create(ADMIN, PASSWORD, Role.ADMIN, display_name="Администратор")
    if login != ADMIN and not _exists(db, login):
        UserService(db, principal_of(db, ADMIN)).create(login, PASSWORD, role, display_name=name)
    return principal_of(db, login)


def _exists(db: Database, login: str) -> bool:
    query = select(User.id).join(Operator).where(Operator.login == login)
    with db.session() as session:
        return session.scalar(query) is not None


def principal_of(db: Database, login: str) -> Principal:
    """What a successful sign-in returns, read back without a second argon2 check."""
    query = select(User, Operator).join(Operator).where(Operator.login == login)
    with db.session() as session:
        user, operator = session.execute(query).one()
        return Principal(user.id, operator.id, operator.login, operator.display_name,
                         Role(user.role))


def sign_in_desk(db: Database, role: Role = Role.OPERATOR, login: str = "") -> Principal:
    """A desk signed in as a new user of `role` (login defaults to the role's name)."""
    login = login or (ADMIN if role is Role.ADMIN else role.value)
    principal = create_user(db, login, role)
    start_session(db, principal)
    return principal


def add_user_with_cli(db_url: str, login: str, role: Role = Role.OPERATOR, name: str = "") -> None:
    """`softphone users add LOGIN --role R [--name N] --password-stdin`, as the database's
    owner would; an empty database gets its administrator ADMIN first (the CLI insists)."""
    db = Database.open(db_url)
    try:
        first = not UserService(db).has_users()
    finally:
        db.dispose()
    if first and login != ADMIN:
        add_user_with_cli(db_url, ADMIN, Role.ADMIN)
    done = subprocess.run(
        [sys.executable, "-m", "softphone", "users", "add", login, "--role", role.value,
         *(["--name", name] if name else []), "--password-stdin"],
        input=PASSWORD + "\n",
        env=dict(os.environ, SOFTPHONE_DATABASE_URL=db_url),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert PASSWORD not in done.stdout + done.stderr


def sign_in_args(login: str) -> list[str]:
    return ["--user", login, "--password-stdin"]


def start_signed_in(
    processes: Processes, name: str, command: list[str], login: str, password: str = PASSWORD,
    **kwargs: Any,
) -> subprocess.Popen[bytes]:
    """Start the real app (or a child that runs it) signed in non-interactively as `login`."""
    proc = processes.start(
        name, [*command, *sign_in_args(login)], stdin=subprocess.PIPE, **kwargs
    )
    assert proc.stdin is not None
    proc.stdin.write((password + "\n").encode())
    proc.stdin.close()
    return proc


def app_env(config: Path, **extra: str) -> dict[str, str]:
    settings = {
        "database_url": f"sqlite:///{config / 'crm.db'}",
        "offer_demo": False,
        "sip": {"local_port": free_port(), "bind_address": "127.0.0.1"},
    }
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    env = dict(os.environ, SOFTPHONE_CONFIG_DIR=str(config), QT_QPA_PLATFORM="offscreen")
    env.update(extra)
    return env


def wait_for_log(path: Path, text: str, proc: subprocess.Popen[bytes], timeout_s: float) -> str:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        content = path.read_text(errors="replace") if path.exists() else ""
        if text in content:
            return content
        assert proc.poll() is None, f"the app exited early ({proc.returncode}): {content[-2000:]}"
        time.sleep(0.1)
    raise AssertionError(f"{text!r} not in {path} within {timeout_s}s")


def app_sip_port(log_file: Path, proc: subprocess.Popen[bytes], timeout_s: float = 60) -> int:
    """The SIP port the started app listens on, from its log ("local account 0 is
    sip:operator@127.0.0.1:PORT"): app_env's port was free when chosen, but another process
    may take it in the seconds before the app binds it, and the app then picks a free one."""
    text = wait_for_log(log_file, "local account", proc, timeout_s)
    line = text.split("local account", 1)[1].split("\n", 1)[0]
    return int(line.rsplit(":", 1)[1].strip(">"))


def desk_of(window: Any, db: Database, principal: Principal | None = None) -> Desk:
    """What the app installs a CRM feature with, made from a test's window and database."""
    return Desk(db, window.runner, window.bridge, window.settings, window.hooks(), principal)
