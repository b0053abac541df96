"""The desktop's session D-Bus, read on the Qt event loop (no thread, no blocking call after open).

Why not QtDBus: PySide6 cannot put an unsigned or a byte argument into a message (a Python
int always goes out as `i`, and QDBusArgument's integer overload picks `q`), so a Notify call
carries the signature `sisssasa{sv}i` instead of `susssasa{sv}i`, and GDBus- and QtDBus-based
notification servers refuse it as a wrong signature. jeepney (pure Python, already installed
with keyring) builds messages with exact signatures; this class feeds its parser from a
QSocketNotifier so replies and signals arrive as ordinary Qt callbacks on the GUI thread.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
from collections.abc import Callable
from itertools import count

from jeepney import HeaderFields, Message, MessageType, Parser
from jeepney.bus_messages import MatchRule, message_bus
from jeepney.io.blocking import open_dbus_connection
from PySide6.QtCore import QObject, QSocketNotifier, Signal

log = logging.getLogger(__name__)
OPEN_TIMEOUT_S = 1.0
SEND_TIMEOUT_S = 2.0

ReplyHandler = Callable[[Message], None]


class SessionBus(QObject):
    signal_received = Signal(object)  # jeepney Message of type signal
    lost = Signal()  # the bus went away; later sends are dropped

    def __init__(self, sock: socket.socket, unique_name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.unique_name = unique_name
        self._sock = sock
        self._parser = Parser()
        self._serials = count(start=1_000)  # the blocking Hello used the first few
        self._pending: dict[int, ReplyHandler] = {}
        sock.setblocking(False)
        self._notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._read)

    @classmethod
    def open(cls, address: str | None = None, parent: QObject | None = None) -> SessionBus | None:
        """The bus at `address` (default: $DBUS_SESSION_BUS_ADDRESS), or None when there is none."""
        address = address or os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
        if not address:
            return None
        try:
            conn = open_dbus_connection(bus=address, auth_timeout=OPEN_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError, RuntimeError, KeyError) as exc:
            log.info("No session D-Bus at %s: %s", address, exc)
            return None
        conn.selector.close()  # the socket is watched by Qt from now on
        return cls(conn.sock, conn.unique_name or "", parent)

    @property
    def connected(self) -> bool:
        return self._sock.fileno() >= 0

    def call(self, message: Message, on_reply: ReplyHandler | None = None) -> bool:
        """Send a method call; `on_reply` gets the method return or the error message."""
        serial = next(self._serials)
        if not self._send(message, serial):
            return False
        if on_reply is not None:
            self._pending[serial] = on_reply
        return True

    def watch(self, rule: MatchRule) -> bool:
        """Ask the bus to route matching signals to us (they come out on `signal_received`)."""
        return self.call(message_bus.AddMatch(rule))

    def close(self) -> None:
        self._notifier.setEnabled(False)
        self._pending.clear()
        with contextlib.suppress(OSError):
            self._sock.close()

    def _send(self, message: Message, serial: int) -> bool:
        if not self.connected:
            return False
        try:
            self._sock.settimeout(SEND_TIMEOUT_S)  # small messages: this never waits in practice
            self._sock.sendall(message.serialise(serial=serial))
        except OSError as exc:
            log.info("Session D-Bus send failed: %s", exc)
            self._drop()
            return False
        finally:
            if self.connected:
                self._sock.setblocking(False)
        return True

    def _read(self) -> None:
        for _ in range(64):  # bounded: the rest comes with the next notification
            try:
                data = self._sock.recv(65536)
            except (BlockingIOError, InterruptedError):
                break
            except OSError:
                data = b""
            if not data:
                self._drop()
                return
            self._parser.add_data(data)
        while (message := self._parser.get_next_message()) is not None:
            self._dispatch(message)

    def _dispatch(self, message: Message) -> None:
        kind = message.header.message_type
        if kind in (MessageType.method_return, MessageType.error):
            serial = message.header.fields.get(HeaderFields.reply_serial, -1)
            handler = self._pending.pop(serial, None)
            if handler is not None:
                handler(message)
        elif kind is MessageType.signal:
            self.signal_received.emit(message)

    def _drop(self) -> None:
        if self.connected:
            log.info("Session D-Bus connection closed")
            self.close()
            self.lost.emit()
