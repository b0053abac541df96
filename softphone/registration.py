"""Configured SIP accounts (CRM) + their passwords (keyring) -> engine registrations.

The one place where a stored account meets its secret: the password goes from the keyring
straight to SipEngine.add_account and is held nowhere else. No Qt here, so the UI, tests and
benchmarks register accounts the same way.

Each account's SRTP choice goes with it (RegistrarAccountSettings.srtp). STUN is different:
PJSIP has one STUN server list per process, so the enabled accounts' servers are collected
once at start (stored_stun_servers) into the EngineConfig; a STUN server changed in the
settings takes effect at the next start of the softphone.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable
from pathlib import Path

import platformdirs

from softphone.crm.db import Database
from softphone.crm.sip_accounts import (
    SipAccount,
    SipAccountService,
    parse_dial_plan,
    split_hostport,
)
from softphone.secrets import SecretStore, SecretStoreError
from softphone.settings import APP_NAME
from softphone.sip import (
    DialPlan,
    NumberFormat,
    RegistrarAccountSettings,
    SipEngine,
    SrtpMode,
    TransportKind,
    usable_stun_servers,
)

log = logging.getLogger(__name__)


def ca_file(pem: str) -> str:
    """A file holding this CA PEM for PJSIP (which reads a path), "" for "" (system bundle).

    Named by the content's hash in the desk's cache folder, so every account with the same
    CA shares one verifying TLS transport, and a changed CA gets a new file.
    """
    if not pem.strip():
        return ""
    folder = Path(platformdirs.user_cache_dir(APP_NAME)) / "tls"
    path = folder / f"ca-{hashlib.sha256(pem.encode()).hexdigest()[:16]}.pem"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(pem, encoding="ascii", errors="replace")
        partial.replace(path)
    return str(path)


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
        srtp=SrtpMode(account.srtp),
        tls_ca_file=ca_file(account.tls_ca_pem) if account.transport == "tls" else "",
        backup_server=_backup(account),
    )


def _backup(account: SipAccount) -> str:
    """The backup registrar as "host:port" (the account's port unless it names one)."""
    if not account.backup_server:
        return ""
    host, port = split_hostport(account.backup_server)
    shown = f"[{host}]" if ":" in host else host
    return f"{shown}:{port or account.port}"


def register(
    engine: SipEngine, account: SipAccount, secrets: SecretStore, display_name: str = ""
) -> str:
    """Add the account to the engine with its keyring password; returns the engine's id."""
    password = secrets.get(account.secret_key)
    if not password:
        raise MissingPassword(account)
    return engine.add_account(registrar_settings(account, display_name), password)


def stun_servers(accounts: Iterable[SipAccount]) -> tuple[str, ...]:
    """The enabled accounts' STUN servers, first come first tried, each once."""
    return usable_stun_servers((a.name, a.stun_server) for a in accounts if a.enabled)


def stored_stun_servers(db: Database | None) -> tuple[str, ...]:
    """STUN servers for the EngineConfig at start; () without a database or on its error."""
    if db is None:
        return ()
    try:
        return stun_servers(SipAccountService(db).list())
    except Exception:
        log.exception("Could not read the SIP accounts' STUN servers; starting without STUN")
        return ()
