"""SIP over a plain socket on 127.0.0.1: callers that vanish (no CANCEL, no ACK) and raw bytes.

Nothing here retransmits or answers: a RawCaller sends what it is told and only collects what
comes back, which is exactly a crashed PBX or a scanner from the engine's point of view.
"""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Callable

SDP = (
    "v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
    "m=audio 40000 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
)


def invite(
    target_port: int, local_port: int, number: str, *, user: str = "operator",
    transport: str = "UDP", sdp: str = SDP, call_id: str | None = None,
) -> bytes:
    """A well-formed INVITE from `number` (an abandoned caller if nobody follows it up)."""
    cid = call_id or uuid.uuid4().hex
    tag = cid[:10]
    return (
        f"INVITE sip:{user}@127.0.0.1:{target_port} SIP/2.0\r\n"
        f"Via: SIP/2.0/{transport} 127.0.0.1:{local_port};branch=z9hG4bK{cid}\r\n"
        f"From: <sip:{number}@127.0.0.1:{local_port}>;tag={tag}\r\n"
        f"To: <sip:{user}@127.0.0.1:{target_port}>\r\n"
        f"Call-ID: {cid}\r\n"
        "CSeq: 1 INVITE\r\n"
        f"Contact: <sip:{number}@127.0.0.1:{local_port};transport={transport.lower()}>\r\n"
        "Max-Forwards: 70\r\n"
        "Content-Type: application/sdp\r\n"
        f"Content-Length: {len(sdp.encode())}\r\n\r\n{sdp}"
    ).encode()


def cancel(target_port: int, local_port: int, number: str, call_id: str, *,
           user: str = "operator") -> bytes:
    """The CANCEL of `invite(..., call_id=call_id)`: the caller gives up while it rings."""
    return (
        f"CANCEL sip:{user}@127.0.0.1:{target_port} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP 127.0.0.1:{local_port};branch=z9hG4bK{call_id}\r\n"
        f"From: <sip:{number}@127.0.0.1:{local_port}>;tag={call_id[:10]}\r\n"
        f"To: <sip:{user}@127.0.0.1:{target_port}>\r\n"
        f"Call-ID: {call_id}\r\nCSeq: 1 CANCEL\r\nMax-Forwards: 70\r\n"
        "Content-Length: 0\r\n\r\n"
    ).encode()


def options(target_port: int, local_port: int, seq: int = 1) -> bytes:
    cid = uuid.uuid4().hex
    return (
        f"OPTIONS sip:operator@127.0.0.1:{target_port} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP 127.0.0.1:{local_port};branch=z9hG4bK{cid}\r\n"
        f"From: <sip:probe@127.0.0.1:{local_port}>;tag={cid[:10]}\r\n"
        f"To: <sip:operator@127.0.0.1:{target_port}>\r\n"
        f"Call-ID: {cid}\r\nCSeq: {seq} OPTIONS\r\nMax-Forwards: 70\r\n"
        "Accept: application/sdp\r\nContent-Length: 0\r\n\r\n"
    ).encode()


class RawCaller:
    """One UDP socket on 127.0.0.1; remembers every status line it received."""

    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.setblocking(False)
        self.port = int(self.sock.getsockname()[1])
        self.received: list[str] = []  # first lines, in order

    def send(self, data: bytes) -> None:
        self.sock.sendto(data, self.target)

    def invite(self, number: str, **kwargs: object) -> None:
        self.send(invite(self.target[1], self.port, number, **kwargs))  # type: ignore[arg-type]

    def drain(self) -> list[str]:
        """Read everything waiting; returns the new first lines."""
        new: list[str] = []
        while True:
            try:
                data = self.sock.recv(65536)
            except BlockingIOError:
                break
            new.append(data.split(b"\r\n", 1)[0].decode(errors="replace"))
        self.received += new
        return new

    def count(self, code: int) -> int:
        self.drain()
        return sum(1 for line in self.received if line.startswith(f"SIP/2.0 {code} "))

    def wait_for(
        self, predicate: Callable[[], bool], pump: Callable[[], object], timeout_s: float
    ) -> bool:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            self.drain()
            if predicate():
                return True
            pump()
        self.drain()
        return predicate()

    def close(self) -> None:
        self.sock.close()
