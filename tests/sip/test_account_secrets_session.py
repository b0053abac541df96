"""A whole admin-to-hang-up session with stored accounts: the SIP password is found nowhere.

Configure two accounts as an admin, keep their password in a real encrypted-file keyring,
register against Kamailio with digest auth, call, answer, hang up; then scan every file the
session wrote (database, settings, logs, keyring file) for the password in several encodings.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sip_helpers import EventLog, Kamailio, Processes

from softphone.crm.auth import Role, UserService
from softphone.crm.db import Database
from softphone.crm.sip_accounts import SipAccount, SipAccountService
from softphone.logsetup import configure_logging
from softphone.registration import MissingPassword, register
from softphone.secrets import SecretStore
from softphone.settings import Settings
from softphone.sip import CallEnded, IncomingCall, RegistrationChanged, RegState, SipEngine

pytestmark = pytest.mark.timeout(90)
SIP_PASSWORD = "Kx9-тайна-SIP-7731"


@pytest.fixture
def kamailio(processes: Processes, tmp_path: Path) -> Iterator[Kamailio]:
    # Its config file holds the password by design (it is the registrar): keep it apart.
    with Kamailio(processes, tmp_path / "registrar", SIP_PASSWORD) as registrar:
        yield registrar


def _forms(secret: str) -> list[bytes]:
    return [secret.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be")] + [
        secret.encode("ascii", "ignore")  # the Latin part alone, e.g. in a hex or SIP dump
    ]


def test_configured_accounts_register_call_and_leak_nothing(
    engine: SipEngine, events: EventLog, kamailio: Kamailio, tmp_path: Path
) -> None:
    session_dir = tmp_path / "desk"
    db = Database.open(f"sqlite:///{session_dir / 'crm.sqlite3'}")
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    log_file = configure_logging(logging.DEBUG, session_dir / "logs")
    try:
        UserService(db).create("admin", "пароль администратора", Role.ADMIN)
        admin = UserService(db).sign_in("admin", "пароль администратора")
        accounts = SipAccountService(db, admin)
        host, port = kamailio.server.split(":")
        made = [
            accounts.save(
                SipAccount(
                    name=f"Линия {user}",
                    server=host,
                    port=int(port),
                    username=user,
                    registration_interval_s=60,
                )
            )
            for user in ("101", "102")
        ]
        store = SecretStore.encrypted_file("мастер", session_dir / "keyring" / "sip.cfg")
        with pytest.raises(MissingPassword, match="не сохранён пароль"):
            register(engine, made[0], store)
        for account in made:
            store.set(account.secret_key, SIP_PASSWORD)
        Settings().save(session_dir / "settings.json")

        caller, callee = (register(engine, a, store, display_name="Анна") for a in made)
        for account_id in (caller, callee):
            events.wait(
                RegistrationChanged,
                lambda e, a=account_id: e.account_id == a and e.state is RegState.REGISTERED,
                10,
            )
        call_id = engine.dial("102", caller)
        incoming = events.wait(IncomingCall, timeout_s=5)
        engine.answer(incoming.call.call_id)
        assert engine.wait_for(lambda: engine.call(call_id).media_active, 5)
        engine.hangup(call_id)
        events.wait(CallEnded, lambda e: e.call.call_id == incoming.call.call_id, 5)
        for account_id in (caller, callee):
            engine.remove_account(account_id)
    finally:
        db.dispose()
        for handler in root.handlers[:]:
            if handler not in saved[0]:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(saved[1])

    assert "REGISTER sip:" in log_file.read_text(encoding="utf-8")  # the log did record SIP
    scanned = [p for p in session_dir.rglob("*") if p.is_file()]
    names = {p.name for p in scanned}
    assert {"crm.sqlite3", "settings.json", "softphone.log", "sip.cfg"} <= names, names
    for path in scanned:
        data = path.read_bytes()
        for form in _forms(SIP_PASSWORD):
            assert form not in data, f"password found in {path}"
