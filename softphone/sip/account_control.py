"""The account half of SipEngine: local (direct-IP) and registrar accounts."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import random
import time
from collections.abc import Callable, Iterator

import pjsua2 as pj

from softphone.sip.accounts import SipAccount, local_account_config, registrar_account_config
from softphone.sip.config import (
    EngineConfig,
    LocalAccountSettings,
    RegistrarAccountSettings,
    TransportKind,
)
from softphone.sip.errors import (
    InvalidTarget,
    NoSuchAccount,
    RegistrarUnreachable,
    SipError,
    pj_text,
)
from softphone.sip.events import Event, RegistrationChanged, RegState
from softphone.sip.lifetime import track
from softphone.sip.logs import forget_secret, register_secret
from softphone.sip.registrar.failover import Failover, ServerProbe
from softphone.sip.tls_control import CertificateRefusal, refusal_text

log = logging.getLogger("softphone.sip")
# Wrong credentials or unknown user: retrying would only hammer the PBX; the operator
# fixes the password and calls set_registration(account, True).
_PERMANENT_FAILURES = frozenset({401, 403, 404, 407})


class AccountControl:
    config: EngineConfig
    _check_thread: Callable[[], None]
    _transport_for: Callable[[TransportKind], tuple[int, str]]
    post: Callable[[Event], None]
    pump: Callable[[int], int]
    incoming_call: Callable[[SipAccount, int], None]  # CallControl's
    _tls_client_transport: Callable[[str], int]  # TlsControl's
    certificate_refusal: Callable[[int], CertificateRefusal | None]  # TlsControl's

    def __init__(self) -> None:
        self._accounts: dict[str, SipAccount] = {}
        self._secrets: dict[str, str] = {}
        self._account_seq = 0
        self._retry_at: dict[str, float] = {}
        self._failovers: dict[str, tuple[RegistrarAccountSettings, Failover]] = {}
        self._failover_checked = 0.0

    def _new_account_id(self, kind: str) -> str:
        self._account_seq += 1
        return f"{kind}-{self._account_seq}"

    def add_local_account(self, settings: LocalAccountSettings | None = None) -> str:
        """Direct-IP account: reachable as sip:<user>@<our address>, no registration."""
        self._check_thread()
        settings = settings or LocalAccountSettings()
        tid, address = self._transport_for(settings.transport)
        account_id = self._new_account_id("local")
        domain = settings.domain or address
        account = track(SipAccount(self, account_id, domain, self.config.dial_plan))
        cfg = local_account_config(settings, self.config, tid, address)
        try:
            account.create(cfg, not self._accounts)
        except pj.Error as exc:
            text = pj_text(exc)
            raise SipError(f"Не удалось создать учётную запись {cfg.idUri}: {text}") from None
        self._accounts[account_id] = account
        log.info("local account %s is %s", account_id, cfg.idUri)
        return account_id

    def add_account(self, settings: RegistrarAccountSettings, password: str | None) -> str:
        """Register at a PBX. The password goes to PJSIP only; it is never stored or logged."""
        self._check_thread()
        if settings.transport is TransportKind.TLS:  # verifies the server's certificate
            tid = self._tls_client_transport(settings.tls_ca_file)
        else:
            tid, _ = self._transport_for(settings.transport)
        account_id = self._new_account_id("reg")
        plan = settings.dial_plan or self.config.dial_plan
        domain = settings.server.split(";", 1)[0]
        account = track(SipAccount(self, account_id, domain, plan))
        account.registrar = True
        account.retry = dataclasses.replace(settings, backup_server="")
        account.transport_id = tid
        account.server = settings.server
        if password:
            register_secret(password)
            self._secrets[account_id] = password
        cfg = registrar_account_config(settings, self.config, tid, password)
        account.registration = RegistrationChanged(
            account_id, RegState.REGISTERING, 0, "", 0, settings.server
        )
        try:
            account.create(cfg, not self._accounts)
        except pj.Error as exc:
            text = pj_text(exc)
            if "uri" in text.lower():
                raise InvalidTarget(settings.server, text) from None
            raise RegistrarUnreachable(settings.server, text) from None
        self._accounts[account_id] = account
        self.post(account.registration)
        log.info("account %s registers %s at %s", account_id, settings.aor, settings.server)
        if settings.backup_server:
            udp = settings.transport is TransportKind.UDP
            default_port = 5061 if settings.transport is TransportKind.TLS else 5060
            self._failovers[account_id] = (settings, Failover(
                ServerProbe(settings.server, default_port, udp, self.config.bind_address),
                ServerProbe(settings.backup_server, default_port, udp, self.config.bind_address),
            ))
            log.info("account %s: backup registrar %s", account_id, settings.backup_server)
        return account_id

    def remove_account(self, account_id: str) -> None:
        """Unregister (if registered) and forget the account; its calls are hung up first."""
        self._check_thread()
        account = self._account(account_id)
        self._hangup_account_calls(account_id)
        self._drop_account(account_id, account)

    # --- re-registration with back-off ---------------------------------------------------
    def registration_result(self, account: SipAccount, state: RegState, code: int) -> None:
        """After a failure, schedule the next REGISTER: first delay, doubling, capped."""
        settings = account.retry
        if settings is None or account.account_id not in self._accounts:
            return
        if state is not RegState.FAILED or code in _PERMANENT_FAILURES:
            account.retry_delay_s = 0.0
            self._retry_at.pop(account.account_id, None)
            return
        if account.retry_delay_s:
            delay = min(account.retry_delay_s * 2, settings.max_retry_interval_s)
        else:
            delay = float(settings.retry_interval_s)
        account.retry_delay_s = delay
        due = delay + random.uniform(0, settings.retry_jitter_s)
        self._retry_at[account.account_id] = time.monotonic() + due
        log.info("account %s: registration failed (%s), retry in %.1f s", account.account_id,
                 code, due)

    def certificate_reason(self, account: SipAccount) -> str:
        """Why the TLS server's certificate was refused, in Russian ("" if not known)."""
        settings = account.retry
        if settings is None:
            return ""
        refusal = self.certificate_refusal(settings.port)
        if refusal is None:
            return ""
        return refusal_text(refusal, settings.host, settings.tls_ca_file)

    def connection_lost(self, transport: str, detail: str) -> None:
        """A TCP/TLS connection closed: registrations over such transports are now void."""
        for account in self._accounts.values():
            settings = account.retry
            if settings is None or settings.transport is TransportKind.UDP:
                continue
            if account.registration.state is RegState.REGISTERED:
                reason = f"соединение {transport} с сервером разорвано {detail}".strip()
                account.registration = RegistrationChanged(
                    account.account_id, RegState.FAILED, 0, reason
                )
                self.post(account.registration)
                self.registration_result(account, RegState.FAILED, 0)

    def _check_failover(self) -> None:
        """Called by pump(): probe the registrars of accounts with a backup, move if due."""
        now = time.monotonic()
        if not self._failovers or now - self._failover_checked < 0.2:
            return
        self._failover_checked = now
        for account_id, (settings, failover) in list(self._failovers.items()):
            account = self._accounts.get(account_id)
            if account is None:
                failover.close()
                self._failovers.pop(account_id, None)
                continue
            move = failover.decide(now)
            if move is not None:
                self._move_registrar(account, settings, failover, to_backup=move)

    def _move_registrar(
        self, account: SipAccount, settings: RegistrarAccountSettings, failover: Failover,
        *, to_backup: bool,
    ) -> None:
        """Register the account at the other server; calls in progress keep their dialogs."""
        old, new = (settings.server, settings.backup_server)[:: 1 if to_backup else -1]
        active = dataclasses.replace(settings, server=new, backup_server="")
        cfg = registrar_account_config(
            active, self.config, account.transport_id, self._secrets.get(account.account_id)
        )
        try:
            account.modify(cfg)
        except pj.Error as exc:
            log.warning("account %s: cannot move to %s: %s", account.account_id, new,
                        pj_text(exc))
            return
        failover.on_backup = to_backup
        account.retry, account.server = active, new
        account.domain = active.server.split(";", 1)[0]
        account.retry_delay_s = 0.0
        self._retry_at.pop(account.account_id, None)
        if to_backup:
            reason = f"основной сервер {old} не отвечает: регистрация на резервном {new}"
        else:
            reason = f"основной сервер {new} снова отвечает: регистрация на нём"
        log.warning("account %s: %s", account.account_id, reason)
        account.registration = RegistrationChanged(
            account.account_id, RegState.REGISTERING, 0, reason, 0, new
        )
        self.post(account.registration)

    def _retry_registrations(self) -> None:
        """Called by pump(): send the REGISTERs whose back-off delay has passed."""
        self._check_failover()
        if not self._retry_at:
            return
        now = time.monotonic()
        for account_id, due in list(self._retry_at.items()):
            account = self._accounts.get(account_id)
            if account is None:
                self._retry_at.pop(account_id, None)
            elif due <= now:
                self._retry_at.pop(account_id, None)
                try:
                    account.setRegistration(True)
                except pj.Error as exc:
                    log.warning("account %s: REGISTER not sent: %s", account_id, pj_text(exc))
                    self.registration_result(account, RegState.FAILED, 0)

    def _drop_account(self, account_id: str, account: SipAccount) -> None:
        self._retry_at.pop(account_id, None)
        _, failover = self._failovers.pop(account_id, (None, None))
        if failover is not None:
            failover.close()
        with contextlib.suppress(pj.Error):
            account.shutdown()
        self._accounts.pop(account_id, None)
        secret = self._secrets.pop(account_id, "")
        if secret and secret not in self._secrets.values():
            forget_secret(secret)
        if account.registration.state is not RegState.UNREGISTERED:
            self.post(RegistrationChanged(account_id, RegState.UNREGISTERED, 0, "удалена"))

    def _remove_all_accounts(self) -> None:
        for account_id, account in list(self._accounts.items()):
            self._drop_account(account_id, account)

    def _hangup_account_calls(self, account_id: str) -> None:
        """Overridden by CallControl."""

    def accounts(self) -> list[str]:
        self._check_thread()
        return list(self._accounts)

    def registration(self, account_id: str) -> RegistrationChanged:
        """Latest registration snapshot (state, SIP status and reason)."""
        self._check_thread()
        return self._account(account_id).registration

    def account_domain(self, account_id: str) -> str:
        self._check_thread()
        return self._account(account_id).domain

    def set_registration(self, account_id: str, registered: bool) -> None:
        """Register again now (after a failure) or unregister, without removing the account."""
        self._check_thread()
        account = self._account(account_id)
        if not account.registrar:
            raise SipError(f"Учётная запись {account_id} работает без регистрации")
        with self._pj_errors(f"Регистрация {account_id}"):
            account.setRegistration(registered)

    def _account(self, account_id: str) -> SipAccount:
        try:
            return self._accounts[account_id]
        except KeyError:
            raise NoSuchAccount(account_id) from None

    def _default_account(self) -> SipAccount:
        for account in self._accounts.values():
            if account.registration.state is RegState.REGISTERED:
                return account
        for account in self._accounts.values():
            return account
        raise NoSuchAccount("(нет ни одной учётной записи)")

    @contextlib.contextmanager
    def _pj_errors(self, what: str, error: type[SipError] = SipError) -> Iterator[None]:
        try:
            yield
        except pj.Error as exc:
            raise error(f"{what}: {pj_text(exc)}") from None
