"""Stored SIP accounts -> engine settings: the SRTP choice per account, STUN servers per process."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from softphone.crm.auth import Role, UserService
from softphone.crm.db import Database
from softphone.crm.sip_accounts import SipAccount, SipAccountError, SipAccountService, validate
from softphone.registration import registrar_settings, stored_stun_servers, stun_servers
from softphone.sip import EngineConfig, SrtpMode, TransportKind


def account(**changes: object) -> SipAccount:
    options: dict[str, object] = {"name": "Офис", "server": "pbx.example.ru", "username": "101"}
    options.update(changes)
    return SipAccount(**options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("srtp", "transport", "mode"),
    [("off", "udp", SrtpMode.OFF), ("optional", "udp", SrtpMode.OPTIONAL),
     ("mandatory", "tls", SrtpMode.MANDATORY)],
)
def test_the_accounts_srtp_choice_goes_to_the_engine(
    srtp: str, transport: str, mode: SrtpMode
) -> None:
    stored = validate(account(srtp=srtp, transport=transport, port=5061))
    settings = registrar_settings(stored)
    assert settings.srtp is mode
    assert settings.transport is TransportKind(transport)
    assert settings.server == "pbx.example.ru:5061"


def test_an_unknown_srtp_value_is_refused_not_silently_plain() -> None:
    with pytest.raises(ValueError, match="always"):
        registrar_settings(account(srtp="always"))


def test_stun_servers_of_enabled_accounts_each_once_in_order(
    caplog: pytest.LogCaptureFixture,
) -> None:
    accounts = [
        account(name="a", stun_server="stun.example.ru:3478"),
        account(name="b", stun_server=""),
        account(name="c", stun_server="stun.off.ru", enabled=False),
        account(name="d", stun_server="10.0.0.1"),
        account(name="e", stun_server="stun.example.ru:3478"),
        account(name="f", stun_server="bad host:x"),  # older row the engine would refuse
    ]
    with caplog.at_level(logging.WARNING, logger="softphone.registration"):
        assert stun_servers(accounts) == ("stun.example.ru:3478", "10.0.0.1")
    assert "'f'" in caplog.text and "bad host:x" in caplog.text
    EngineConfig(stun_servers=stun_servers(accounts))  # accepted as they are


@given(st.text(alphabet="abz09.-:[] ", max_size=24))
def test_every_stun_server_the_accounts_accept_the_engine_accepts(text: str) -> None:
    """A STUN entry the admin could save must never stop the phone from starting."""
    try:
        stored = validate(account(stun_server=text))
    except SipAccountError:
        return
    EngineConfig(stun_servers=stun_servers([stored]))
    if stored.stun_server:
        assert stun_servers([stored]) == (stored.stun_server,)


def test_stored_stun_servers_come_from_the_database(database: Database) -> None:
    UserService(database).create("admin", "пароль администратора", Role.ADMIN)
    admin = UserService(database).sign_in("admin", "пароль администратора")
    service = SipAccountService(database, admin)
    service.save(account(name="Офис", stun_server="stun.example.ru"))
    service.save(account(name="Склад", username="102", stun_server="stun.example.ru:3479"))
    assert stored_stun_servers(database) == ("stun.example.ru", "stun.example.ru:3479")
    assert stored_stun_servers(None) == ()
