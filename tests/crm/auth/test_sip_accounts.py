"""SIP account settings: validation in Russian (host, port, duplicates), admins only, audited,
and no password column anywhere in the schema."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import inspect

from softphone.crm.auth import AuditService, PermissionDenied, Principal, Role, UserService
from softphone.crm.db import Database
from softphone.crm.sip_accounts import (
    SipAccount,
    SipAccountError,
    SipAccountService,
    is_host,
    parse_dial_plan,
    validate,
)

PASSWORD = "пароль администратора"


def _admin(db: Database) -> Principal:
    UserService(db).create("admin", PASSWORD, Role.ADMIN)
    return UserService(db).sign_in("admin", PASSWORD)


def _account(**changes: object) -> SipAccount:
    options: dict[str, object] = {"name": "Офис", "server": "pbx.example.ru", "username": "101"}
    options.update(changes)
    return SipAccount(**options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"server": "pbx.example.ru:5060"}, "server", "порт укажите отдельно"),
        ({"server": "sip://pbx"}, "server", "не имя хоста"),
        ({"server": " "}, "server", "Укажите адрес SIP-сервера"),
        ({"port": 0}, "port", "от 1 до 65535, указан 0"),
        ({"port": 70000}, "port", "от 1 до 65535"),
        ({"username": "опер 1"}, "username", "латиница"),
        ({"transport": "sctp"}, "transport", "UDP, TCP или TLS"),
        ({"srtp": "mandatory"}, "srtp", "требует транспорт TLS"),
        ({"stun_server": "stun.example.ru:99999"}, "stun_server", "хост[:порт]"),
        ({"registration_interval_s": 5}, "registration_interval_s", "от 30 до 86400"),
        ({"dial_plan": "e164 drop=9"}, "dial_plan", "непонятная часть"),
        ({"name": ""}, "name", "название"),
    ],
)
def test_validation_names_the_field_in_russian(
    changes: dict[str, object], field: str, text: str
) -> None:
    with pytest.raises(SipAccountError) as refused:
        validate(_account(**changes))
    assert text in refused.value.problems[field]


def test_valid_accounts_are_cleaned() -> None:
    clean = validate(
        _account(server=" PBX.Example.RU ", transport="TLS", srtp="mandatory", port=5061)
    )
    assert (clean.server, clean.transport, clean.srtp) == ("pbx.example.ru", "tls", "mandatory")
    assert validate(_account(server="10.0.0.5", stun_server="stun.l.example:3478"))
    assert validate(_account(server="::1")).server == "::1"
    assert parse_dial_plan("national8 strip=9 add=0") == ("national8", "9", "0")
    assert parse_dial_plan("") is None


@given(st.text(max_size=40))
def test_is_host_never_accepts_separators(text: str) -> None:
    if is_host(text):
        assert not any(ch in text for ch in " /@;?#:") or ":" in text.strip("[]")


def test_admin_saves_and_duplicates_are_refused(database: Database) -> None:
    admin = _admin(database)
    accounts = SipAccountService(database, admin)
    saved = accounts.save(_account())
    assert saved.id is not None and accounts.list() == [saved]
    with pytest.raises(SipAccountError, match="«Офис» уже есть"):
        accounts.save(_account(username="102"))
    with pytest.raises(SipAccountError) as clash:
        accounts.save(_account(name="Второй"))
    assert "уже настроен в учётной записи «Офис»" in clash.value.problems["username"]
    accounts.save(_account(name="Второй", port=5080))  # another port is another registrar
    renamed = accounts.save(replace(saved, name="Главный"))
    assert renamed.id == saved.id and renamed.name == "Главный"
    assert accounts.delete(saved.id) == renamed
    actions = [e.action for e in AuditService(database).entries(admin)]
    assert actions[:4] == [
        "sip_account.delete",
        "sip_account.update",
        "sip_account.create",
        "sip_account.create",
    ]


def test_operators_read_but_cannot_change_accounts(database: Database) -> None:
    admin = _admin(database)
    UserService(database, admin).create("anna", PASSWORD, Role.OPERATOR)
    anna = UserService(database).sign_in("anna", PASSWORD)
    saved = SipAccountService(database, admin).save(_account())
    operator = SipAccountService(database, anna)
    assert operator.list() == [saved]  # every desk registers the accounts
    with pytest.raises(PermissionDenied, match="настраивать SIP-учётные записи"):
        operator.save(_account(name="Моё"))
    with pytest.raises(PermissionDenied, match="Недостаточно прав"):
        operator.delete(saved.id or 0)
    assert SipAccountService(database).list() == [saved]


def test_no_password_column_anywhere(database: Database) -> None:
    inspector = inspect(database.engine)
    for table in inspector.get_table_names():
        for column in inspector.get_columns(table):
            name = column["name"].lower()
            assert "password" not in name or name == "password_hash", (table, name)
            assert "secret" not in name or table == "web_sites", (table, name)
