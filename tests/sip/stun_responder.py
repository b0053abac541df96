"""A tiny STUN server for tests: answers RFC 5389 Binding requests on 127.0.0.1 UDP.

Enough for PJSIP's STUN clients: a Binding success response carrying XOR-MAPPED-ADDRESS
(and the classic MAPPED-ADDRESS) of the sender. `silent=True` binds the port but never
answers, to test a STUN server that is down without ICMP errors telling the client early.
"""

from __future__ import annotations

import socket
import struct
import threading
import time

MAGIC_COOKIE = 0x2112A442
BINDING_REQUEST = 0x0001
BINDING_SUCCESS = 0x0101
MAPPED_ADDRESS = 0x0001
XOR_MAPPED_ADDRESS = 0x0020


def binding_response(request: bytes, host: str, port: int) -> bytes | None:
    """Success response to a Binding request from (host, port); None for anything else."""
    if len(request) < 20:
        return None
    msg_type, _length = struct.unpack_from("!HH", request)
    if msg_type != BINDING_REQUEST:
        return None
    cookie_and_id = request[4:20]  # echoed: a client matches the response on it
    addr = struct.unpack("!I", socket.inet_aton(host))[0]
    xor = struct.pack("!xBHI", 1, port ^ (MAGIC_COOKIE >> 16), addr ^ MAGIC_COOKIE)
    plain = struct.pack("!xBHI", 1, port, addr)
    attrs = struct.pack("!HH", XOR_MAPPED_ADDRESS, len(xor)) + xor
    attrs += struct.pack("!HH", MAPPED_ADDRESS, len(plain)) + plain
    return struct.pack("!HH", BINDING_SUCCESS, len(attrs)) + cookie_and_id + attrs


class StunResponder:
    """Runs in a daemon thread until stop(); `requests` lists the senders of Binding requests."""

    def __init__(self, silent: bool = False) -> None:
        self.silent = silent
        self.requests: list[tuple[str, int]] = []
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.settimeout(0.1)
        self.port = int(self._sock.getsockname()[1])
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="stun", daemon=True)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> StunResponder:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self._sock.close()

    def _serve(self) -> None:
        deadline = time.monotonic() + 300  # bounded even if a test forgets stop()
        while not self._stop.is_set() and time.monotonic() < deadline:
            try:
                data, (host, port) = self._sock.recvfrom(2048)
            except TimeoutError:
                continue
            except OSError:
                return
            if len(data) >= 2 and struct.unpack_from("!H", data)[0] == BINDING_REQUEST:
                self.requests.append((host, port))
            reply = None if self.silent else binding_response(data, host, port)
            if reply is not None:
                self._sock.sendto(reply, (host, port))
