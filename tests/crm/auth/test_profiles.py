"""The admin's users page service: list profiles, edit name/role/transfer number/enabled in one
audited step, reset a password; operators are refused and may change only their own name."""

from __future__ import annotations

import pytest

from softphone.crm.agent.status import AgentError
from softphone.crm.auth import (
    AuditService,
    PermissionDenied,
    Principal,
    Role,
    SignInFailed,
    UserError,
    UserService,
)
from softphone.crm.auth.profiles import MAX_NAME, ProfileService, UserProfile
from softphone.crm.db import Database

PASSWORD = "пароль для теста"


def _people(db: Database) -> tuple[Principal, Principal]:
    UserService(db).create("admin", PASSWORD, Role.ADMIN, display_name="Администратор")
    admin = UserService(db).sign_in("admin", PASSWORD)
    UserService(db, admin).create("anna", PASSWORD, Role.OPERATOR, display_name="Аня")
    return admin, UserService(db).sign_in("anna", PASSWORD)


def _edit(service: ProfileService, login: str = "anna", **changes: object) -> UserProfile:
    current = {p.login: p for p in service.list()}[login]
    values: dict[str, object] = {
        "display_name": current.display_name, "role": current.role,
        "active": current.active, "transfer_target": current.transfer_target,
    }
    values.update(changes)
    return service.update(login, **values)  # type: ignore[arg-type]


def test_admin_edits_a_profile_and_every_change_is_audited(database: Database) -> None:
    admin, _anna = _people(database)
    service = ProfileService(database, admin)
    assert [(p.login, p.display_name, p.role) for p in service.list()] == [
        ("admin", "Администратор", Role.ADMIN), ("anna", "Аня", Role.OPERATOR)]

    saved = service.update("anna", display_name="  Анна   Петровна ", role=Role.SUPERVISOR,
                           active=True, transfer_target="104")
    assert saved == UserProfile("anna", "Анна Петровна", Role.SUPERVISOR, True, "104")
    assert {p.login: p for p in service.list()}["anna"] == saved
    # the script's «Меня зовут …» comes from the principal at sign-in
    assert UserService(database).sign_in("anna", PASSWORD).display_name == "Анна Петровна"
    actions = [e.action for e in AuditService(database).entries(admin)]
    assert actions[:3] == ["operator.transfer_target", "user.role", "user.display_name"]

    _edit(service, active=False)
    with pytest.raises(SignInFailed):
        UserService(database).sign_in("anna", PASSWORD)
    _edit(service, active=True)
    service.reset_password("anna", "новый пароль 42")
    assert UserService(database).sign_in("anna", "новый пароль 42").login == "anna"
    entries = AuditService(database).entries(admin)
    assert [e.action for e in entries[:3]] == ["user.password", "user.active", "user.active"]
    assert "новый пароль" not in " ".join(e.details for e in entries)


def test_bad_input_is_refused_in_russian_and_nothing_changes(database: Database) -> None:
    admin, _anna = _people(database)
    service = ProfileService(database, admin)
    before = service.list()
    with pytest.raises(UserError, match="Укажите имя"):
        _edit(service, display_name="   ", role=Role.ADMIN)
    with pytest.raises(UserError, match="слишком длинное"):
        _edit(service, display_name="А" * (MAX_NAME + 1))
    with pytest.raises(AgentError, match="не номер и не SIP-адрес"):
        _edit(service, transfer_target="позвоните Ане", role=Role.ADMIN)
    with pytest.raises(UserError, match="собственную"):
        _edit(service, "admin", active=False)
    with pytest.raises(UserError, match="последнего администратора"):
        _edit(service, "admin", role=Role.OPERATOR)
    with pytest.raises(UserError, match="не найден"):
        service.update("nobody", display_name="Х", role=Role.OPERATOR, active=True,
                       transfer_target="")
    with pytest.raises(ValueError, match="не короче"):
        service.reset_password("anna", "123")
    assert service.list() == before


def test_operator_may_change_only_their_own_name(database: Database) -> None:
    _admin, anna = _people(database)
    service = ProfileService(database, anna)
    with pytest.raises(PermissionDenied, match="управлять пользователями"):
        service.list()
    with pytest.raises(PermissionDenied):
        service.update("admin", display_name="Взлом", role=Role.OPERATOR, active=True,
                       transfer_target="")
    with pytest.raises(PermissionDenied):
        service.reset_password("admin", "чужой пароль 1")
    assert service.set_own_display_name(" Анна ") == "Анна"
    assert UserService(database).sign_in("anna", PASSWORD).display_name == "Анна"
    with pytest.raises(UserError, match="Укажите имя"):
        service.set_own_display_name("")
