"""A private session D-Bus and a real notification server on it, for the notification tests.

dbus-daemon listens on a socket in the test's temporary folder (never the machine's bus);
the notification server is tests/ui/notification_server.py in its own process. Both are
started through tests/sip/sip_helpers.Processes, so they are killed by pid at teardown.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from jeepney import DBusAddress, new_method_call
from jeepney.io.blocking import open_dbus_connection

from tests.sip.sip_helpers import Processes

SERVER = Path(__file__).with_name("notification_server.py")
CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""
CONTROL = DBusAddress(
    "/org/freedesktop/Notifications", bus_name="org.freedesktop.Notifications",
    interface="test.softphone.Control",
)


def wait_for(check: Any, timeout_s: float = 5.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise TimeoutError(f"timed out waiting for {what}")


def start_bus(processes: Processes, folder: Path) -> str:
    """A dbus-daemon of our own; returns its address. `folder` must have a short path (a unix
    socket path is limited to 107 bytes; pytest's tmp_path can be longer)."""
    config = folder / "bus.conf"
    config.write_text(CONFIG.format(socket=folder / "bus"))
    proc = processes.start(
        "dbus-daemon", ["dbus-daemon", "--config-file", str(config), "--print-address", "--nofork"]
    )

    def address() -> str | None:
        for line in processes.output(proc).splitlines():
            if line.startswith("unix:"):
                return line.strip()
        return None

    return wait_for(address, what="dbus-daemon's address")


class NotificationServer:
    """The server process, what it was asked (JSON lines) and the buttons a person would click."""

    def __init__(self, processes: Processes, address: str) -> None:
        self.processes, self.address = processes, address
        self.proc = processes.start("notifications", [sys.executable, str(SERVER), address, "120"])
        wait_for(lambda: self.calls("ready"), what="the notification server")

    def calls(self, kind: str | None = None) -> list[dict[str, Any]]:
        lines = self.processes.output(self.proc).splitlines()
        records = [json.loads(line) for line in lines if line.startswith("{")]
        return [r for r in records if kind is None or r["call"] == kind]

    def click(self, notification_id: int, action: str) -> None:
        """What the server does when a person clicks a button: ActionInvoked, then closed."""
        with open_dbus_connection(bus=self.address) as conn:
            conn.send_and_get_reply(
                new_method_call(CONTROL, "InvokeAction", "us", (notification_id, action)),
                timeout=5,
            )
