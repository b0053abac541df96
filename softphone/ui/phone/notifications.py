"""The incoming-call notification: a desktop notification with Answer/Reject, else a tray bubble.

Operators often sit in the CRM of another program when a call rings, so the desktop's
notification server (org.freedesktop.Notifications) shows the caller with two buttons that
act on THAT call by its id (a second call may ring meanwhile). The notification is closed
as soon as the call stops ringing here (answered, rejected, gone). Without a notification
server the tray bubble is shown; without a tray only the raised window remains. Which path
is taken is logged once, at INFO, when it is first chosen or changes.
"""

from __future__ import annotations

import html
import logging
from enum import Enum

from jeepney import DBusAddress, HeaderFields, Message, MessageType, new_method_call
from jeepney.bus_messages import MatchRule
from PySide6.QtCore import QObject, Signal

from softphone.ui.phone.session_bus import SessionBus
from softphone.ui.phone.tray import CallTray

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
NOTIFICATIONS = DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE)
URGENCY_CRITICAL = 2
NEVER_EXPIRE = 0


class NotifyPath(Enum):
    DESKTOP = "desktop notification"
    TRAY = "tray balloon"
    WINDOW = "raised window only"


class CallNotifier(QObject):
    answer_requested = Signal(int)  # call id
    reject_requested = Signal(int)  # call id

    def __init__(
        self, bus: SessionBus | None, tray: CallTray | None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.bus, self.tray = bus, tray
        self.path_used: NotifyPath | None = None
        self._shown: dict[int, int] = {}  # notification id -> call id
        self._ringing: set[int] = set()  # call ids whose Notify reply may still be on its way
        if bus is not None:
            bus.signal_received.connect(self._on_signal)
            bus.lost.connect(self._on_bus_lost)
            for member in ("ActionInvoked", "NotificationClosed"):
                bus.watch(MatchRule(type="signal", interface=SERVICE, path=PATH, member=member))

    def notify_incoming(self, call_id: int, name: str, number: str) -> None:
        """Ask the desktop to show the call; the tray bubble if the desktop cannot."""
        caller = name or number
        self._ringing.add(call_id)
        if self.bus is None or not self.bus.connected:
            self._fallback(caller)
            return
        body = html.escape(f"{name}\n{number}" if name and number and name != number else caller,
                           quote=False)
        message = new_method_call(
            NOTIFICATIONS, "Notify", "susssasa{sv}i",
            (
                self.tr("Softphone"), 0, "call-start", self.tr("Incoming call"), body,
                ["answer", self.tr("Answer"), "reject", self.tr("Reject")],
                {"urgency": ("y", URGENCY_CRITICAL), "suppress-sound": ("b", True)},
                NEVER_EXPIRE,
            ),
        )
        sent = self.bus.call(message, lambda reply: self._on_notify_reply(call_id, caller, reply))
        if not sent:
            self._fallback(caller)

    def withdraw(self, call_id: int) -> None:
        """The call stopped ringing here: its notification goes away."""
        self._ringing.discard(call_id)
        for nid, shown_for in list(self._shown.items()):
            if shown_for == call_id:
                self._close(nid)

    # -- D-Bus ----------------------------------------------------------------------------------

    def _on_notify_reply(self, call_id: int, caller: str, reply: Message) -> None:
        if reply.header.message_type is MessageType.error:
            error = reply.header.fields.get(HeaderFields.error_name, "")
            log.debug("Notify refused: %s %s", error, reply.body)
            self._fallback(caller)
            return
        self._use(NotifyPath.DESKTOP)
        nid = int(reply.body[0])
        self._shown[nid] = call_id
        if call_id not in self._ringing:  # answered or gone while the server was answering
            self._close(nid)

    def _close(self, nid: int) -> None:
        self._shown.pop(nid, None)
        if self.bus is not None:
            self.bus.call(new_method_call(NOTIFICATIONS, "CloseNotification", "u", (nid,)))

    def _on_signal(self, message: Message) -> None:
        fields = message.header.fields
        if fields.get(HeaderFields.interface) != SERVICE:
            return
        member = fields.get(HeaderFields.member)
        if member == "ActionInvoked":
            nid, action = message.body
            call_id = self._shown.get(nid)
            if call_id is None:
                return  # another program's notification, or one already closed
            if action == "answer":
                self.answer_requested.emit(call_id)
            elif action == "reject":
                self.reject_requested.emit(call_id)
        elif member == "NotificationClosed":
            self._shown.pop(message.body[0], None)  # dismissed or expired: the call rings on

    def _on_bus_lost(self) -> None:
        self._shown.clear()

    # -- fallbacks ------------------------------------------------------------------------------

    def _fallback(self, caller: str) -> None:
        if self.tray is not None:
            self._use(NotifyPath.TRAY)
            self.tray.notify_incoming(caller)
        else:
            self._use(NotifyPath.WINDOW)

    def _use(self, path: NotifyPath) -> None:
        if path is not self.path_used:
            log.info("Incoming calls are announced by: %s", path.value)
            self.path_used = path
