"""At start, every enabled SIP account stored by the admin registers with its keyring password.

Reading the accounts and the keyring (D-Bus, or argon2 for the encrypted file) happens off the
GUI thread; the engine is only touched on the GUI thread, as it requires. Without an OS
keyring, an existing encrypted file is unlocked through `unlock` (the master password dialog)
before the accounts register. Problems (no keyring, no password saved, a bad server, the
master password not given) go to `on_error` as readable Russian text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from softphone.crm.db import Database
from softphone.crm.sip_accounts import SipAccount, SipAccountService
from softphone.registration import MissingPassword, registrar_settings
from softphone.secrets import NoKeyringBackend, SecretStore
from softphone.ui.bridge import EngineBridge
from softphone.ui.tasks import TaskRunner

Ready = list[tuple[SipAccount, str]]


class UnlockPrompt(Protocol):
    def can_ask(self) -> bool: ...

    def ask(
        self,
        account_names: list[str],
        on_unlocked: Callable[[SecretStore], None],
        on_refused: Callable[[str], None],
    ) -> None: ...


@dataclass
class _Found:
    ready: Ready = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    locked: list[SipAccount] = field(default_factory=list)  # waiting for the master password


def _passwords(accounts: list[SipAccount], store: SecretStore) -> _Found:
    found = _Found()
    for account in accounts:
        password = store.get(account.secret_key)
        if password:
            found.ready.append((account, password))
        else:
            found.problems.append(str(MissingPassword(account)))
    return found


def register_stored_accounts(
    db: Database,
    bridge: EngineBridge,
    runner: TaskRunner,
    secrets: Callable[[], SecretStore | None],
    on_error: Callable[[str], None],
    on_registered: Callable[[list[str]], None] | None = None,
    unlock: UnlockPrompt | None = None,
) -> None:
    """Look the accounts and passwords up in the background, then add them to the engine."""

    def look_up() -> _Found:
        accounts = [a for a in SipAccountService(db).list() if a.enabled]
        if not accounts:
            return _Found()
        store = secrets()
        if store is not None:
            return _passwords(accounts, store)
        if unlock is not None and unlock.can_ask():
            return _Found(locked=accounts)
        return _Found(problems=[str(NoKeyringBackend())])

    def failed(exc: Exception) -> None:
        on_error(str(exc))
        if on_registered is not None:
            on_registered([])

    def refused(text: str) -> None:
        add(_Found(problems=[text]))

    def add(found: _Found) -> None:
        if found.locked and unlock is not None:
            accounts = found.locked

            def unlocked(store: SecretStore) -> None:
                runner.run(lambda: _passwords(accounts, store), add, on_failure=failed,
                           label="SIP accounts")

            unlock.ask([a.name for a in accounts], unlocked, refused)
            return
        added = []
        for account, password in found.ready:
            try:
                settings = registrar_settings(account)
            except ValueError as exc:
                found.problems.append(f"{account.name}: {exc}")
                continue

            def engine_refused(text: str, name: str = account.name) -> None:
                found.problems.append(f"{name}: {text}")

            account_id = bridge.add_account(settings, password, report=engine_refused)
            if account_id is not None:
                added.append(account_id)
        for problem in found.problems:
            on_error(problem)
        if on_registered is not None:
            on_registered(added)

    runner.run(look_up, add, on_failure=failed, label="SIP accounts")
