"""Admin tabs: the SIP account page saves to the database and the keyring (a real encrypted
file), tests registration against a real Kamailio with digest auth, and refuses bad input;
the audit tab shows the admin's changes. Operators get none of these tabs (the users tab has
its own tests in test_users_page.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.crm.auth import Principal, Role, UserService, start_session
from softphone.crm.db import Database
from softphone.crm.sip_accounts import SipAccountService
from softphone.secrets import SecretStore
from softphone.settings import Settings
from softphone.ui.admin.accounts_page import AccountsPage
from softphone.ui.admin.setup import AdminPages, DeskSecrets
from softphone.ui.bridge import EngineBridge
from softphone.ui.settings.dialog import SettingsDialog
from softphone.ui.tasks import TaskRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "sip"))
from sip_helpers import Kamailio, Processes, make_test_pki

pytestmark = pytest.mark.timeout(90)
SIP_PASSWORD = "Digest-пароль-55"
PASSWORD = "пароль админа 1"


@pytest.fixture
def kamailio(processes: Processes, tmp_path: Path) -> Iterator[Kamailio]:
    with Kamailio(processes, tmp_path / "registrar", SIP_PASSWORD) as registrar:
        yield registrar


@pytest.fixture
def desk(tmp_path: Path, engine) -> Iterator[tuple[Database, TaskRunner, EngineBridge]]:
    db = Database.open(f"sqlite:///{tmp_path / 'crm.sqlite3'}")
    runner = TaskRunner()
    bridge = EngineBridge(engine)
    bridge.start()
    yield db, runner, bridge
    bridge.stop()
    runner.shutdown()
    db.dispose()


def _people(db: Database) -> tuple[Principal, Principal]:
    UserService(db).create("admin", PASSWORD, Role.ADMIN)
    admin = UserService(db).sign_in("admin", PASSWORD)
    UserService(db, admin).create("anna", PASSWORD, Role.OPERATOR)
    return admin, UserService(db).sign_in("anna", PASSWORD)


def _dialog(qtbot, pages: AdminPages, tmp_path: Path) -> SettingsDialog:
    settings = Settings()
    settings.path = tmp_path / "settings.json"
    dialog = SettingsDialog(settings, None)
    qtbot.addWidget(dialog)
    pages.add_pages(dialog)
    return dialog


def test_admin_configures_an_account_and_tests_registration(
    qtbot, desk, engine, kamailio: Kamailio, tmp_path: Path
) -> None:
    db, runner, bridge = desk
    admin, _ = _people(db)
    start_session(db, admin)
    store = SecretStore.encrypted_file("мастер", tmp_path / "keyring.cfg")
    pages = AdminPages(db, admin, runner, bridge, DeskSecrets(store))
    dialog = _dialog(qtbot, pages, tmp_path)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert titles[-4:] == ["SIP accounts", "Recordings", "Users", "Audit log"]
    page = next(p for p in dialog.pages if isinstance(p, AccountsPage))
    host, port = kamailio.server.split(":")

    page.server.setText("pbx.example.ru:5060")
    page.name.setText("Офис")
    page.user.setText("101")
    page.save_account()
    qtbot.waitUntil(lambda: "порт укажите отдельно" in page.status.text(), timeout=5000)

    page.server.setText(host)
    page.port.setValue(int(port))
    page.password.setText("wrong")
    page.test_registration()
    qtbot.waitUntil(lambda: "Registration failed: 40" in page.status.text(), timeout=15000)
    assert engine.accounts() == [a for a in engine.accounts() if not a.startswith("reg")]

    page.password.setText(SIP_PASSWORD)
    page.backup.setText("pbx-backup.example.ru:5070")
    page.save_account()
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=5000)
    assert page.password.text() == ""
    saved = SipAccountService(db).list()[0]
    assert store.get(saved.secret_key) == SIP_PASSWORD
    assert saved.backup_server == "pbx-backup.example.ru:5070"
    page.test_registration()  # the password now comes from the keyring
    qtbot.waitUntil(lambda: page.status.text() == "Registered: 200 OK", timeout=15000)
    assert not any(a.startswith("reg") for a in engine.accounts())  # the test cleaned up

    audit = dialog.pages[-1]
    audit.reload()
    qtbot.waitUntil(lambda: audit.table.rowCount() >= 3, timeout=5000)
    actions = {audit.table.item(r, 2).text() for r in range(audit.table.rowCount())}
    assert "sip_account.create" in actions
    dialog.reject()


def test_operators_get_no_admin_tabs(qtbot, desk, engine, tmp_path: Path) -> None:
    db, runner, bridge = desk
    _, anna = _people(db)
    pages = AdminPages(db, anna, runner, bridge, DeskSecrets())
    dialog = _dialog(qtbot, pages, tmp_path)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert "SIP accounts" not in titles and "Audit log" not in titles
    assert "Recordings" not in titles and "Users" not in titles
    dialog.reject()


def test_stored_accounts_register_at_start_and_problems_are_told(
    qtbot, desk, engine, kamailio: Kamailio, tmp_path: Path
) -> None:
    from softphone.crm.sip_accounts import SipAccount
    from softphone.sip import RegState
    from softphone.ui.account_startup import register_stored_accounts

    db, runner, bridge = desk
    admin, _ = _people(db)
    host, port = kamailio.server.split(":")
    service = SipAccountService(db, admin)
    line = service.save(SipAccount(name="Линия", server=host, port=int(port), username="101"))
    service.save(SipAccount(name="Без пароля", server=host, port=int(port), username="102"))
    store = SecretStore.encrypted_file("мастер", tmp_path / "keyring.cfg")
    store.set(line.secret_key, SIP_PASSWORD)

    errors: list[str] = []
    added: list[list[str]] = []
    registered: list[str] = []
    bridge.registration_changed.connect(
        lambda e: registered.append(e.account_id) if e.state is RegState.REGISTERED else None
    )
    register_stored_accounts(db, bridge, runner, lambda: store, errors.append, added.append)
    qtbot.waitUntil(lambda: bool(added) and added[0][0] in registered, timeout=15000)
    assert len(added[0]) == 1
    assert errors == [
        "Для учётной записи «Без пароля» не сохранён пароль: "
        "откройте её в настройках и введите пароль"
    ]
    engine.remove_account(added[0][0])

    errors.clear()
    register_stored_accounts(db, bridge, runner, lambda: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert "нет хранилища паролей" in errors[0]


def test_tls_certificate_refusals_are_told_on_the_accounts_page(
    qtbot, desk, engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kamailio over TLS with certificates from a CA made here: without that CA the test
    registration says the CA is unknown; with it (saved with the account) it registers; a
    certificate for another name is refused, in Russian, on the page."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    pki = tmp_path / "pki"
    pki.mkdir()
    make_test_pki(pki)
    db, runner, bridge = desk
    admin, _ = _people(db)
    start_session(db, admin)
    store = SecretStore.encrypted_file("мастер", tmp_path / "keyring.cfg")
    pages = AdminPages(db, admin, runner, bridge, DeskSecrets(store))
    dialog = _dialog(qtbot, pages, tmp_path)
    page = next(p for p in dialog.pages if isinstance(p, AccountsPage))
    processes = Processes(tmp_path)
    registrars = {}
    try:
        for cert in ("good", "wrongname"):
            (tmp_path / cert).mkdir()
            registrars[cert] = Kamailio(processes, tmp_path / cert, SIP_PASSWORD,
                                        tls=(pki / f"{cert}.pem", pki / f"{cert}.key"))
            registrars[cert].start()
        page.name.setText("Офис TLS")
        page.server.setText("localhost")
        page.port.setValue(registrars["good"].tls_port)
        page.user.setText("101")
        page.password.setText(SIP_PASSWORD)
        page.transport.setCurrentIndex(page.transport.findData("tls"))
        assert "system" in page.ca_label.text()
        page.test_registration()
        qtbot.waitUntil(lambda: "Registration failed" in page.status.text(), timeout=15000)
        assert "подписан центром сертификации, которого нет в системном списке" in (
            page.status.text()
        )

        page.set_ca_pem((pki / "ca.pem").read_text())
        page.save_account()
        qtbot.waitUntil(lambda: page.list.count() == 1, timeout=5000)
        assert SipAccountService(db).list()[0].tls_ca_pem.startswith("-----BEGIN CERTIFICATE")
        page.password.setText(SIP_PASSWORD)
        page.test_registration()
        qtbot.waitUntil(lambda: page.status.text() == "Registered: 200 OK", timeout=15000)

        page.port.setValue(registrars["wrongname"].tls_port)
        page.test_registration()
        qtbot.waitUntil(lambda: "Registration failed" in page.status.text(), timeout=15000)
        assert "выдан на «sip.example.test», а не на «localhost»" in page.status.text()
        dialog.reject()
    finally:
        for registrar in registrars.values():
            registrar.stop()
        processes.stop_all()
