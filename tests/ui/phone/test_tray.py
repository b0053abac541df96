"""The tray icon on a real X server with a real tray host: answer and reject from its menu.

Xvfb and trayer (an XEmbed system tray, Debian's package `trayer`; `stalonetray` is not in
Debian 12) run privately; the window runs in tests/ui/tray_child.py on the xcb platform,
because this test process is on the offscreen platform, which has no tray. sipp calls it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sip.sip_helpers import Processes
from tests.ui.dbus_helpers import wait_for
from tests.ui.xvfb_helpers import start_xvfb

pytestmark = pytest.mark.timeout(90)
ROOT = Path(__file__).resolve().parents[3]
SCENARIOS = Path(__file__).parents[1] / "scenarios"


@pytest.fixture
def tray_display(processes: Processes) -> str:
    """A private Xvfb with trayer owning its system tray; both killed by pid at teardown."""
    display = start_xvfb(processes, 240, "1024x768x24")
    processes.start("trayer", ["trayer", "--edge", "top", "--align", "right",
                               "--width", "10", "--height", "24"],
                    env=dict(os.environ, DISPLAY=display))
    return display


def run_child(processes: Processes, display: str, command: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT))
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # no desktop bus: the tray balloon path is used
    return processes.start(
        "tray-child", [sys.executable, "-m", "tests.ui.tray_child", command], env=env, cwd=ROOT
    )


def events(processes: Processes, proc: subprocess.Popen[bytes]) -> dict[str, dict]:
    lines = processes.output(proc).splitlines()
    found = {}
    for line in lines:
        if line.startswith("{"):
            record = json.loads(line)
            found[record["event"]] = record
    return found


def sipp(processes: Processes, scenario: str, number: str, address: str):
    from tests.sip.sip_helpers import free_port, sipp_media_port

    return processes.start(
        "sipp",
        ["sipp", "-sf", str(SCENARIOS / scenario), "-key", "caller", number, "-s", "operator",
         "-i", "127.0.0.1", "-p", str(free_port()), "-mp", str(sipp_media_port()), "-m", "1",
         "-d", "300", "-nostdin", "-timeout", "20s", "-timeout_error", address],
    )


@pytest.mark.parametrize(
    ("command", "scenario", "number"),
    [("answer", "uac_named_caller.xml", "+79161234567"),  # the window hangs up, sipp answers BYE
     ("reject", "uac_caller_busy.xml", "+74951230000")],  # sipp wants its 486
)
def test_the_tray_menu_answers_and_rejects_a_real_call(
    processes: Processes, tray_display: str, command: str, scenario: str, number: str
) -> None:
    child = run_child(processes, tray_display, command)
    ready = wait_for(lambda: events(processes, child).get("ready"), 20, "the window")
    assert ready["available"], processes.output(child)
    assert ready["tray"] and ready["visible"]
    assert ready["has_answer"] and ready["has_reject"]
    caller = sipp(processes, scenario, number, ready["address"])
    seen = wait_for(lambda: "idle" in events(processes, child) and events(processes, child),
                    30, "the call to be handled")
    assert seen["ringing"]["number"] == number
    assert seen["ringing"]["path"] == "tray balloon"
    if command == "answer":
        assert seen["confirmed"]["number"] == number
    assert caller.wait(20) == 0, processes.output(caller)  # 200 OK + BYE, or the 486 it wanted
    assert child.wait(20) == 0
