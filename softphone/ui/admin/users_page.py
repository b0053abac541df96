"""Settings tab for admins: the users, each with the name the script introduces them by
(«Меня зовут …»), role, the number colleagues transfer callers to, enabled or not, and a
password reset.

The edit is saved with its own button (users are shared by every desk, not part of this
desk's settings file); the CRM checks and audits it (softphone.crm.auth.profiles) and its
Russian message about bad input is shown as is, with the form left as typed.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from softphone.crm.auth import Role
from softphone.crm.auth.profiles import ProfileService, UserProfile
from softphone.ui.settings.pages import SettingsPage
from softphone.ui.tasks import TaskRunner


class UsersPage(SettingsPage):
    saved = Signal(object)  # the UserProfile as stored

    def __init__(
        self, service: ProfileService, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._service, self._runner = service, runner
        self.profiles: list[UserProfile] = []
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([
            self.tr("Login"), self.tr("Name in the script"), self.tr("Role"),
            self.tr("Transfers to"), self.tr("State"),
        ])
        self.table.setAccessibleName(self.tr("Users"))
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.currentCellChanged.connect(lambda row, *_: self._show(row))

        self.login = QLabel()
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Anna"))
        self.name.setToolTip(self.tr("Used in the script: «My name is …»"))
        self.role = QComboBox()
        for role, text in self.role_names().items():
            self.role.addItem(text, role.value)
        self.target = QLineEdit()
        self.target.setPlaceholderText(self.tr("104 or sip:anna@pbx.office"))
        self.active = QCheckBox(self.tr("May sign in"))
        self.save_button = QPushButton(self.tr("Save user"))
        self.save_button.clicked.connect(self.save)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("new password"))
        self.password.setAccessibleName(self.tr("New password"))
        self.reset_button = QPushButton(self.tr("Reset password"))
        self.reset_button.clicked.connect(self.reset_password)
        self.message = QLabel()
        self.message.setObjectName("usersMessage")
        self.message.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Login:"), self.login)
        form.addRow(self.tr("Name in the script:"), self.name)
        form.addRow(self.tr("Role:"), self.role)
        form.addRow(self.tr("Transfers to this user go to:"), self.target)
        form.addRow(self.active)
        form.addRow(self.save_button)
        reset = QHBoxLayout()
        reset.addWidget(self.password, 1)
        reset.addWidget(self.reset_button)
        form.addRow(self.tr("Password:"), reset)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        self._set_editable(False)
        self.reload()

    def title(self) -> str:
        return self.tr("Users")

    def role_names(self) -> dict[Role, str]:
        return {
            Role.OPERATOR: self.tr("Operator"),
            Role.SUPERVISOR: self.tr("Supervisor"),
            Role.ADMIN: self.tr("Administrator"),
        }

    # -- the list ---------------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        self._runner.run(self._service.list, lambda found: self._listed(found, select),
                         on_failure=self._failed, label="users")

    def _listed(self, profiles: list[UserProfile], select: str | None) -> None:
        self.profiles = profiles
        names = self.role_names()
        self.table.blockSignals(True)
        self.table.setRowCount(len(profiles))
        for row, p in enumerate(profiles):
            state = self.tr("enabled") if p.active else self.tr("disabled")
            for column, text in enumerate(
                (p.login, p.display_name, names[p.role], p.transfer_target, state)
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnToContents(0)
        self.table.blockSignals(False)
        logins = [p.login for p in profiles]
        row = logins.index(select) if select in logins else (0 if profiles else -1)
        self.table.setCurrentCell(row, 0)
        self._show(row)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.profiles):
            self._set_editable(False)
            return
        p = self.profiles[row]
        self.login.setText(p.login)
        self.name.setText(p.display_name)
        self.role.setCurrentIndex(self.role.findData(p.role.value))
        self.target.setText(p.transfer_target)
        self.active.setChecked(p.active)
        self.password.clear()
        self._set_editable(True)

    def _set_editable(self, on: bool) -> None:
        for widget in (self.name, self.role, self.target, self.active, self.save_button,
                       self.password, self.reset_button):
            widget.setEnabled(on)

    def selected(self) -> UserProfile | None:
        row = self.table.currentRow()
        return self.profiles[row] if 0 <= row < len(self.profiles) else None

    # -- saving -----------------------------------------------------------------------------------

    def save(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        login, name, target = chosen.login, self.name.text(), self.target.text()
        role, active = Role(self.role.currentData()), self.active.isChecked()
        self.message.clear()

        def done(profile: UserProfile) -> None:
            self.message.setText(self.tr("Saved: %1").replace("%1", profile.login))
            self.saved.emit(profile)
            self.reload(select=profile.login)

        self._runner.run(
            lambda: self._service.update(login, display_name=name, role=role, active=active,
                                         transfer_target=target),
            done, on_failure=self._failed, label="save user",
        )

    def reset_password(self) -> None:
        chosen, password = self.selected(), self.password.text()
        if chosen is None:
            return
        if not password:
            self.message.setText(self.tr("Type the new password first."))
            self.password.setFocus()
            return
        login = chosen.login

        def done(_none: None) -> None:
            self.password.clear()
            self.message.setText(
                self.tr("The password of %1 was changed; tell them in person.").replace("%1", login)
            )

        self._runner.run(lambda: self._service.reset_password(login, password), done,
                         on_failure=self._failed, label="reset password")

    def _failed(self, exc: Exception) -> None:
        self.message.setText(str(exc) or type(exc).__name__)
