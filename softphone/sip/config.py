"""Typed settings the engine is started and given accounts with; validated at the boundary.

Passwords are deliberately not fields here: they are passed to `SipEngine.add_account` and
handed to PJSIP only, so no settings object can leak them into a file or a log line.
"""

from __future__ import annotations

import enum
import ipaddress
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from softphone.sip.dialplan import DialPlan

log = logging.getLogger(__name__)


class TransportKind(enum.StrEnum):
    UDP = "udp"
    TCP = "tcp"
    TLS = "tls"


class SrtpMode(enum.StrEnum):
    """Media encryption of an account's calls (SDES keys in the SDP, `a=crypto`).

    OPTIONAL offers SRTP inside a plain RTP/AVP offer, so peers without SRTP still talk;
    MANDATORY offers RTP/SAVP only and a call whose peer cannot encrypt fails (488).
    The engine does not demand TLS signalling for either (srtpSecureSignaling=0): the keys
    then travel in clear SDP, so the account validation (CRM) requires TLS for MANDATORY.
    """

    OFF = "off"
    OPTIONAL = "optional"
    MANDATORY = "mandatory"


def check_stun_server(server: str) -> None:
    """Accept "host", "host:port" or "[v6]:port"; ValueError names the bad text."""
    host, port = server, ""
    if server.startswith("["):
        host, _, rest = server[1:].partition("]")
        port = rest.removeprefix(":") if rest.startswith(":") else rest
    elif server.count(":") == 1:
        host, port = server.split(":")
    if not host.strip() or any(c.isspace() for c in server) or (
        port and not (port.isdigit() and 1 <= int(port) <= 65535)
    ):
        raise ValueError(f"STUN server must be host[:port], got {server!r}")


def usable_stun_servers(entries: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """The STUN servers of (account name, server) entries, first come first tried, each once.

    One the engine would refuse is skipped with a warning: a bad STUN entry must not keep
    the phone from starting.
    """
    seen: dict[str, None] = {}
    for name, server in entries:
        server = server.strip()
        if not server:
            continue
        try:
            check_stun_server(server)
        except ValueError as exc:
            log.warning("SIP account %r: STUN server skipped: %s", name, exc)
            continue
        seen.setdefault(server)
    return tuple(seen)


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """Process-wide settings of the one pjsua2 Endpoint. Port 0 = any free port, None = off."""

    bind_address: str = "0.0.0.0"
    udp_port: int | None = 5060
    tcp_port: int | None = None
    tls_port: int | None = None
    tls_ca_file: str = ""
    tls_cert_file: str = ""
    tls_key_file: str = ""
    user_agent: str = "Softphone/0.1"
    log_level: int = 3  # PJSIP verbosity 0..6 fed to logger "softphone.sip.pjsip"
    null_audio: bool = False  # True: never open a sound card (servers, tests, no-card PCs)
    capture_device: str = ""  # device names as listed by audio_devices(); "" = system default
    playback_device: str = ""
    # "host[:port]" tried in order at start; none answering is logged, never fatal, and
    # calls then go on with local addresses
    stun_servers: tuple[str, ...] = ()
    rtp_port_start: int = 0  # 0 = let the OS choose each RTP port (safe beside other tests)
    max_calls: int = 8  # PJSIP's UaConfig.maxCalls; this wheel caps it at 4 (line_control.py)
    ring_timeout_s: float = 30.0  # an unanswered incoming call ends with 480 after this; 0 = never
    auto_answer: bool = False  # answer every incoming call with 200 (bench and tests)
    dial_plan: DialPlan = field(default_factory=DialPlan)

    def __post_init__(self) -> None:
        ipaddress.ip_address(self.bind_address)  # ValueError with the bad text
        for name in ("udp_port", "tcp_port", "tls_port"):
            port = getattr(self, name)
            if port is not None and not 0 <= port <= 65535:
                raise ValueError(f"{name} out of range: {port}")
        if not 1 <= self.max_calls <= 32:
            raise ValueError(f"max_calls must be 1..32, got {self.max_calls}")
        if not 0 <= self.ring_timeout_s <= 3600:
            raise ValueError(f"ring_timeout_s must be 0..3600, got {self.ring_timeout_s}")
        for server in self.stun_servers:
            check_stun_server(server)


@dataclass(frozen=True, slots=True)
class LocalAccountSettings:
    """Direct-IP calling with no PBX: `sip:user@host` reaches this account at our address."""

    user: str = "operator"
    display_name: str = ""
    transport: TransportKind = TransportKind.UDP
    domain: str = ""  # domain used for typed numbers; "" = our own address
    srtp: SrtpMode = SrtpMode.OFF


@dataclass(frozen=True, slots=True)
class RegistrarAccountSettings:
    """An account on a PBX/registrar. The password is supplied separately, never stored."""

    server: str  # "pbx.example.ru" or "10.0.0.5:5080"
    user: str
    auth_user: str = ""  # "" = same as user
    display_name: str = ""
    transport: TransportKind = TransportKind.UDP
    register_interval_s: int = 300
    retry_interval_s: int = 5  # first retry after a failure; each further failure doubles it
    max_retry_interval_s: int = 300  # the back-off stops growing here
    retry_jitter_s: int = 3  # random extra delay so a restarted PBX is not stormed
    realm: str = "*"
    proxy: str = ""  # outbound proxy URI, "" = none
    dial_plan: DialPlan | None = None  # None = the engine's dial plan
    srtp: SrtpMode = SrtpMode.OFF
    # TLS: the server's certificate must chain to a CA in this PEM file ("" = the system's
    # CA bundle) and name the server's host; otherwise the registration is refused
    tls_ca_file: str = ""
    # "host[:port]" of a backup registrar: the account registers there while the primary
    # does not answer, and returns when it does (softphone.sip.registrar.failover); "" = none
    backup_server: str = ""

    def __post_init__(self) -> None:
        if not self.server.strip() or not self.user.strip():
            raise ValueError("server and user are required")
        if self.backup_server and self.backup_server.split(";", 1)[0] == self.server.split(
            ";", 1
        )[0]:
            raise ValueError("backup_server must differ from server")
        if self.register_interval_s < 10:
            raise ValueError(f"register_interval_s too small: {self.register_interval_s}")
        if not 1 <= self.retry_interval_s <= self.max_retry_interval_s:
            raise ValueError(
                f"need 1 <= retry_interval_s ({self.retry_interval_s}) <= max_retry_interval_s "
                f"({self.max_retry_interval_s})"
            )

    @property
    def host(self) -> str:
        """The server's host name or address, without port or parameters."""
        hostport = self.server.split(";", 1)[0]
        if hostport.startswith("["):
            return hostport[1:].split("]", 1)[0]
        return hostport.rsplit(":", 1)[0] if hostport.count(":") == 1 else hostport

    @property
    def port(self) -> int:
        """The server's port; the transport's default (5060, TLS 5061) when not given."""
        hostport = self.server.split(";", 1)[0]
        tail = hostport.rsplit("]", 1)[-1] if hostport.startswith("[") else hostport
        if tail.count(":") == 1 and tail.rsplit(":", 1)[1].isdigit():
            return int(tail.rsplit(":", 1)[1])
        return 5061 if self.transport is TransportKind.TLS else 5060

    @property
    def aor(self) -> str:
        host = self.server.split(";", 1)[0]
        return f"sip:{self.user}@{host}"
