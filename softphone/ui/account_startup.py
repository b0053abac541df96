"""At start, every enabled SIP account stored by the admin registers with its keyring password.

Reading the accounts and the keyring (D-Bus, or argon2 for the encrypted file) happens off the
GUI thread; the engine is only touched on the GUI thread, as it requires. Problems (no keyring,
no password saved, a bad server) go to `on_error` as readable Russian text.
"""

from __future__ import annotations

from collections.abc import Callable

from softphone.crm.db import Database
from softphone.crm.sip_accounts import SipAccount, SipAccountService
from softphone.registration import MissingPassword, registrar_settings
from softphone.secrets import NoKeyringBackend, SecretStore
from softphone.sip import SipEngine, SipError
from softphone.ui.tasks import TaskRunner

Ready = list[tuple[SipAccount, str]]


def register_stored_accounts(
    db: Database,
    engine: SipEngine,
    runner: TaskRunner,
    secrets: Callable[[], SecretStore | None],
    on_error: Callable[[str], None],
    on_registered: Callable[[list[str]], None] | None = None,
) -> None:
    """Look the accounts and passwords up in the background, then add them to the engine."""

    def look_up() -> tuple[Ready, list[str]]:
        accounts = [a for a in SipAccountService(db).list() if a.enabled]
        if not accounts:
            return [], []
        store = secrets()
        if store is None:
            return [], [str(NoKeyringBackend())]
        ready, problems = [], []
        for account in accounts:
            password = store.get(account.secret_key)
            if password:
                ready.append((account, password))
            else:
                problems.append(str(MissingPassword(account)))
        return ready, problems

    def add(found: tuple[Ready, list[str]]) -> None:
        ready, problems = found
        added = []
        for account, password in ready:
            try:
                added.append(engine.add_account(registrar_settings(account), password))
            except (SipError, ValueError) as exc:
                problems.append(f"{account.name}: {exc}")
        for problem in problems:
            on_error(problem)
        if on_registered is not None:
            on_registered(added)

    runner.run(look_up, add, on_failure=lambda exc: on_error(str(exc)), label="SIP accounts")
