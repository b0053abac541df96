"""The intake service as a real process on 127.0.0.1 (tests and bench/intake_load.py).

Started exactly as an admin would (`python -m softphone intake ...`), stopped by its pid.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.pgserver import free_port

ROOT = Path(__file__).resolve().parents[2]


class IntakeServer:
    def __init__(self, database_url: str, *extra: str, log: Path | None = None) -> None:
        self.database_url, self.extra, self.log = database_url, list(extra), log
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, attempts: int = 3, timeout: float = 30.0) -> IntakeServer:
        for _ in range(attempts):  # the free port may be taken by someone else meanwhile
            self.port = free_port()
            args = [sys.executable, "-m", "softphone", "intake", "--host", "127.0.0.1"]
            args += ["--port", str(self.port), "--database", self.database_url, *self.extra]
            out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
            try:
                self.process = subprocess.Popen(
                    args, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=_env()
                )
            finally:
                if self.log:
                    out.close()  # type: ignore[union-attr]
            if self._wait_healthy(timeout):
                return self
            self.stop()
        raise RuntimeError(f"intake service did not start (log: {self.log})")

    def _wait_healthy(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                return False
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return True
            time.sleep(0.1)
        return False

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop by pid: `sig` first (SIGKILL for a crash), SIGKILL if it lingers."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        os.kill(process.pid, sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=15)

    def __enter__(self) -> IntakeServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SOFTPHONE_DATABASE_URL", None)  # --database says which one
    env["PYTHONPATH"] = str(ROOT)
    return env
