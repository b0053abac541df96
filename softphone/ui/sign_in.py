"""Sign-in at start; on a database without users, the first start creates the administrator.

Every start signs in and every start enforces roles: there is no switch that skips it. Scripts
and tests sign in non-interactively (`softphone --user LOGIN --password-stdin`), which goes
through the same argon2 check and slow-down as the dialog. The password check (deliberately
slow) runs off the GUI thread through TaskRunner in the dialog.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.auth import Principal, Role, UserService, start_session
from softphone.crm.auth.users import NoUsersYet
from softphone.crm.db import Database
from softphone.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class SignInDialog(QDialog):
    """Sign in, or (first_run=True) create the administrator and sign in as them."""

    def __init__(
        self,
        users: UserService,
        runner: TaskRunner,
        first_run: bool,
        parent: QWidget | None = None,
        login: str = "",
    ) -> None:
        super().__init__(parent)
        self._users, self._runner, self.first_run = users, runner, first_run
        self.principal: Principal | None = None
        self.login_edit = QLineEdit(login)
        self.login_edit.setObjectName("login")
        self.name_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("sign_in_message")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Login:"), self.login_edit)
        if first_run:
            self.setWindowTitle(self.tr("Create the administrator"))
            intro = QLabel(
                self.tr(
                    "Nobody can sign in yet. Create the administrator account: the administrator "
                    "adds operators and supervisors and configures SIP accounts."
                )
            )
            intro.setWordWrap(True)
            form.insertRow(0, intro)
            form.addRow(self.tr("Name shown to callers:"), self.name_edit)
        else:
            self.setWindowTitle(self.tr("Sign in"))
        form.addRow(self.tr("Password:"), self.password_edit)
        if first_run:
            form.addRow(self.tr("Repeat password:"), self.repeat_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        login, password = self.login_edit.text().strip(), self.password_edit.text()
        if not login or not password:
            self._show(self.tr("Enter the login and the password."))
            return
        if self.first_run and password != self.repeat_edit.text():
            self._show(self.tr("The passwords do not match."))
            return
        self._busy(True)
        users, name, first = self._users, self.name_edit.text(), self.first_run

        def work() -> Principal:
            if first:
                users.create(login, password, Role.ADMIN, display_name=name)
            return users.sign_in(login, password)

        self._runner.run(work, self._signed_in, on_failure=self._failed, label="sign in")

    def _signed_in(self, principal: Principal) -> None:
        self.principal = principal
        self.password_edit.clear()
        self.repeat_edit.clear()
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._busy(False)
        self.password_edit.clear()
        self.password_edit.setFocus()
        self._show(str(exc))  # Russian text from softphone.crm.auth

    def _busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        if busy:
            self._show(self.tr("Checking…"))

    def _show(self, text: str) -> None:
        self.message.setText(text)


def sign_in(db: Database, runner: TaskRunner, login: str = "") -> Principal | None:
    """The signed-in person (their session started on db), or None if the dialog was closed."""
    users = UserService(db)
    dialog = SignInDialog(users, runner, first_run=not users.has_users(), login=login)
    if login:
        dialog.password_edit.setFocus()
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.principal is None:
        return None
    start_session(db, dialog.principal)
    log.info("Signed in as %s (%s)", dialog.principal.login, dialog.principal.role.value)
    return dialog.principal


def sign_in_with_password(db: Database, login: str, password: str) -> Principal:
    """Non-interactive sign-in for scripts and tests: the same check, the same slow-down.

    Raises the service's Russian SignInFailed/SignInThrottled, or NoUsersYet (an empty
    database is never set up from a script this way: `softphone users add` does that).
    """
    users = UserService(db)
    if not users.has_users():
        raise NoUsersYet
    principal = users.sign_in(login, password)
    start_session(db, principal)
    log.info("Signed in as %s (%s), password from standard input", principal.login,
             principal.role.value)
    return principal
