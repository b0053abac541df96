"""Start-up without an OS keyring: the stored SIP accounts wait for the encrypted file's master
password. A real keyrings.cryptfile file, a real Kamailio registrar with digest auth, the real
window signed in as an operator; the dialog is answered the way a person would."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.crm.sip_accounts import SipAccount, SipAccountService
from softphone.secrets import SecretStore, os_backend
from softphone.sip import RegState
from softphone.ui.admin.setup import AdminPages, DeskSecrets, install_admin_pages
from softphone.ui.master_password import MasterPasswordDialog, MasterPasswordPrompt
from tests.sip.sip_helpers import Kamailio, Processes, free_port
from tests.ui.phone_helpers import Phone, close_phone, open_phone
from tests.ui.session_helpers import ADMIN, desk_of, principal_of

pytestmark = [
    pytest.mark.timeout(90),
    pytest.mark.skipif(
        os_backend() is not None, reason="this machine has an OS keyring: no fallback at start"
    ),
]
SIP_PASSWORD = "Digest-пароль-55"
MASTER = "мастер-пароль склада"


@pytest.fixture
def phone(tmp_path: Path, qtbot) -> Iterator[Phone]:
    desk = open_phone(tmp_path, qtbot)  # an operator's desk: the accounts are the admin's
    yield desk
    close_phone(desk)


@pytest.fixture
def kamailio(processes: Processes, tmp_path: Path) -> Iterator[Kamailio]:
    with Kamailio(processes, tmp_path / "registrar", SIP_PASSWORD) as registrar:
        yield registrar


def _store_accounts(phone: Phone, server: str, keyring: Path) -> list[SipAccount]:
    """What the admin did earlier: two accounts in the CRM, their passwords in the file."""
    host, port = server.split(":")
    service = SipAccountService(phone.db, principal_of(phone.db, ADMIN))
    store = SecretStore.encrypted_file(MASTER, keyring)
    accounts = []
    for name, user in (("Офис", "101"), ("Склад", "102")):
        account = service.save(SipAccount(name=name, server=host, port=int(port), username=user))
        store.set(account.secret_key, SIP_PASSWORD)
        accounts.append(account)
    return accounts


def _open(qtbot, phone: Phone, keyring: Path) -> AdminPages:
    principal = principal_of(phone.db, "operator")
    pages = install_admin_pages(
        desk_of(phone.window, phone.db, principal), DeskSecrets(fallback=keyring)
    )
    prompt = pages.master_password
    qtbot.waitUntil(lambda: prompt.dialog is not None and prompt.dialog.isVisible(), timeout=10000)
    return pages


def _start(qtbot, phone: Phone, keyring: Path) -> tuple[MasterPasswordPrompt, MasterPasswordDialog]:
    prompt = _open(qtbot, phone, keyring).master_password
    return prompt, prompt.dialog


def _answer(qtbot, dialog: MasterPasswordDialog, master: str) -> None:
    qtbot.waitUntil(dialog.buttons.isEnabled, timeout=10000)
    dialog.password_edit.setText(master)
    dialog.submit()


def _registrations(phone: Phone) -> list[str]:
    return [a for a in phone.engine.accounts() if a.startswith("reg")]


def test_right_master_password_registers_the_stored_accounts(
    qtbot, phone: Phone, kamailio: Kamailio, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    keyring = tmp_path / "sip-passwords.cfg"
    _store_accounts(phone, kamailio.server, keyring)
    registered: set[str] = set()
    phone.bridge.registration_changed.connect(
        lambda e: registered.add(e.account_id) if e.state is RegState.REGISTERED else None
    )
    pages = _open(qtbot, phone, keyring)
    prompt, dialog = pages.master_password, pages.master_password.dialog
    assert "Офис, Склад" in dialog.findChild(type(dialog.message), "master_password_intro").text()
    assert _registrations(phone) == []  # nothing registers while the file is locked
    assert pages.recorder is None  # the recordings' key is in the locked file too

    _answer(qtbot, dialog, "не тот мастер-пароль")
    qtbot.waitUntil(lambda: "Tries left: 2" in dialog.message.text(), timeout=10000)
    assert dialog.isVisible() and dialog.password_edit.text() == ""
    _answer(qtbot, dialog, MASTER)
    qtbot.waitUntil(lambda: prompt.dialog is None, timeout=10000)  # closed and let go
    qtbot.waitUntil(lambda: len(registered) == 2, timeout=20000)
    assert sorted(registered) == sorted(_registrations(phone))
    qtbot.waitUntil(lambda: pages.recorder is not None, timeout=5000)  # recording can start now
    assert pages.recorder.indicator.parent() is not None  # shown in the status bar
    assert phone.window.banner.text == ""  # no complaint on the way
    for account in _registrations(phone):
        phone.engine.remove_account(account)
    assert MASTER not in caplog.text and SIP_PASSWORD not in caplog.text


def test_cancel_starts_without_the_accounts_and_says_so(
    qtbot, phone: Phone, tmp_path: Path
) -> None:
    keyring = tmp_path / "sip-passwords.cfg"
    _store_accounts(phone, f"127.0.0.1:{free_port()}", keyring)  # never contacted
    prompt, dialog = _start(qtbot, phone, keyring)
    dialog.reject()
    message = "The SIP accounts are not registered: the encrypted password file stays locked"
    qtbot.waitUntil(lambda: message in phone.window.statusBar().currentMessage(), timeout=5000)
    assert message in phone.window.banner.text
    assert prompt.dialog is None and _registrations(phone) == []


def test_wrong_master_password_is_asked_a_bounded_number_of_times(
    qtbot, phone: Phone, tmp_path: Path
) -> None:
    keyring = tmp_path / "sip-passwords.cfg"
    _store_accounts(phone, f"127.0.0.1:{free_port()}", keyring)
    prompt, dialog = _start(qtbot, phone, keyring)
    for tries_left in (2, 1):
        _answer(qtbot, dialog, "не тот")
        qtbot.waitUntil(lambda n=tries_left: f"Tries left: {n}." in dialog.message.text(),
                        timeout=10000)
    _answer(qtbot, dialog, "опять не тот")
    message = "The master password was wrong 3 times: the SIP accounts are not registered"
    qtbot.waitUntil(lambda: message in phone.window.statusBar().currentMessage(), timeout=10000)
    assert prompt.dialog is None and _registrations(phone) == []


def test_no_encrypted_file_no_question(qtbot, phone: Phone, tmp_path: Path) -> None:
    """Without the file there is nothing to unlock: the desk says there is no keyring."""
    _store_accounts(phone, f"127.0.0.1:{free_port()}", tmp_path / "elsewhere.cfg")
    principal = principal_of(phone.db, "operator")
    pages = install_admin_pages(
        desk_of(phone.window, phone.db, principal), DeskSecrets(fallback=tmp_path / "missing.cfg")
    )
    qtbot.waitUntil(lambda: "нет хранилища паролей" in phone.window.banner.text, timeout=10000)
    assert pages.master_password.dialog is None and _registrations(phone) == []
