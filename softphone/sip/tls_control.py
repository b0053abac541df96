"""TLS for registrar accounts: the server's certificate is verified, its name checked.

What the bundled PJSIP offers (pjsua2-python 2.15.1 wheel, its own OpenSSL 1.0.2k), measured
in tests/sip/test_tls_verify.py against Kamailio's tls module:
- TLS 1.0, 1.1 and 1.2; no TLS 1.3 (OpenSSL 1.0.2 has none, PJSIP_TLSV1_3_METHOD cannot
  work). Our client transports speak TLS 1.2 only (`proto`); a 1.3-only server is refused.
- `verifyServer` makes PJSIP drop the connection unless the chain ends at a CA of
  `CaListFile` AND the host name of the URI (or its IP) is among the certificate's
  subjectAltName DNS/IP entries (CN without SANs): PJSIP checks the name itself
  (PJ_SSL_CERT_EIDENTITY_NOT_MATCH), so no second check is needed here.
- The failed REGISTER only says 503 PJSIP_TLS_ECERTVERIF; the reason (untrusted, name,
  expired) arrives just before in Endpoint.onTransportState's tlsInfo, and is kept here to
  give the registration a readable Russian reason.
- An empty CaListFile would mean the wheel's compiled-in OpenSSL directory, not the
  system's, so the system bundle is always named explicitly (system_ca_bundle()).

One TLS client transport per CA file: PJSIP takes the CA list per transport (listener), and
an account bound to a TLS listener opens its connections with that listener's settings.
"""

from __future__ import annotations

import logging
import os
import ssl
import time
from dataclasses import dataclass

import pjsua2 as pj

from softphone.sip.config import EngineConfig
from softphone.sip.errors import TransportUnavailable, pj_text

log = logging.getLogger("softphone.sip")
_FALLBACK_BUNDLES = (
    "/etc/ssl/certs/ca-certificates.crt",  # Debian, Ubuntu
    "/etc/pki/tls/certs/ca-bundle.crt",  # Fedora, RHEL
    "/etc/ssl/ca-bundle.pem",  # openSUSE
    "/etc/ssl/cert.pem",  # Alpine, macOS
)
# PJSIP_ERRNO_START_PJSIP + 173 (sip_errno.h): "SSL certificate verification error"; the
# wheel does not export the constant
PJSIP_TLS_ECERTVERIF = 171173
_REMEMBER_S = 60.0  # a verification failure explains registrations failing this soon after


def system_ca_bundle() -> str:
    """The system's CA bundle as OpenSSL finds it (SSL_CERT_FILE wins), or "" if none."""
    paths = ssl.get_default_verify_paths()
    for path in (os.environ.get(paths.openssl_cafile_env, ""), paths.cafile or "",
                 paths.openssl_cafile, *_FALLBACK_BUNDLES):
        if path and os.access(path, os.R_OK):
            return path
    return ""


@dataclass(frozen=True, slots=True)
class CertificateRefusal:
    remote: str  # "ip:port" of the server
    status: int  # PJ_SSL_CERT_E* bits
    names: tuple[str, ...]  # the certificate's subjectAltName entries, else its CN
    messages: tuple[str, ...]  # OpenSSL's own texts
    at: float


def refusal_text(refusal: CertificateRefusal, host: str, ca_file: str) -> str:
    """Russian reason for the operator and the admin's accounts page."""
    parts: list[str] = []
    names = ", ".join(refusal.names) or "без имени"
    if refusal.status & pj.PJ_SSL_CERT_EIDENTITY_NOT_MATCH:
        parts.append(f"сертификат сервера выдан на «{names}», а не на «{host}»")
    if refusal.status & (pj.PJ_SSL_CERT_EUNTRUSTED | pj.PJ_SSL_CERT_EISSUER_NOT_FOUND
                         | pj.PJ_SSL_CERT_EISSUER_MISMATCH):
        where = f"файле {ca_file}" if ca_file else "системном списке"
        parts.append(
            f"сертификат сервера («{names}») подписан центром сертификации, которого нет "
            f"в {where} доверенных"
        )
    if refusal.status & pj.PJ_SSL_CERT_EVALIDITY_PERIOD:
        parts.append("срок действия сертификата сервера истёк или ещё не начался")
    if refusal.status & pj.PJ_SSL_CERT_EREVOKED:
        parts.append("сертификат сервера отозван")
    if not parts:
        detail = "; ".join(refusal.messages) or f"код {refusal.status:#x}"
        parts.append(f"сертификат сервера не прошёл проверку ({detail})")
    return "TLS: " + "; ".join(parts) + " — регистрация отклонена"


