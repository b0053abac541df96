"""Takes a test server down when the test run that started it dies without stopping it.

A killed pytest never reaches a fixture's stop(); a daemonized PostgreSQL or PulseAudio would
then outlive it and keep its ports and folders. `start_watchdog` runs this module as its own
process (own session, so it survives the owner's process group): it polls both pids and, once
the owner is gone, sends the daemon its shutdown signal, SIGKILL after `grace_s`, and removes
the server's folder. Standard library only: it must start fast and import nothing of ours.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

WATCH_HOURS = 12


def alive(pid: int) -> bool:
    """Running, not a zombie (a daemonized server is reparented and may linger as one)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False


def start_watchdog(
    daemon: int, root: Path, shutdown: signal.Signals, grace_s: float
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, __file__, str(os.getpid()), str(daemon), str(root),
         str(int(shutdown)), str(grace_s)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def watch(owner: int, daemon: int, root: str, shutdown: int, grace_s: float) -> None:
    deadline = time.monotonic() + WATCH_HOURS * 3600
    while time.monotonic() < deadline and alive(daemon):
        if not alive(owner):
            os.kill(daemon, shutdown)
            ends = time.monotonic() + grace_s
            while alive(daemon) and time.monotonic() < ends:
                time.sleep(0.1)
            if alive(daemon):
                os.kill(daemon, signal.SIGKILL)
            time.sleep(0.5)
            shutil.rmtree(root, ignore_errors=True)
            return
        time.sleep(0.5)


if __name__ == "__main__":
    watch(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), float(sys.argv[5]))
