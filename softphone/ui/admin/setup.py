"""Role tabs in the settings dialog (SIP accounts and audit log for admins, recordings for
supervisors and admins), stored SIP accounts registered at start, and the call recorder.

Hiding the tabs is convenience: the services refuse other roles themselves. The keyring is
looked up once per run; without an OS keyring an existing encrypted file is unlocked at start
(master password dialog, softphone.ui.master_password), and the accounts page offers it too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import QObject, Signal

from softphone.crm.auth import AuditService, Permission, Principal
from softphone.crm.db import Database
from softphone.crm.recordings.service import RecordingService
from softphone.crm.sip_accounts import SipAccountService
from softphone.secrets import NoKeyringBackend, SecretStore, default_encrypted_file
from softphone.sip import SipEngine
from softphone.ui.bridge import EngineBridge
from softphone.ui.tasks import TaskRunner


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
    def __init__(
        self,
        db: Database,
        principal: Principal,
        runner: TaskRunner,
        engine: SipEngine,
        bridge: EngineBridge,
        secrets: SecretStore | None = None,
        desk_secrets: DeskSecrets | None = None,
    ) -> None:
        self._db, self._principal, self._runner = db, principal, runner
        self._engine, self._bridge = engine, bridge
        self._desk = desk_secrets or DeskSecrets(secrets)
        self.secrets, self.unlock = self._desk.secrets, self._desk.unlock
        self.recordings_folder = recordings_folder()
        self.master_password: Any = None  # the start-up MasterPasswordPrompt, once installed
        self.recorder: Any = None  # the CallRecorder, once the secret store is open

    def add_pages(self, dialog: Any) -> None:
        from softphone.ui.admin.accounts_page import AccountsPage
        from softphone.ui.admin.audit_page import AuditPage

        if self._principal.can(Permission.MANAGE_SIP_ACCOUNTS):
            service = SipAccountService(self._db, self._principal)
            dialog.add_page(
                AccountsPage(
                    service, self._runner, self._engine, self._bridge, self.secrets, self.unlock
                )
            )
        store = self.secrets()
        if self._principal.can(Permission.PLAY_RECORDINGS) and store is not None:
            from softphone.ui.admin.recordings_page import RecordingsPage

            service = RecordingService(self._db, self.recordings_folder, store, self._principal)
            dialog.add_page(RecordingsPage(service, self._principal, self._runner, self._engine))
        if self._principal.can(Permission.VIEW_AUDIT_LOG):
            dialog.add_page(AuditPage(AuditService(self._db), self._principal, self._runner))


def recordings_folder() -> Path:
    return Path(platformdirs.user_data_dir("softphone")) / "recordings"


def install_admin_pages(
    window: Any,
    db: Database,
    principal: Principal,
    engine: SipEngine,
    desk: DeskSecrets | None = None,
) -> AdminPages:
    """Admin tabs for admins, and every desk registers the stored SIP accounts (asking for
    the encrypted file's master password first when there is no OS keyring)."""
    from softphone.ui.account_startup import register_stored_accounts
    from softphone.ui.master_password import MasterPasswordPrompt

    desk = desk or DeskSecrets()
    pages = AdminPages(db, principal, window.runner, engine, window.bridge, desk_secrets=desk)
    window.settings_dialog_opened.connect(pages.add_pages)
    prompt = MasterPasswordPrompt(desk.unlock, window.runner, desk.fallback, lambda: window)
    pages.master_password = prompt  # the dialog it opens is `prompt.dialog`
    register_stored_accounts(
        db, engine, window.runner, desk.secrets, window.show_error, unlock=prompt
    )

    def start_recorder(store: object) -> None:
        if pages.recorder is None:
            pages.recorder = install_recorder(window, db, engine, pages.recordings_folder, store)

    store = desk.secrets()
    if store is not None:
        start_recorder(store)
    else:  # the recordings' key is in the encrypted file: record once it is opened
        relay = _GuiRelay(window)  # unlock() runs on a worker thread; widgets need the GUI one
        relay.delivered.connect(start_recorder)
        desk.when_unlocked(relay.delivered.emit)
    return pages


class _GuiRelay(QObject):
    """Carries a value from a worker thread to the GUI thread (a queued signal)."""

    delivered = Signal(object)


def install_recorder(
    window: Any, db: Database, engine: SipEngine, folder: Path, store: Any
) -> Any:
    """The recording policy's recorder; it needs the secret store for the recordings' key."""
    from softphone.ui.phone.call_recorder import CallRecorder

    service = RecordingService(db, folder, store)
    recorder = CallRecorder(window.bridge, engine, window.runner, service, folder, window)
    window.statusBar().addPermanentWidget(recorder.indicator)
    return recorder
