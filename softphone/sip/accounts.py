"""pjsua2 Account subclass plus the builders of its configuration.

The password only ever lives in PJSIP's AuthCredInfo (and in the redaction set of logs.py);
settings objects carry none, so nothing here can persist it.
"""

from __future__ import annotations

from typing import Protocol

import pjsua2 as pj

from softphone.sip.config import (
    EngineConfig,
    LocalAccountSettings,
    RegistrarAccountSettings,
    SrtpMode,
    TransportKind,
)
from softphone.sip.dialplan import DialPlan
from softphone.sip.events import Event, RegistrationChanged, RegState
from softphone.sip.guard import guarded
from softphone.sip.tls_control import is_certificate_failure


class AccountOwner(Protocol):
    def post(self, event: Event) -> None: ...
    def incoming_call(self, account: SipAccount, pj_call_id: int) -> None: ...
    def registration_result(self, account: SipAccount, state: RegState, code: int) -> None: ...
    def certificate_reason(self, account: SipAccount) -> str: ...


class SipAccount(pj.Account):
    def __init__(
        self, owner: AccountOwner, account_id: str, domain: str, dial_plan: DialPlan
    ) -> None:
        super().__init__()
        self.owner = owner
        self.account_id = account_id
        self.domain = domain  # typed numbers become sip:<number>@<domain>
        self.dial_plan = dial_plan
        self.registrar = False
        self.retry: RegistrarAccountSettings | None = None  # back-off settings (registrars)
        self.retry_delay_s = 0.0
        self.transport_id = -1
        self.server = ""  # the registrar in use (the backup while the primary is down)
        self.registration = RegistrationChanged(account_id, RegState.UNREGISTERED, 0, "")

    def _set_registration(self, state: RegState, code: int, reason: str, expires: int) -> None:
        snapshot = RegistrationChanged(self.account_id, state, code, reason, expires, self.server)
        if snapshot != self.registration:
            self.registration = snapshot
            self.owner.post(snapshot)

    @guarded
    def onRegStarted(self, prm: pj.OnRegStartedParam) -> None:
        if prm.renew and self.registration.state is not RegState.REGISTERED:
            old = self.registration
            self._set_registration(RegState.REGISTERING, old.status_code, old.reason, 0)

    @guarded
    def onRegState(self, prm: pj.OnRegStateParam) -> None:
        code = int(prm.code)
        reason = str(prm.reason)
        if code // 100 == 2:
            state = RegState.REGISTERED if prm.expiration > 0 else RegState.UNREGISTERED
        else:
            state = RegState.FAILED
            if code == 0 or not reason:
                reason = reason or f"ошибка транспорта (status {prm.status})"
            if is_certificate_failure(int(prm.status), reason):
                reason = self.owner.certificate_reason(self) or reason
        self._set_registration(state, code, reason, int(prm.expiration) if code // 100 == 2 else 0)
        self.owner.registration_result(self, state, code)

    @guarded
    def onIncomingCall(self, prm: pj.OnIncomingCallParam) -> None:
        self.owner.incoming_call(self, prm.callId)


_SRTP_USE = {
    SrtpMode.OFF: pj.PJMEDIA_SRTP_DISABLED,
    SrtpMode.OPTIONAL: pj.PJMEDIA_SRTP_OPTIONAL,
    SrtpMode.MANDATORY: pj.PJMEDIA_SRTP_MANDATORY,
}


def srtp_config(acc_cfg: pj.AccountConfig, mode: SrtpMode) -> None:
    """SDES keying only: what PBXs and baresip's `srtp` speak, and one predictable offer.

    srtpSecureSignaling=0: PJSIP's default would refuse SRTP unless the signalling is TLS
    (sips), which breaks OPTIONAL on UDP accounts; the TLS rule for MANDATORY is enforced
    where accounts are validated (softphone.crm.sip_accounts), not here.
    """
    media = acc_cfg.mediaConfig
    media.srtpUse = _SRTP_USE[mode]
    media.srtpSecureSignaling = 0
    keyings = pj.IntVector()
    keyings.append(pj.PJMEDIA_SRTP_KEYING_SDES)
    media.srtpOpt.keyings = keyings


def media_config(acc_cfg: pj.AccountConfig, engine: EngineConfig, srtp: SrtpMode) -> None:
    """Bind RTP where SIP is bound; port 0 lets the OS pick (no clash with parallel tests)."""
    srtp_config(acc_cfg, srtp)
    tcfg = acc_cfg.mediaConfig.transportConfig
    if engine.bind_address not in ("0.0.0.0", "::"):
        tcfg.boundAddress = engine.bind_address
    tcfg.port = engine.rtp_port_start
    tcfg.portRange = 0 if engine.rtp_port_start == 0 else 1000
    acc_cfg.natConfig.iceEnabled = False
    acc_cfg.natConfig.sipStunUse = pj.PJSUA_STUN_USE_DEFAULT if engine.stun_servers else (
        pj.PJSUA_STUN_USE_DISABLED
    )
    acc_cfg.natConfig.mediaStunUse = acc_cfg.natConfig.sipStunUse


def local_account_config(
    settings: LocalAccountSettings, engine: EngineConfig, transport_id: int, address: str
) -> pj.AccountConfig:
    cfg = pj.AccountConfig()
    shown = f'"{settings.display_name}" ' if settings.display_name else ""
    suffix = "" if settings.transport is TransportKind.UDP else f";transport={settings.transport}"
    cfg.idUri = f"{shown}<sip:{settings.user}@{address}{suffix}>"
    cfg.sipConfig.transportId = transport_id
    cfg.regConfig.registrarUri = ""
    media_config(cfg, engine, settings.srtp)
    return cfg


def registrar_account_config(
    settings: RegistrarAccountSettings,
    engine: EngineConfig,
    transport_id: int,
    password: str | None,
) -> pj.AccountConfig:
    cfg = pj.AccountConfig()
    suffix = "" if settings.transport is TransportKind.UDP else f";transport={settings.transport}"
    scheme = "sips" if settings.transport is TransportKind.TLS else "sip"
    shown = f'"{settings.display_name}" ' if settings.display_name else ""
    host = settings.server.split(";", 1)[0]
    cfg.idUri = f"{shown}<{scheme}:{settings.user}@{host}>"
    reg = cfg.regConfig
    reg.registrarUri = f"{scheme}:{host}{suffix}"
    reg.timeoutSec = settings.register_interval_s
    reg.retryIntervalSec = 0  # the engine retries itself, with exponential back-off
    reg.firstRetryIntervalSec = 0
    reg.randomRetryIntervalSec = 0
    reg.delayBeforeRefreshSec = min(5, max(1, settings.register_interval_s // 4))
    reg.dropCallsOnFail = False
    if settings.proxy:
        cfg.sipConfig.proxies.append(settings.proxy)
    if password is not None:
        cred = pj.AuthCredInfo(
            "digest", settings.realm, settings.auth_user or settings.user, 0, password
        )
        cfg.sipConfig.authCreds.append(cred)
    cfg.sipConfig.transportId = transport_id
    media_config(cfg, engine, settings.srtp)
    return cfg
