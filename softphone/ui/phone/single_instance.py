"""One softphone per user session: a second start hands its tel:/sip: link to the first.

A second instance would fight over the SIP port and ring twice. Clicking a tel: link in a
browser starts `softphone tel:+7...`: that process finds the running one through a local
socket named after the config folder, sends the link, and exits; the first one dials it.

A plain AF_UNIX socket from the standard library, watched with QSocketNotifier: Qt Network's
QLocalServer did the same but cost ~3.4 MB of memory at start for this one socket (issue #15).
The socket file lies where QLocalServer put it ($TMPDIR or /tmp, named by the key), readable
and writable by its user only, and only a peer of the same user is believed either way.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import logging
import os
import socket
import struct
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from softphone.settings import config_dir

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 1000
PROBE_TIMEOUT_MS = 300
MAX_MESSAGE = 4096
_CREDENTIALS = struct.Struct("3i")  # struct ucred: pid, uid, gid


def default_key() -> str:
    """Per user and per config folder, so test runs with their own folder never collide."""
    digest = hashlib.sha1(str(config_dir()).encode("utf-8")).hexdigest()[:12]
    return f"softphone-{getpass.getuser()}-{digest}"


def socket_path(key: str) -> Path:
    """Where QLocalServer put the socket for `key` (QDir::tempPath(): $TMPDIR, else /tmp)."""
    return Path(os.environ.get("TMPDIR") or "/tmp") / key


def _same_user(sock: socket.socket) -> bool:
    """True if the process at the other end runs as this user (SO_PEERCRED)."""
    raw = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, _CREDENTIALS.size)
    return bool(_CREDENTIALS.unpack(raw)[1] == os.getuid())


def _connect(key: str, timeout_ms: int) -> socket.socket | None:
    """A connection to this user's running instance, or None if nobody (of ours) listens."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout_ms / 1000)
    try:
        sock.connect(str(socket_path(key)))
        if _same_user(sock):
            return sock
        log.warning("Single-instance socket %s belongs to another user", socket_path(key))
    except OSError:  # no file, a crashed instance's file (refused), a full backlog (timeout)
        pass
    sock.close()
    return None


def send_to_running(key: str, message: str, timeout_ms: int = CONNECT_TIMEOUT_MS) -> bool:
    """True if an instance is listening on key and took the message."""
    sock = _connect(key, timeout_ms)
    if sock is None:
        return False
    with sock:
        try:
            sock.sendall(message.encode("utf-8")[:MAX_MESSAGE] + b"\n")
        except OSError:
            return False
    return True


def _listen(path: Path) -> socket.socket:
    """A listening socket at `path`, mode 0600 from the start: bound in a fresh user-only
    folder, then renamed into place (as QLocalServer's UserAccessOption does)."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".softphone-") as private:
            bound = Path(private) / "socket"
            server.bind(str(bound))
            bound.chmod(0o600)
            server.listen(8)
            bound.rename(path)  # replaces a crashed instance's file: nobody answered on it
        server.setblocking(False)
        return server
    except OSError:
        server.close()
        raise


class SingleInstance(QObject):
    """The first instance's listener; `message_received` carries what later starts sent."""

    message_received = Signal(str)

    def __init__(self, key: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = key or default_key()
        self._server: socket.socket | None = None
        self._server_file: tuple[int, int] | None = None  # (device, inode) of our socket file
        self._notifier: QSocketNotifier | None = None
        self._clients: dict[int, tuple[socket.socket, QSocketNotifier, bytearray]] = {}

    def acquire(self) -> bool:
        """Become the running instance; False if another one is already listening."""
        probe = _connect(self.key, PROBE_TIMEOUT_MS)
        if probe is not None:
            probe.close()
            return False
        path = socket_path(self.key)
        try:
            server = _listen(path)
            status = path.stat()
        except OSError as exc:
            log.warning("Single-instance socket %s: %s", path, exc)
            return True  # run anyway: two phones are better than none
        self._server, self._server_file = server, (status.st_dev, status.st_ino)
        self._notifier = QSocketNotifier(server.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._accept)
        return True

    def release(self) -> None:
        """Stop listening and remove the socket file, if it is still ours."""
        for fd in list(self._clients):
            self._drop(fd)
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._server is not None:
            self._server.close()
            self._server = None
            path = socket_path(self.key)
            with contextlib.suppress(OSError):
                status = path.stat()
                if (status.st_dev, status.st_ino) == self._server_file:
                    path.unlink()

    def _accept(self) -> None:
        assert self._server is not None
        while True:
            try:
                client, _ = self._server.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                log.warning("Single-instance socket: %s", exc)
                return
            if not _same_user(client):
                client.close()
                continue
            client.setblocking(False)
            fd = client.fileno()
            notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._clients[fd] = (client, notifier, bytearray())
            notifier.activated.connect(lambda *_args, fd=fd: self._read(fd))
            QTimer.singleShot(CONNECT_TIMEOUT_MS, self, lambda fd=fd, c=client: self._expire(fd, c))

    def _read(self, fd: int) -> None:
        if fd not in self._clients:
            return
        client, _notifier, buffer = self._clients[fd]
        try:
            chunk = client.recv(MAX_MESSAGE + 1)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            chunk = b""
        buffer.extend(chunk)
        if b"\n" in buffer or len(buffer) > MAX_MESSAGE:
            text = bytes(buffer).split(b"\n", 1)[0][:MAX_MESSAGE].decode("utf-8", "replace")
            self._drop(fd)
            self.message_received.emit(text)
        elif not chunk:  # closed before a whole line: nothing to act on
            self._drop(fd)

    def _expire(self, fd: int, client: socket.socket) -> None:
        """A peer that sent no whole line within the bound is cut off (same fd, same socket)."""
        if fd in self._clients and self._clients[fd][0] is client:
            self._drop(fd)

    def _drop(self, fd: int) -> None:
        client, notifier, _buffer = self._clients.pop(fd)
        notifier.setEnabled(False)
        notifier.deleteLater()  # not now: this may run inside the notifier's own signal
        client.close()


class LinkInbox:
    """Links handed over before the window can dial them (the operator is still signing in).

    The running instance listens from its first moments, and a link clicked while the sign-in
    dialog was open used to be received and dropped. Only the last link is kept: two clicks
    while signing in are one wish, and dialling both would place two calls.
    """

    def __init__(self, instance: SingleInstance, first: str = "") -> None:
        self._instance, self.last = instance, first.strip()
        instance.message_received.connect(self._keep)

    def _keep(self, link: str) -> None:
        if link.strip():  # an empty message only asks to be brought forward
            self.last = link.strip()

    def hand_to(self, handler: Callable[[str], None]) -> None:
        """From now on links go straight to `handler`; the kept one on the next event turn."""
        self._instance.message_received.disconnect(self._keep)
        self._instance.message_received.connect(handler)
        if self.last:
            link, self.last = self.last, ""
            QTimer.singleShot(0, lambda: handler(link))
