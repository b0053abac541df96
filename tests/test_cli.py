"""The command-line tools work on the window's database, not on a file of their own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from softphone.crm.auth.users import UserService
from softphone.crm.db import Database

pytestmark = pytest.mark.timeout(60)


def _softphone(tmp_path: Path, *args: str, stdin: str = "", **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k != "SOFTPHONE_DATABASE_URL"}
    clean.update(XDG_DATA_HOME=str(tmp_path / "data"), SOFTPHONE_CONFIG_DIR=str(tmp_path / "cfg"))
    clean.update(env)
    done = subprocess.run(
        [sys.executable, "-m", "softphone", *args], input=stdin, capture_output=True,
        text=True, env=clean, timeout=50, check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _logins(url: str) -> list[str]:
    db = Database.open(url)
    try:
        return [u.login for u in UserService(db).list()]
    finally:
        db.dispose()


def test_users_add_writes_to_the_database_chosen_in_the_settings(tmp_path: Path) -> None:
    team = f"sqlite:///{tmp_path / 'team.sqlite3'}"
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "settings.json").write_text(json.dumps({"database_url": team}))
    out = _softphone(tmp_path, "users", "add", "anna", "--role", "admin", "--password-stdin",
                     stdin="Пароль-для-Анны-1\n")
    assert "anna" in out
    assert _logins(team) == ["anna"]
    assert not (tmp_path / "data" / "softphone" / "crm.sqlite3").exists()  # no stray local file


def test_the_environment_still_wins_over_the_settings(tmp_path: Path) -> None:
    team, override = (f"sqlite:///{tmp_path / name}" for name in ("team.sqlite3", "env.sqlite3"))
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "settings.json").write_text(json.dumps({"database_url": team}))
    _softphone(tmp_path, "users", "add", "boris", "--role", "admin", "--password-stdin",
               stdin="Пароль-для-Бориса-1\n", SOFTPHONE_DATABASE_URL=override)
    assert _logins(override) == ["boris"]
    assert not (tmp_path / "team.sqlite3").exists()
