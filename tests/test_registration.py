"""Stored SIP accounts -> engine settings: the SRTP choice per account, STUN servers per process."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

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


@pytest.fixture(scope="module")
def ca_pem(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("ca")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
         str(folder / "ca.key"), "-out", str(folder / "ca.pem"), "-days", "2",
         "-subj", "/CN=Test CA"],
        check=True, capture_output=True, timeout=60,
    )
    return (folder / "ca.pem").read_text()


def test_the_accounts_ca_goes_to_the_engine_as_a_file(
    database: Database, ca_pem: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stored as PEM in the database (every desk the same), written to a file for PJSIP."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    UserService(database).create("admin", "пароль администратора", Role.ADMIN)
    admin = UserService(database).sign_in("admin", "пароль администратора")
    saved = SipAccountService(database, admin).save(
        account(transport="tls", port=5061, tls_ca_pem=ca_pem)
    )
    stored = SipAccountService(database).list()[0]
    assert stored.tls_ca_pem == saved.tls_ca_pem == ca_pem.strip() + "\n"
    settings = registrar_settings(stored)
    assert Path(settings.tls_ca_file).read_text() == stored.tls_ca_pem
    assert Path(settings.tls_ca_file).is_relative_to(tmp_path)
    assert registrar_settings(validate(account(transport="tls"))).tls_ca_file == ""  # system


@pytest.mark.parametrize(
    ("pem", "transport", "words"),
    [("not a certificate", "tls", "PEM"),
     ("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "tls", "не читается"),
     ("CA", "udp", "PEM")],
)
def test_a_bad_ca_is_refused_in_russian(pem: str, transport: str, words: str) -> None:
    with pytest.raises(SipAccountError, match=words) as refused:
        validate(account(transport=transport, tls_ca_pem=pem))
    assert set(refused.value.problems) == {"tls_ca_pem"}


def test_a_ca_only_goes_with_tls(ca_pem: str) -> None:
    with pytest.raises(SipAccountError, match="только при транспорте TLS"):
        validate(account(transport="udp", tls_ca_pem=ca_pem))


def test_the_backup_registrar_goes_to_the_engine_with_the_accounts_port() -> None:
    stored = validate(account(port=5070, backup_server=" PBX2.example.ru "))
    assert stored.backup_server == "pbx2.example.ru"
    settings = registrar_settings(stored)
    assert (settings.server, settings.backup_server) == ("pbx.example.ru:5070",
                                                         "pbx2.example.ru:5070")
    assert registrar_settings(validate(account(backup_server="10.0.0.6:5080"))).backup_server == (
        "10.0.0.6:5080"
    )
    assert registrar_settings(validate(account())).backup_server == ""


@pytest.mark.parametrize(
    ("backup", "words"),
    [("bad host", "нужен хост"), ("pbx2.example.ru:0", "нужен хост"),
     ("pbx.example.ru", "совпадает"), ("pbx.example.ru:5060", "совпадает")],
)
def test_a_bad_backup_registrar_is_refused_in_russian(backup: str, words: str) -> None:
    with pytest.raises(SipAccountError, match=words) as refused:
        validate(account(backup_server=backup))
    assert set(refused.value.problems) == {"backup_server"}
