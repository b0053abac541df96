"""Role tabs in the settings dialog (SIP accounts, users and audit log for admins, recordings for
supervisors and admins), stored SIP accounts registered at start, and the call recorder.

Hiding the tabs is convenience: the services refuse other roles themselves. The keyring is
looked up once per run; without an OS keyring an existing encrypted file is unlocked at start
(master password dialog, softphone.ui.master_password), and the accounts page offers it too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from PySide6.QtCore import QObject, Signal

from softphone.crm.auth import AuditService, Permission, Principal
from softphone.crm.auth.profiles import ProfileService
from softphone.crm.db import Database
from softphone.crm.recordings.service import RecordingService
from softphone.crm.sip_accounts import SipAccountService
from softphone.secrets import NoKeyringBackend, SecretStore, default_encrypted_file
from softphone.ui.bridge import EngineBridge
from softphone.ui.desk import Desk
from softphone.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from softphone.ui.master_password import MasterPasswordPrompt
    from softphone.ui.phone.call_recorder import CallRecorder
    from softphone.ui.settings.dialog import SettingsDialog


class DeskSecrets:
    """The desk's secret store, looked up once: the OS keyring, or the encrypted file once
    its master password was given on the accounts page."""

    def __init__(self, store: SecretStore | None = None, fallback: Path | None = None) -> None:
        self._store = store
        self._looked_up = store is not None
        self.fallback = fallback or default_encrypted_file()
        self._on_unlock: list[Callable[[SecretStore], None]] = []

    def when_unlocked(self, callback: Callable[[SecretStore], None]) -> None:
        """Run `callback` once the encrypted file is opened (what needed a key can start then)."""
        self._on_unlock.append(callback)

    def secrets(self) -> SecretStore | None:
        if not self._looked_up:
            self._looked_up = True
            try:
                self._store = SecretStore.system()
            except NoKeyringBackend:
                self._store = None
        return self._store

    def unlock(self, master_password: str) -> SecretStore:
        self._store = SecretStore.encrypted_file(master_password, self.fallback)
        self._looked_up = True
        waiting, self._on_unlock = self._on_unlock, []
        for callback in waiting:
            callback(self._store)
        return self._store


class AdminPages:
    """The role tabs, added to each settings dialog as it opens."""

    def __init__(
        self,
        db: Database,
        principal: Principal,
        runner: TaskRunner,
        bridge: EngineBridge,
        desk_secrets: DeskSecrets,
    ) -> None:
        self._db, self._principal, self._runner, self._bridge = db, principal, runner, bridge
        self.secrets, self.unlock = desk_secrets.secrets, desk_secrets.unlock
        self.recordings_folder = recordings_folder()
        self.master_password: MasterPasswordPrompt | None = None  # the start-up prompt
        self.recorder: CallRecorder | None = None  # once the secret store is open

    def add_pages(self, dialog: SettingsDialog) -> None:
        from softphone.ui.admin.accounts_page import AccountsPage
        from softphone.ui.admin.audit_page import AuditPage

        if self._principal.can(Permission.MANAGE_SIP_ACCOUNTS):
            service = SipAccountService(self._db, self._principal)
            dialog.add_page(
                AccountsPage(service, self._runner, self._bridge, self.secrets, self.unlock)
            )
        store = self.secrets()
        if self._principal.can(Permission.PLAY_RECORDINGS) and store is not None:
            from softphone.ui.admin.recordings_page import RecordingsPage

            recordings = RecordingService(self._db, self.recordings_folder, store, self._principal)
            dialog.add_page(RecordingsPage(recordings, self._principal, self._runner, self._bridge))
        if self._principal.can(Permission.MANAGE_USERS):
            from softphone.ui.admin.users_page import UsersPage

            dialog.add_page(UsersPage(ProfileService(self._db, self._principal), self._runner))
        if self._principal.can(Permission.VIEW_AUDIT_LOG):
            dialog.add_page(AuditPage(AuditService(self._db), self._principal, self._runner))


def recordings_folder() -> Path:
    return Path(platformdirs.user_data_dir("softphone")) / "recordings"


def install_admin_pages(desk: Desk, secrets: DeskSecrets | None = None) -> AdminPages:
    """Admin tabs for admins, and every desk registers the stored SIP accounts (asking for
    the encrypted file's master password first when there is no OS keyring)."""
    from softphone.ui.account_startup import register_stored_accounts
    from softphone.ui.master_password import MasterPasswordPrompt

    principal = desk.principal
    if principal is None:
        raise ValueError("the admin pages need a signed-in person")
    secrets = secrets or DeskSecrets()
    hooks = desk.window
    pages = AdminPages(desk.db, principal, desk.runner, desk.bridge, secrets)
    hooks.settings_opened.connect(pages.add_pages)
    owner = hooks.owner
    prompt = MasterPasswordPrompt(secrets.unlock, desk.runner, secrets.fallback, lambda: owner)
    pages.master_password = prompt  # the dialog it opens is `prompt.dialog`
    register_stored_accounts(
        desk.db, desk.bridge, desk.runner, secrets.secrets, hooks.show_error, unlock=prompt
    )

    def start_recorder(store: SecretStore) -> None:
        if pages.recorder is None:
            pages.recorder = install_recorder(desk, pages.recordings_folder, store)

    store = secrets.secrets()
    if store is not None:
        start_recorder(store)
    else:  # the recordings' key is in the encrypted file: record once it is opened
        relay = _GuiRelay(owner)  # unlock() runs on a worker thread; widgets need the GUI one
        relay.delivered.connect(start_recorder)
        secrets.when_unlocked(relay.delivered.emit)
    return pages


class _GuiRelay(QObject):
    """Carries a value from a worker thread to the GUI thread (a queued signal)."""

    delivered = Signal(object)


def install_recorder(desk: Desk, folder: Path, store: SecretStore) -> CallRecorder:
    """The recording policy's recorder; it needs the secret store for the recordings' key."""
    from softphone.ui.phone.call_recorder import CallRecorder

    service = RecordingService(desk.db, folder, store)
    recorder = CallRecorder(desk.bridge, desk.runner, service, folder, desk.window.owner)
    desk.window.add_status_widget(recorder.indicator)
    return recorder
