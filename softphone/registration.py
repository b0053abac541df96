"""Configured SIP accounts (CRM) + their passwords (keyring) -> engine registrations.

The one place where a stored account meets its secret: the password goes from the keyring
straight to SipEngine.add_account and is held nowhere else. No Qt here, so the UI, tests and
benchmarks register accounts the same way.

Not applied yet: the account's SRTP choice (the engine has no per-account SRTP setting);
STUN servers are engine-wide, so stun_servers() collects them for the EngineConfig.
"""

from __future__ import annotations

from collections.abc import Iterable

from softphone.crm.sip_accounts import SipAccount, parse_dial_plan
from softphone.secrets import SecretStore, SecretStoreError
from softphone.sip import (
    DialPlan,
    NumberFormat,
    RegistrarAccountSettings,
    SipEngine,
    TransportKind,
)


class MissingPassword(SecretStoreError):
    def __init__(self, account: SipAccount) -> None:
        super().__init__(
            f"Для учётной записи «{account.name}» не сохранён пароль: "
            "откройте её в настройках и введите пароль"
        )


def registrar_settings(account: SipAccount, display_name: str = "") -> RegistrarAccountSettings:
    host = f"[{account.server}]" if ":" in account.server else account.server
    plan = parse_dial_plan(account.dial_plan)
    dial_plan = None
    if plan is not None:
        number_format, strip, add = plan
        dial_plan = DialPlan(
            number_format=NumberFormat(number_format), strip_prefix=strip, add_prefix=add
        )
    return RegistrarAccountSettings(
        server=f"{host}:{account.port}",
        user=account.username,
        auth_user=account.auth_username,
        display_name=display_name,
        transport=TransportKind(account.transport),
        register_interval_s=account.registration_interval_s,
        dial_plan=dial_plan,
    )


def register(
    engine: SipEngine, account: SipAccount, secrets: SecretStore, display_name: str = ""
) -> str:
    """Add the account to the engine with its keyring password; returns the engine's id."""
    password = secrets.get(account.secret_key)
    if not password:
        raise MissingPassword(account)
    return engine.add_account(registrar_settings(account, display_name), password)


def stun_servers(accounts: Iterable[SipAccount]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for account in accounts:
        if account.enabled and account.stun_server:
            seen.setdefault(account.stun_server)
    return tuple(seen)
