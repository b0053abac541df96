"""One softphone per user session: a second start hands its tel:/sip: link to the first.

A second instance would fight over the SIP port and ring twice. Clicking a tel: link in a
browser starts `softphone tel:+7...`: that process finds the running one through a local
socket named after the config folder, sends the link, and exits; the first one dials it.
"""

from __future__ import annotations

import getpass
import hashlib
import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from softphone.settings import config_dir

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 1000
MAX_MESSAGE = 4096


def default_key() -> str:
    """Per user and per config folder, so test runs with their own folder never collide."""
    digest = hashlib.sha1(str(config_dir()).encode("utf-8")).hexdigest()[:12]
    return f"softphone-{getpass.getuser()}-{digest}"


def send_to_running(key: str, message: str, timeout_ms: int = CONNECT_TIMEOUT_MS) -> bool:
    """True if an instance is listening on key and took the message."""
    socket = QLocalSocket()
    socket.connectToServer(key)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(message.encode("utf-8")[:MAX_MESSAGE] + b"\n")
    sent = socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(timeout_ms)
    return sent


class SingleInstance(QObject):
    """The first instance's listener; `message_received` carries what later starts sent."""

    message_received = Signal(str)

    def __init__(self, key: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = key or default_key()
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """Become the running instance; False if another one is already listening."""
        probe = QLocalSocket()
        probe.connectToServer(self.key)
        if probe.waitForConnected(300):
            probe.disconnectFromServer()
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.key):
            # A crashed instance leaves its socket file behind; nobody answered above.
            QLocalServer.removeServer(self.key)
            if not server.listen(self.key):
                log.warning("Single-instance socket %s: %s", self.key, server.errorString())
                return True  # run anyway: two phones are better than none
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    def _on_connection(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.setParent(self._server)  # freed with the server; deleteLater here crashed PySide
            buffer = bytearray()

            def read(sock: QLocalSocket = socket, buf: bytearray = buffer) -> None:
                buf.extend(bytes(sock.readAll().data()))
                if b"\n" in buf or len(buf) > MAX_MESSAGE:
                    text = bytes(buf).split(b"\n", 1)[0].decode("utf-8", "replace")
                    buf.clear()
                    sock.disconnectFromServer()
                    self.message_received.emit(text)

            socket.readyRead.connect(read)
            if socket.bytesAvailable():
                read()