class TlsControl:
    """Mixed into SipEngine: verifying TLS client transports and the refusals they saw."""

    config: EngineConfig
    _ep: pj.Endpoint | None

    def __init__(self) -> None:
        self._tls_clients: dict[str, int] = {}  # CA file -> transport id
        self._refusals: list[CertificateRefusal] = []

    def _tls_client_transport(self, ca_file: str) -> int:
        """The verifying TLS transport for this CA file ("" = the system bundle)."""
        assert self._ep is not None
        ca = ca_file or system_ca_bundle()
        if not ca:
            raise TransportUnavailable(
                "TLS: не найден системный список доверенных центров сертификации; "
                "укажите файл CA в учётной записи"
            )
        if not os.access(ca, os.R_OK):
            raise TransportUnavailable(f"TLS: файл CA не найден или не читается: {ca}")
        if ca in self._tls_clients:
            return self._tls_clients[ca]
        tcfg = pj.TransportConfig()
        tcfg.port = 0  # PJSIP needs a listener; nobody is told its port
        if self.config.bind_address not in ("0.0.0.0", "::"):
            tcfg.boundAddress = self.config.bind_address
        tls = tcfg.tlsConfig
        tls.CaListFile = ca
        tls.verifyServer = True
        tls.method = pj.PJSIP_TLSV1_2_METHOD
        tls.proto = pj.PJ_SSL_SOCK_PROTO_TLS1_2  # proto wins over method when set
        try:
            tid = int(self._ep.transportCreate(pj.PJSIP_TRANSPORT_TLS, tcfg))
        except pj.Error as exc:
            raise TransportUnavailable(
                f"TLS: не удалось создать транспорт с CA {ca}: {pj_text(exc)}"
            ) from None
        self._tls_clients[ca] = tid
        log.info("TLS client transport %s verifies servers against %s", tid, ca)
        return tid

    def _forget_tls_transports(self) -> None:
        self._tls_clients.clear()
        self._refusals.clear()

    def tls_refused(self, info: pj.TlsInfo) -> None:
        """Endpoint.onTransportState: a TLS connection was dropped for its certificate."""
        cert = info.remoteCertInfo
        names = tuple(str(n.name) for n in cert.subjectAltName) or (str(cert.subjectCn),)
        refusal = CertificateRefusal(
            str(info.remoteAddr), int(info.verifyStatus), names,
            tuple(str(m) for m in info.verifyMsgs), time.monotonic(),
        )
        log.warning("TLS: certificate of %s refused: %#x %s (names: %s)", refusal.remote,
                    refusal.status, "; ".join(refusal.messages), ", ".join(names))
        now = refusal.at
        self._refusals = [r for r in self._refusals if now - r.at < _REMEMBER_S][-15:]
        self._refusals.append(refusal)

    def certificate_refusal(self, port: int) -> CertificateRefusal | None:
        """The latest refusal by a server on this port (else the latest), if recent."""
        now = time.monotonic()
        recent = [r for r in self._refusals if now - r.at < _REMEMBER_S]
        same_port = [r for r in recent if r.remote.rsplit(":", 1)[-1] == str(port)]
        found = same_port or recent
        return found[-1] if found else None


def is_certificate_failure(status: int, reason: str) -> bool:
    return status == PJSIP_TLS_ECERTVERIF or "ECERTVERIF" in reason

