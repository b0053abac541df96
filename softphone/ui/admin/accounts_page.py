"""Settings tab for admins: SIP accounts, their keyring passwords and a registration test.

Accounts are saved to the database with their own button (they are shared by every desk, not
part of this desk's settings file); the password goes to the keyring only and is never shown
again. The registration test registers the form's account on the running engine, shows the
SIP status and reason, and removes it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.sip_accounts import (
    SipAccount,
    SipAccountError,
    SipAccountService,
    ca_problem,
    validate,
)
from softphone.registration import registrar_settings
from softphone.secrets import NoKeyringBackend, SecretStore, SecretStoreError
from softphone.sip import RegistrationChanged, RegState
from softphone.ui.bridge import EngineBridge
from softphone.ui.settings.pages import SettingsPage
from softphone.ui.tasks import TaskRunner

log = logging.getLogger(__name__)
TEST_TIMEOUT_MS = 15000


class AccountsPage(SettingsPage):
    def __init__(
        self,
        service: SipAccountService,
        runner: TaskRunner,
        bridge: EngineBridge,
        secrets: Callable[[], SecretStore | None],
        unlock: Callable[[str], SecretStore],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service, self._runner, self._bridge = service, runner, bridge
        self._secrets, self._unlock = secrets, unlock
        self._accounts: list[SipAccount] = []
        self._testing = ""  # engine account id of a running registration test
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._test_timed_out)
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._show_account)
        self.name, self.server, self.user, self.auth_user = (QLineEdit() for _ in range(4))
        self.stun, self.dial_plan, self.password = QLineEdit(), QLineEdit(), QLineEdit()
        self.backup = QLineEdit()
        self.backup.setPlaceholderText(self.tr("host[:port], used while the server is down"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("kept in the keyring; type to change"))
        self.dial_plan.setPlaceholderText(self.tr("e164, national8 or digits; then strip=9 add=0"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.interval = QSpinBox()
        self.interval.setRange(30, 86400)
        self.transport = QComboBox()
        for code in ("udp", "tcp", "tls"):
            self.transport.addItem(code.upper(), code)
        self.srtp = QComboBox()
        self.srtp.addItem(self.tr("Off"), "off")
        self.srtp.addItem(self.tr("When possible"), "optional")
        self.srtp.addItem(self.tr("Required"), "mandatory")
        self._ca_pem = ""  # TLS: the CA certificates the server's must chain to; "" = system
        self.ca_label = QLabel()
        self.ca_label.setWordWrap(True)
        self.ca_button = QPushButton(self.tr("CA file…"))
        self.ca_button.clicked.connect(self._choose_ca)
        self.ca_system_button = QPushButton(self.tr("System CA list"))
        self.ca_system_button.clicked.connect(lambda: self.set_ca_pem(""))
        self.status = QLabel()
        self.status.setObjectName("account_status")
        self.status.setWordWrap(True)
        self.keyring_note = QLabel()
        self.keyring_note.setWordWrap(True)
        self.unlock_button = QPushButton(self.tr("Use an encrypted file…"))
        self.unlock_button.clicked.connect(self._ask_master_password)
        self.new_button = QPushButton(self.tr("New"))
        self.save_button = QPushButton(self.tr("Save account"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.test_button = QPushButton(self.tr("Test registration"))
        self.new_button.clicked.connect(self._new)
        self.save_button.clicked.connect(self.save_account)
        self.delete_button.clicked.connect(self.delete_account)
        self.test_button.clicked.connect(self.test_registration)
        self._bridge.registration_changed.connect(self._registration_changed)

        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Server:"), self.server)
        form.addRow(self.tr("Port:"), self.port)
        form.addRow(self.tr("Backup server:"), self.backup)
        form.addRow(self.tr("User:"), self.user)
        form.addRow(self.tr("Authentication user:"), self.auth_user)
        form.addRow(self.tr("Password:"), self.password)
        form.addRow(self.tr("Transport:"), self.transport)
        form.addRow(self.tr("SRTP:"), self.srtp)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_label, 1)
        ca_row.addWidget(self.ca_button)
        ca_row.addWidget(self.ca_system_button)
        form.addRow(self.tr("TLS server certificate:"), ca_row)
        form.addRow(self.tr("STUN server:"), self.stun)
        form.addRow(self.tr("Registration interval, s:"), self.interval)
        form.addRow(self.tr("Dial plan:"), self.dial_plan)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button, self.test_button):
            buttons.addWidget(button)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addLayout(buttons)
        right.addWidget(self.status)
        right.addWidget(self.keyring_note)
        right.addWidget(self.unlock_button)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(right, 2)
        self._new()
        self._show_keyring_state()
        self.reload()

    def title(self) -> str:
        return self.tr("SIP accounts")

    def shutdown(self) -> None:
        self._finish_test()

    # -- list and form ----------------------------------------------------------------------

    def reload(self) -> None:
        self._runner.run(self._service.list, self._listed, on_failure=self._failed)

    def _listed(self, accounts: list[SipAccount]) -> None:
        self._accounts = accounts
        self.list.clear()
        for account in accounts:
            self.list.addItem(f"{account.name} — {account.username}@{account.server}")

    def _new(self) -> None:
        self.list.setCurrentRow(-1)
        self._fill(SipAccount(name="", server="", username=""))

    def _show_account(self, row: int) -> None:
        if 0 <= row < len(self._accounts):
            self._fill(self._accounts[row])

    def _fill(self, account: SipAccount) -> None:
        self._current_id = account.id
        self.name.setText(account.name)
        self.server.setText(account.server)
        self.port.setValue(account.port)
        self.user.setText(account.username)
        self.auth_user.setText(account.auth_username)
        self.password.clear()
        self.transport.setCurrentIndex(max(0, self.transport.findData(account.transport)))
        self.srtp.setCurrentIndex(max(0, self.srtp.findData(account.srtp)))
        self.stun.setText(account.stun_server)
        self.interval.setValue(account.registration_interval_s)
        self.dial_plan.setText(account.dial_plan)
        self.set_ca_pem(account.tls_ca_pem)
        self.backup.setText(account.backup_server)

    def form_account(self) -> SipAccount:
        return SipAccount(
            id=self._current_id,
            name=self.name.text(),
            server=self.server.text(),
            port=self.port.value(),
            username=self.user.text(),
            auth_username=self.auth_user.text(),
            transport=str(self.transport.currentData()),
            srtp=str(self.srtp.currentData()),
            stun_server=self.stun.text(),
            registration_interval_s=self.interval.value(),
            dial_plan=self.dial_plan.text(),
            tls_ca_pem=self._ca_pem,
            backup_server=self.backup.text(),
        )

    # -- TLS: whom the server's certificate must be signed by -------------------------------

    def set_ca_pem(self, pem: str) -> None:
        self._ca_pem = pem
        if pem.strip():
            count = pem.count("-----BEGIN CERTIFICATE-----")
            text = self.tr("checked against the CA certificates from a file (%1)").replace(
                "%1", str(count)
            )
        else:
            text = self.tr("checked against the system's CA list")
        self.ca_label.setText(text + self.tr(", and the server name must match"))

    def _choose_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("CA certificates (PEM)"), "",
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if not path:
            return
        try:
            pem = Path(path).read_text(encoding="ascii", errors="replace")
        except OSError as exc:
            self._show(self.tr("Cannot read %1: %2").replace("%1", path).replace("%2", str(exc)))
            return
        problem = ca_problem(pem)
        if problem:
            self._show(problem)
            return
        self.set_ca_pem(pem)

    # -- save, delete -----------------------------------------------------------------------

    def save_account(self) -> None:
        account, password, store = self.form_account(), self.password.text(), self._secrets()
        if password and store is None:
            self._show(self.tr("The password cannot be kept: there is no keyring (see below)."))
            return
        service = self._service

        def work() -> SipAccount:
            saved = service.save(account)
            if password and store is not None:
                store.set(saved.secret_key, password)
            return saved

        self.password.clear()
        self._runner.run(work, self._saved, on_failure=self._failed, label="save SIP account")

    def _saved(self, account: SipAccount) -> None:
        self._current_id = account.id
        self._show(self.tr("Account «%1» saved.").replace("%1", account.name))
        self.reload()

    def delete_account(self) -> None:
        if self._current_id is None:
            return
        account_id, store, service = self._current_id, self._secrets(), self._service

        def work() -> None:
            gone = service.delete(account_id)
            if gone is not None and store is not None:
                store.delete(gone.secret_key)

        self._runner.run(work, lambda _: self._deleted(), on_failure=self._failed)

    def _deleted(self) -> None:
        self._new()
        self._show(self.tr("Account deleted."))
        self.reload()

    # -- registration test ------------------------------------------------------------------

    def test_registration(self) -> None:
        """Register the form's account as it is now (saved or not) and report the result."""
        self._finish_test()
        try:
            account = validate(self.form_account())
            password = self.password.text() or self._stored_password(account)
            settings = registrar_settings(account)
        except (SipAccountError, SecretStoreError, ValueError) as exc:
            self._show(str(exc))
            return
        self._testing = self._bridge.add_account(settings, password, report=self._show) or ""
        if not self._testing:
            return
        self._show(self.tr("Registering…"))
        self._timer.start(TEST_TIMEOUT_MS)

    def _stored_password(self, account: SipAccount) -> str | None:
        store = self._secrets()
        return store.get(account.secret_key) if store is not None else None

    def _registration_changed(self, event: RegistrationChanged) -> None:
        if not self._testing or event.account_id != self._testing:
            return
        if event.state is RegState.REGISTERED:
            text = self.tr("Registered: %1 %2")
        elif event.state is RegState.FAILED:
            text = self.tr("Registration failed: %1 %2")
        else:
            return
        self._show(text.replace("%1", str(event.status_code)).replace("%2", event.reason))
        self._finish_test()

    def _test_timed_out(self) -> None:
        self._show(self.tr("No answer from the server."))
        self._finish_test()

    def _finish_test(self) -> None:
        self._timer.stop()
        if self._testing:
            account_id, self._testing = self._testing, ""
            def not_removed(text: str) -> None:
                log.warning("Test account %s not removed: %s", account_id, text)

            self._bridge.remove_account(account_id, report=not_removed)

    # -- keyring ----------------------------------------------------------------------------

    def _show_keyring_state(self) -> None:
        store = self._secrets()
        if store is not None:
            self.keyring_note.setText(
                self.tr("Passwords are kept in: %1").replace("%1", store.description)
            )
        else:
            self.keyring_note.setText(str(NoKeyringBackend()))  # Russian, from softphone.secrets
        self.unlock_button.setVisible(store is None)

    def _ask_master_password(self) -> None:
        master, ok = QInputDialog.getText(
            self,
            self.tr("Encrypted password file"),
            self.tr("Master password of the encrypted password file:"),
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return
        try:
            self._unlock(master)
        except SecretStoreError as exc:
            self._show(str(exc))
        self._show_keyring_state()

    def _failed(self, exc: Exception) -> None:
        self._show(str(exc))

    def _show(self, text: str) -> None:
        self.status.setText(text)
