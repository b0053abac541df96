"""Sign-in at start; on a database without users, the first start creates the administrator.

Every start signs in and every start enforces roles: there is no switch that skips it. Scripts
and tests sign in non-interactively (`softphone --user LOGIN --password-stdin`), which goes
through the same argon2 check and slow-down as the dialog. The password check (deliberately
slow) runs off the GUI thread through TaskRunner in the dialog.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.auth.roles import Principal, Role, start_session
from softphone.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the dialog may be shown before SQLAlchemy has loaded (sign_in_while_opening)
    from softphone.crm.auth import UserService
    from softphone.crm.auth.users import UserInfo
    from softphone.crm.db import Database

log = logging.getLogger(__name__)


class Users(Protocol):
    """What the dialog needs of UserService (run on the task runner's thread)."""

    def create(self, login: str, password: str, role: Role | str, *,
               display_name: str = "") -> UserInfo: ...

    def sign_in(self, login: str, password: str) -> Principal: ...


class SignInDialog(QDialog):
    """Sign in, or (first_run=True) create the administrator and sign in as them."""

    def __init__(
        self,
        users: Users,
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
    from softphone.crm.auth import UserService

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
    from softphone.crm.auth import UserService
    from softphone.crm.auth.users import NoUsersYet

    users = UserService(db)
    if not users.has_users():
        raise NoUsersYet
    principal = users.sign_in(login, password)
    start_session(db, principal)
    log.info("Signed in as %s (%s), password from standard input", principal.login,
             principal.role.value)
    return principal


class _UsersWhenOpen:
    """The users of a database that is still opening on a thread: the dialog is up before
    SQLAlchemy has loaded, and the first check waits for it (the operator types meanwhile)."""

    def __init__(self, opening: Callable[[], tuple[Database | None, str]]) -> None:
        self._opening = opening
        self._lock = threading.Lock()
        self._opened: tuple[Database | None, str] | None = None

    def database(self) -> tuple[Database | None, str]:
        """(Database or None, error text), once; any thread."""
        with self._lock:
            if self._opened is None:
                self._opened = self._opening()
            return self._opened

    def _service(self) -> UserService:
        from softphone.crm.auth import UserService

        db, error = self.database()
        if db is None:
            raise PermissionError(error)
        return UserService(db)

    def create(self, login: str, password: str, role: Role | str, *,
               display_name: str = "") -> UserInfo:
        return self._service().create(login, password, role, display_name=display_name)

    def sign_in(self, login: str, password: str) -> Principal:
        return self._service().sign_in(login, password)


def sign_in_while_opening(
    opening: Callable[[], tuple[Database | None, str]], runner: TaskRunner, first_run: bool,
    login: str = "",
) -> tuple[Principal | None, Database | None, str]:
    """The dialog at once, the database when it has opened: (principal, database, error).

    `opening` blocks until the database is open (a thread started before the dialog); the
    dialog's checks are the same UserService calls as sign_in's, only they wait for it.
    """
    users = _UsersWhenOpen(opening)
    dialog = SignInDialog(users, runner, first_run=first_run, login=login)
    if login:
        dialog.password_edit.setFocus()
    accepted = dialog.exec() == QDialog.DialogCode.Accepted and dialog.principal is not None
    db, error = users.database()
    if not accepted or db is None or dialog.principal is None:
        return None, db, error
    start_session(db, dialog.principal)
    log.info("Signed in as %s (%s)", dialog.principal.login, dialog.principal.role.value)
    return dialog.principal, db, error
