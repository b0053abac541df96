"""A throwaway PostgreSQL server on 127.0.0.1 for tests and benchmarks.

Shared by tests/conftest.py and bench/crm_lookup.py (no softphone imports here). PostgreSQL
refuses to run as root, so as root every server command runs as the `postgres` OS user.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

from tests.watchdog import start_watchdog

_FAST_SETTINGS = {
    # Throwaway data: durability costs time and buys nothing.
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "60",
}


class PostgresUnavailable(RuntimeError):
    """The PostgreSQL binaries are missing or the server would not start."""


def find_bindir() -> Path:
    """The newest /usr/lib/postgresql/*/bin with pg_ctl (or $PG_BINDIR)."""
    explicit = os.environ.get("PG_BINDIR")
    candidates = [explicit] if explicit else glob.glob("/usr/lib/postgresql/*/bin")
    usable = [Path(c) for c in candidates if c and (Path(c) / "pg_ctl").exists()]
    if not usable:
        raise PostgresUnavailable(
            "PostgreSQL server binaries not found (looked for /usr/lib/postgresql/*/bin/pg_ctl); "
            "install them with `scripts/bootstrap.sh test` (Debian package `postgresql`)"
        )
    return max(usable, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgServer:
    """One postmaster in a temporary directory; stop() removes everything it made."""

    def __init__(self, settings: dict[str, str] | None = None) -> None:
        self.bindir = find_bindir()
        self.settings = {**_FAST_SETTINGS, **(settings or {})}
        self.as_root = os.geteuid() == 0
        self.root = Path(tempfile.mkdtemp(prefix="softphone-pg-"))
        self.datadir = self.root / "data"
        self.sockdir = self.root / "sock"
        self.logfile = self.root / "server.log"
        self.port = 0
        self.pid: int | None = None
        self._watchdog: subprocess.Popen[bytes] | None = None

    # -- lifecycle -----------------------------------------------------------------------

    def start(self, attempts: int = 3) -> PgServer:
        try:
            self.sockdir.mkdir()
            if self.as_root:
                shutil.chown(self.root, "postgres")
                shutil.chown(self.sockdir, "postgres")
            self._run(
                "initdb",
                "-D",
                str(self.datadir),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
                "--no-instructions",
            )
            last_error = ""
            for _ in range(attempts):  # the free port may be taken by someone else meanwhile
                self.port = free_port()
                if self._pg_ctl_start():
                    return self
                last_error = self._log_tail()
            raise PostgresUnavailable(f"PostgreSQL did not start:\n{last_error}")
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop the server (fast, then by pid) and delete its directory; safe to call twice."""
        if self.datadir.joinpath("postmaster.pid").exists():
            self._run(
                "pg_ctl",
                "stop",
                "-D",
                str(self.datadir),
                "-m",
                "fast",
                "-w",
                "-t",
                "30",
                check=False,
            )
        if self.pid is not None:
            self._kill_if_alive(self.pid)
            self.pid = None
        if self._watchdog is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._watchdog.wait(timeout=5)  # it exits once the postmaster is gone
            self._watchdog = None
        shutil.rmtree(self.root, ignore_errors=True)

    def pause(self) -> None:
        """Stop the server but keep its data and port: a database outage, until resume()."""
        self._run("pg_ctl", "stop", "-D", str(self.datadir), "-m", "fast", "-w", "-t", "30")
        self.pid = None
        if self._watchdog is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._watchdog.wait(timeout=5)  # it exits once the postmaster is gone
            self._watchdog = None

    def resume(self) -> None:
        """Start a paused server again on the same port."""
        if not self._pg_ctl_start():
            raise PostgresUnavailable(f"PostgreSQL did not start again:\n{self._log_tail()}")

    def _pg_ctl_start(self) -> bool:
        options = [f"-p {self.port}", f"-k {self.sockdir}", "-c listen_addresses=127.0.0.1"]
        options += [f"-c {key}={value}" for key, value in self.settings.items()]
        result = self._run(
            "pg_ctl", "start", "-w", "-t", "60", "-D", str(self.datadir), "-l",
            str(self.logfile), "-o", " ".join(options), check=False,
        )
        if result.returncode != 0:
            return False
        self.pid = self._postmaster_pid()
        self._start_watchdog()
        return True

    def __enter__(self) -> PgServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- databases -----------------------------------------------------------------------

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{dbname}"

    def dsn(self, dbname: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={dbname}"

    def execute(self, sql: str) -> None:
        """Run an admin statement (CREATE/DROP DATABASE cannot run in a transaction)."""
        with psycopg.connect(self.dsn(), autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def create_database(self, name: str, template: str | None = None) -> str:
        clause = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        self.execute(f'CREATE DATABASE "{name}"{clause}')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    # -- helpers -------------------------------------------------------------------------

    def _run(
        self, program: str, *args: str, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bindir / program), *args]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        result = subprocess.run(
            cmd, cwd=self.root, capture_output=True, text=True, timeout=120, check=False
        )
        if check and result.returncode != 0:
            raise PostgresUnavailable(
                f"{program} failed ({result.returncode}): {result.stderr or result.stdout}"
            )
        return result

    def _start_watchdog(self) -> None:
        """A killed test run (timeout, SIGKILL) never reaches stop(): the watchdog then takes
        the server down so no postmaster outlives its owner."""
        if self.pid is None:
            return
        self._watchdog = start_watchdog(self.pid, self.root, signal.SIGQUIT, grace_s=10.0)

    def _postmaster_pid(self) -> int | None:
        try:
            return int(self.datadir.joinpath("postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def _log_tail(self) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-20:])
        except OSError:
            return "(no server log)"

    @staticmethod
    def _kill_if_alive(pid: int) -> None:
        for sig in (signal.SIGQUIT, signal.SIGKILL):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                return
            for _ in range(50):
                time.sleep(0.1)
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, 0)
                    continue
                return
