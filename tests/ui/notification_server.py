"""A real org.freedesktop.Notifications service for the notification tests (own process).

It owns the name on the bus it is given, answers Notify / CloseNotification /
GetCapabilities / GetServerInformation as a desktop's notification server does, writes
each call as a JSON line to stdout, and offers the tests a control interface
(test.softphone.Control: InvokeAction(u, s), Dismiss(u)) that makes it emit the
ActionInvoked / NotificationClosed signals a person clicking the bubble would cause.
Written with jeepney (pure-Python D-Bus) so the server side shares no code with QtDBus.

Usage: python notification_server.py BUS_ADDRESS [LIFETIME_S]
"""

from __future__ import annotations

import itertools
import json
import sys
import time

from jeepney import DBusAddress, HeaderFields, MessageType, new_error, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
CONTROL = "test.softphone.Control"
EMITTER = DBusAddress(PATH, interface=NAME)
INTROSPECTION = """<node>
 <interface name="org.freedesktop.Notifications">
  <method name="Notify">
   <arg name="app_name" type="s" direction="in"/><arg name="replaces_id" type="u" direction="in"/>
   <arg name="app_icon" type="s" direction="in"/><arg name="summary" type="s" direction="in"/>
   <arg name="body" type="s" direction="in"/><arg name="actions" type="as" direction="in"/>
   <arg name="hints" type="a{sv}" direction="in"/>
   <arg name="expire_timeout" type="i" direction="in"/>
   <arg name="id" type="u" direction="out"/>
  </method>
  <method name="CloseNotification"><arg name="id" type="u" direction="in"/></method>
  <method name="GetCapabilities"><arg name="caps" type="as" direction="out"/></method>
  <signal name="ActionInvoked"><arg name="id" type="u"/><arg name="action_key" type="s"/></signal>
  <signal name="NotificationClosed"><arg name="id" type="u"/><arg name="reason" type="u"/></signal>
 </interface>
</node>"""


def record(kind: str, **fields: object) -> None:
    print(json.dumps({"call": kind, **fields}, ensure_ascii=False), flush=True)


def main(address: str, lifetime_s: float) -> int:
    conn = open_dbus_connection(bus=address)
    reply = conn.send_and_get_reply(message_bus.RequestName(NAME, 4))  # 4: do not queue
    if reply.body[0] != 1:
        print(json.dumps({"call": "error", "reason": "name taken"}), flush=True)
        return 1
    record("ready")
    ids = itertools.count(1)
    deadline = time.monotonic() + lifetime_s
    while time.monotonic() < deadline:
        try:
            msg = conn.receive(timeout=0.5)
        except TimeoutError:
            continue
        if msg.header.message_type is not MessageType.method_call:
            continue
        member = msg.header.fields.get(HeaderFields.member)
        interface = msg.header.fields.get(HeaderFields.interface)
        signature = msg.header.fields.get(HeaderFields.signature, "")
        if member == "Introspect":
            conn.send(new_method_return(msg, "s", (INTROSPECTION,)))
        elif interface == NAME and member == "Notify":
            app, replaces, icon, summary, body, actions, hints, timeout = msg.body
            nid = replaces or next(ids)
            record("Notify", id=nid, app=app, replaces=replaces, icon=icon, summary=summary,
                   body=body, actions=list(actions), timeout=timeout, signature=signature,
                   hints={k: [sig, v if isinstance(v, int | str | bool) else repr(v)]
                          for k, (sig, v) in hints.items()})
            conn.send(new_method_return(msg, "u", (nid,)))
        elif interface == NAME and member == "CloseNotification":
            record("CloseNotification", id=msg.body[0])
            conn.send(new_method_return(msg))
            conn.send(new_signal(EMITTER, "NotificationClosed", "uu", (msg.body[0], 3)))
        elif interface == NAME and member == "GetCapabilities":
            conn.send(new_method_return(msg, "as", (["actions", "body", "persistence"],)))
        elif interface == NAME and member == "GetServerInformation":
            conn.send(new_method_return(msg, "ssss", ("test", "softphone", "1", "1.2")))
        elif interface == CONTROL and member == "InvokeAction":
            nid, action = msg.body
            conn.send(new_signal(EMITTER, "ActionInvoked", "us", (nid, action)))
            conn.send(new_signal(EMITTER, "NotificationClosed", "uu", (nid, 2)))
            conn.send(new_method_return(msg))
        elif interface == CONTROL and member == "Dismiss":
            conn.send(new_signal(EMITTER, "NotificationClosed", "uu", (msg.body[0], 2)))
            conn.send(new_method_return(msg))
        else:
            conn.send(new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 120.0))
