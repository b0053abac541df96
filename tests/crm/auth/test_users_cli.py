"""`softphone users add|list|role|password`: passwords only from a prompt or stdin, never echoed."""

from __future__ import annotations

import io
import sys

import pytest

from softphone.__main__ import main
from softphone.crm.auth import Role, UserService
from softphone.crm.db import Database


def test_users_command_line(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOFTPHONE_DATABASE_URL", database_url)
    secret = "очень тайный пароль"
    monkeypatch.setattr(sys, "stdin", io.StringIO(secret + "\n"))
    assert main(["users", "add", "--role", "admin", "--password-stdin", "root"]) == 0
    # Interactive: getpass (no echo) asked twice; a mismatch creates nothing.
    answers = iter(["пароль номер один", "пароль номер два"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["users", "add", "anna"]) == 1
    assert "Пароли не совпадают" in capsys.readouterr().err
    answers = iter(["пароль Анны 123", "пароль Анны 123"])
    assert main(["users", "add", "--name", "Анна", "anna"]) == 0
    assert main(["users", "role", "anna", "supervisor"]) == 0
    assert main(["users", "list"]) == 0
    out = capsys.readouterr().out
    assert "anna\tсупервизор\tАнна" in out and "root\tадминистратор" in out
    assert secret not in out and "пароль Анны" not in out
    assert main(["users", "role", "root", "operator"]) == 1
    assert "последнего администратора" in capsys.readouterr().err
    db = Database.open(database_url)
    try:
        assert UserService(db).sign_in("root", secret).role is Role.ADMIN
        assert UserService(db).sign_in("anna", "пароль Анны 123").role is Role.SUPERVISOR
    finally:
        db.dispose()
