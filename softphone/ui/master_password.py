"""At start, unlock the encrypted password file so the stored SIP accounts can register.

Only asked when there is no OS keyring, the encrypted file exists and enabled SIP accounts
wait for it. The key derivation (argon2 in keyrings.cryptfile) runs off the GUI thread;
wrong master passwords are bounded (MAX_TRIES), and Cancel starts the desk without those
accounts with a message that says so. The master password is never logged or kept.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from softphone.secrets import SecretStore, SecretStoreError, WrongMasterPassword
from softphone.ui.tasks import TaskRunner

MAX_TRIES = 3
Unlock = Callable[[str], SecretStore]


class MasterPasswordDialog(QDialog):
    """Asks for the master password; `unlocked` carries the opened store."""

    unlocked = Signal(object)  # SecretStore

    def __init__(
        self,
        unlock: Unlock,
        runner: TaskRunner,
        account_names: list[str],
        parent: QWidget | None = None,
        max_tries: int = MAX_TRIES,
    ) -> None:
        super().__init__(parent)
        self._unlock, self._runner = unlock, runner
        self.tries_left = self._max_tries = max_tries
        self.gave_up = False
        self.store: SecretStore | None = None
        self.setWindowTitle(self.tr("Encrypted password file"))
        intro = QLabel(
            self.tr(
                "This computer has no system password store, so the passwords of the SIP "
                "accounts are kept in an encrypted file. Enter its master password to register "
                "the SIP accounts: {0}. Without it the softphone starts without them."
            ).format(", ".join(account_names))
        )
        intro.setObjectName("master_password_intro")
        intro.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("master_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("master_password_message")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel(self.tr("Master password:")))
        layout.addWidget(self.password_edit)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        master = self.password_edit.text()
        if not master:
            self.message.setText(self.tr("Enter the master password."))
            return
        self.password_edit.clear()
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("Checking…"))
        unlock = self._unlock

        def work() -> SecretStore | SecretStoreError:
            try:
                return unlock(master)
            except SecretStoreError as exc:  # an answer, not a crash: no traceback in the log
                return exc

        self._runner.run(work, self._checked, on_failure=self._checked, label="master password")

    def _checked(self, result: object) -> None:
        self.buttons.setEnabled(True)
        if isinstance(result, SecretStore):
            self.store = result
            self.unlocked.emit(result)
            self.accept()
            return
        self.tries_left -= 1
        if self.tries_left <= 0:
            self.gave_up = True
            self.reject()
            return
        if isinstance(result, WrongMasterPassword):
            text = self.tr("Wrong master password. Tries left: {0}.").format(self.tries_left)
        else:
            text = str(result)  # Russian, from softphone.secrets
        self.message.setText(text)
        self.password_edit.setFocus()


    def refusal(self) -> str:
        """Why the accounts stay unregistered, for the status bar."""
        if self.gave_up:
            return self.tr(
                "The master password was wrong {0} times: the SIP accounts are not registered. "
                "Restart the softphone to try again."
            ).format(self._max_tries)
        return self.tr(
            "The SIP accounts are not registered: the encrypted password file stays locked "
            "without its master password. Restart the softphone to enter it."
        )


class MasterPasswordPrompt:
    """What account_startup asks when the stored accounts wait for the encrypted file."""

    def __init__(
        self,
        unlock: Unlock,
        runner: TaskRunner,
        path: Path,
        parent: Callable[[], QWidget | None] = lambda: None,
        max_tries: int = MAX_TRIES,
    ) -> None:
        self._unlock, self._runner, self.path = unlock, runner, path
        self._parent, self._max_tries = parent, max_tries
        self.dialog: MasterPasswordDialog | None = None

    def can_ask(self) -> bool:
        """Only an existing file can hold passwords: a missing one is not asked about."""
        return self.path.is_file()

    def ask(
        self,
        account_names: list[str],
        on_unlocked: Callable[[SecretStore], None],
        on_refused: Callable[[str], None],
    ) -> None:
        dialog = MasterPasswordDialog(
            self._unlock, self._runner, account_names, self._parent(), self._max_tries
        )
        self.dialog = dialog

        def finished(_code: int) -> None:
            self.dialog = None
            if dialog.store is not None:
                on_unlocked(dialog.store)
            else:
                on_refused(dialog.refusal())
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
