"""A private Xvfb for tests that need a real X server (screenshots, the system tray)."""

from __future__ import annotations

import time
from pathlib import Path

from tests.sip.sip_helpers import Processes


def start_xvfb(processes: Processes, first: int, size: str = "1280x800x24") -> str:
    """Xvfb on the first free display number from `first`; `processes` kills it by pid."""
    for number in range(first, first + 100):
        if Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
            continue
        proc = processes.start(
            "xvfb", ["Xvfb", f":{number}", "-screen", "0", size, "-nolisten", "tcp"]
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                return f":{number}"
            time.sleep(0.05)
        processes.stop(proc)  # lost a race for this number: try the next one
    raise RuntimeError("no free X display number")
