"""Registrar failover: is the primary registrar answering? Probed with SIP OPTIONS.

A REGISTER over UDP to a server that went away fails only after PJSIP's 32 s transaction
timeout, and only at the next refresh, so a dead primary would be noticed minutes late. The
engine therefore asks each server of an account with a backup "are you there?" every
PROBE_INTERVAL_S with an OPTIONS request from a plain socket of its own (UDP, or a TCP
connect for TCP/TLS accounts): any answer, even 405, means alive. The primary silent for
DEAD_AFTER_S while the backup answers moves the account to the backup; the primary answering
again for BACK_AFTER_S moves it back. No pjsua2 here; the pump drives it.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import socket
import time
from dataclasses import dataclass, field

log = logging.getLogger("softphone.sip")
PROBE_INTERVAL_S = 2.0
DEAD_AFTER_S = 7.0  # ~3 probes unanswered
BACK_AFTER_S = 5.0  # answering again this long before the account moves back


def split_hostport(server: str, default_port: int) -> tuple[str, int]:
    hostport = server.split(";", 1)[0]
    if hostport.startswith("["):
        host, _, rest = hostport[1:].partition("]")
        port = rest.removeprefix(":")
    elif hostport.count(":") == 1:
        host, port = hostport.split(":")
    else:
        host, port = hostport, ""
    return host, int(port) if port.isdigit() else default_port


class ServerProbe:
    """Answers-or-not of one SIP server, learned without blocking the pumping thread."""

    def __init__(self, server: str, default_port: int, udp: bool, bind_address: str) -> None:
        self.server = server
        self.host, self.port = split_hostport(server, default_port)
        self.udp, self.bind_address = udp, bind_address
        self.last_answer = 0.0  # monotonic time of the latest sign of life
        self.answering_since = 0.0  # start of the current run of answers (0 = silent)
        self._last_probe = 0.0
        self._sock: socket.socket | None = None
        self._started = time.monotonic()

    def alive(self, now: float) -> bool:
        return now - max(self.last_answer, self._started) < DEAD_AFTER_S

    def steadily_alive(self, now: float) -> bool:
        return bool(self.answering_since) and now - self.answering_since >= BACK_AFTER_S

    def poll(self, now: float) -> None:
        """Read answers that arrived; send the next probe when it is due."""
        self._read(now)
        if now - self._last_probe >= PROBE_INTERVAL_S:
            if self.answering_since and now - self.last_answer > PROBE_INTERVAL_S * 1.5:
                self.answering_since = 0.0  # a probe went unanswered: the run is over
            self._last_probe = now
            self._send(now)

    def close(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.close()
            self._sock = None

    def _answered(self, now: float) -> None:
        self.last_answer = now
        if not self.answering_since:
            self.answering_since = now

    def _send(self, now: float) -> None:
        if not self.udp:  # TCP/TLS: a connection accepted is a sign of life
            self.close()
            sock = socket.socket(socket.AF_INET6 if ":" in self.host else socket.AF_INET,
                                 socket.SOCK_STREAM)
            sock.setblocking(False)
            with contextlib.suppress(OSError):
                sock.connect_ex((self.host, self.port))
            self._sock = sock
            return
        if self._sock is None:
            family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
            self._sock = socket.socket(family, socket.SOCK_DGRAM)
            self._sock.setblocking(False)
            if self.bind_address not in ("0.0.0.0", "::"):
                with contextlib.suppress(OSError):
                    self._sock.bind((self.bind_address, 0))
        local_host, local_port = self._sock.getsockname()[:2] if self._sock else ("", 0)
        tag, call_id = secrets.token_hex(4), secrets.token_hex(8)
        branch = "z9hG4bK" + secrets.token_hex(6)
        request = (
            f"OPTIONS sip:{self.host}:{self.port} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP {local_host or '127.0.0.1'}:{local_port};branch={branch};rport\r\n"
            "Max-Forwards: 70\r\n"
            f"From: <sip:probe@{local_host or '127.0.0.1'}>;tag={tag}\r\n"
            f"To: <sip:{self.host}:{self.port}>\r\n"
            f"Call-ID: {call_id}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
        )
        with contextlib.suppress(OSError):  # unresolvable or unreachable: silence
            self._sock.sendto(request.encode(), (self.host, self.port))

    def _read(self, now: float) -> None:
        sock = self._sock
        if sock is None:
            return
        if not self.udp:
            try:
                error = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                sock.getpeername()  # raises until connected
            except OSError:
                return
            if error == 0:
                self._answered(now)
                self.close()
            return
        for _ in range(16):
            try:
                data = sock.recv(4096)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # ICMP port unreachable surfaces here: no answer
                return
            if data.startswith(b"SIP/2.0 "):
                self._answered(now)


@dataclass
class Failover:
    """One account's primary and backup registrars and which one it is registered with."""

    primary: ServerProbe
    backup: ServerProbe
    on_backup: bool = False
    probes: list[ServerProbe] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.probes = [self.primary, self.backup]

    def decide(self, now: float) -> bool | None:
        """Poll both; True = move to the backup, False = back to the primary, None = stay."""
        for probe in self.probes:
            probe.poll(now)
        if not self.on_backup and not self.primary.alive(now) and self.backup.alive(now):
            return True
        if self.on_backup and self.primary.steadily_alive(now):
            return False
        return None

    def close(self) -> None:
        for probe in self.probes:
            probe.close()
