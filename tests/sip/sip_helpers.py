"""Helpers shared by the SIP tests: free ports, event waits, peer processes, WAV levels."""

from __future__ import annotations

import array
import contextlib
import math
import os
import signal
import socket
import subprocess
import time
import wave
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from bench.sip_answer import sipp_media_port  # noqa: F401  (re-exported: the one copy)
from softphone.sip import EngineConfig, Event, SipEngine, TransportKind

E = TypeVar("E")
SCENARIOS = Path(__file__).parent / "scenarios"


def free_port(kind: str = "udp") -> int:
    """A port that was free on 127.0.0.1 a moment ago (bind to 0, read, close)."""
    sock_type = socket.SOCK_DGRAM if kind == "udp" else socket.SOCK_STREAM
    with socket.socket(socket.AF_INET, sock_type) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def free_udp_tcp_port() -> int:
    """A port free for both UDP and TCP (kamailio and baresip listen on both)."""
    for _ in range(50):
        port = free_port("udp")
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no port free for both UDP and TCP")


class EventLog:
    """Collects the events one engine published, with pumping waits for tests."""

    def __init__(self, engine: SipEngine) -> None:
        self.engine = engine
        self.events: list[Event] = []
        engine.subscribe(self.events.append)

    def of(self, kind: type[E]) -> list[E]:
        return [e for e in self.events if isinstance(e, kind)]

    def wait(
        self, kind: type[E], where: Callable[[E], bool] = lambda e: True, timeout_s: float = 5.0
    ) -> E:
        found: list[E] = []

        def seen() -> bool:
            found[:] = [e for e in self.of(kind) if where(e)]
            return bool(found)

        assert self.engine.wait_for(seen, timeout_s), f"no {kind.__name__} within {timeout_s}s"
        return found[0]


def engine_config(**overrides: object) -> EngineConfig:
    options: dict[str, object] = {
        "bind_address": "127.0.0.1",
        "udp_port": 0,
        "tcp_port": 0,
        "null_audio": True,
        "log_level": 4,
    }
    options.update(overrides)
    return EngineConfig(**options)  # type: ignore[arg-type]


def sip_address(engine: SipEngine, kind: TransportKind = TransportKind.UDP) -> str:
    return engine.transports[kind]


class Processes:
    """Starts peers and guarantees they end: each is killed by its own pid at teardown."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, args: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
        out = open(self.log_dir / f"{name}-{len(self.procs)}.log", "wb")  # noqa: SIM115
        proc = subprocess.Popen(  # type: ignore[call-overload]
            args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, **kwargs
        )
        out.close()
        self.procs.append(proc)
        return proc

    def output(self, proc: subprocess.Popen[bytes]) -> str:
        index = self.procs.index(proc)
        matches = sorted(self.log_dir.glob(f"*-{index}.log"))
        return matches[0].read_text(errors="replace") if matches else ""

    @staticmethod
    def stop(proc: subprocess.Popen[bytes], timeout_s: float = 3.0) -> int | None:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout_s)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(timeout_s)
        return proc.returncode

    def stop_all(self) -> None:
        for proc in self.procs:
            self.stop(proc)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)  # workers of daemons we started


def wav_rms(path: Path) -> float:
    """RMS of a 16-bit WAV, 0..1 (digital silence is 0.0)."""
    with wave.open(str(path), "rb") as wav:
        assert wav.getsampwidth() == 2
        frames = wav.readframes(wav.getnframes())
    samples = array.array("h", frames)
    if not samples:
        return 0.0
    return math.sqrt(sum(s * s for s in samples) / len(samples)) / 32768.0


def wait_until(predicate: Callable[[], bool], timeout_s: float, step_s: float = 0.05) -> bool:
    """For waits that need no pumping (files appearing, processes exiting)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step_s)
    return predicate()


class Peer:
    """Client side of sip_peer.py: send commands, collect its JSON events from a reader thread."""

    def __init__(self, processes: Processes) -> None:
        import json
        import sys
        import threading

        self._json = json
        self.lines: list[dict[str, object]] = []
        peer = Path(__file__).with_name("sip_peer.py")
        self.proc = subprocess.Popen(
            [sys.executable, str(peer)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        processes.procs.append(self.proc)  # type: ignore[arg-type]
        threading.Thread(target=self._read, daemon=True).start()
        ready = self.wait(lambda m: "ready" in m, 10)
        self.address = str(ready["ready"])

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("{"):
                self.lines.append(self._json.loads(line))

    def send(self, command: str, engine: SipEngine | None = None) -> object:
        assert self.proc.stdin is not None
        mark = len(self.lines)
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        name = command.split()[0]
        reply = self.wait(lambda m: m.get("reply") == name, 10, start=mark, engine=engine)
        assert "error" not in reply, reply
        return reply["result"]

    def wait(
        self,
        where: Callable[[dict[str, object]], bool],
        timeout_s: float,
        start: int = 0,
        engine: SipEngine | None = None,
    ) -> dict[str, object]:
        """First message matching; pumps `engine` meanwhile so our side keeps working."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for message in self.lines[start:]:
                if where(message):
                    return message
            if engine is not None:
                engine.pump(10)
            else:
                time.sleep(0.01)
        raise AssertionError(f"peer sent nothing matching within {timeout_s}s: {self.lines[-5:]}")

    def quit(self, engine: SipEngine | None = None) -> int:
        """Ask the peer to shut down; pump `engine` meanwhile so our side answers its BYEs."""
        assert self.proc.stdin is not None
        self.proc.stdin.write("quit\n")
        self.proc.stdin.flush()
        if engine is not None and engine.started:
            engine.wait_for(lambda: self.proc.poll() is not None, 10)
        return self.proc.wait(10)


class Kamailio:
    """A registrar on 127.0.0.1 (UDP and TCP, one port) with a static digest password."""

    def __init__(
        self, processes: Processes, workdir: Path, password: str,
        tls: tuple[Path, Path] | None = None, tls_method: str = "TLSv1.2+",
    ) -> None:
        """`tls` = (certificate chain, key): also listen on TLS (`tls_port`), kamailio's tls.so."""
        self.processes, self.workdir, self.password = processes, workdir, password
        self.port = free_udp_tcp_port()
        self.tls_port = free_port("tcp") if tls else 0
        template = Path(__file__).with_name("kamailio.cfg.in").read_text()
        workdir.mkdir(parents=True, exist_ok=True)
        self.cfg = workdir / "kamailio.cfg"
        tls_cfg = workdir / "kamailio-tls.cfg"
        if tls:
            tls_cfg.write_text(
                f"[server:default]\nmethod = {tls_method}\nverify_certificate = no\n"
                f"require_certificate = no\ncertificate = {tls[0]}\nprivate_key = {tls[1]}\n"
                "[client:default]\nverify_certificate = no\nrequire_certificate = no\n"
            )
        self.cfg.write_text(
            template.replace("@PORT@", str(self.port)).replace("@PASSWORD@", password)
            .replace("@TLS_PORT@", str(self.tls_port)).replace("@TLS_CFG@", str(tls_cfg))
        )
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def server(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        run = self.workdir / "run"
        run.mkdir(exist_ok=True)
        self.proc = self.processes.start(
            "kamailio",
            ["kamailio", "-f", str(self.cfg), "-DD", "-E", "-P", str(run / "k.pid"),
             "-Y", str(run), "-w", str(run), "-m", "16", "-M", "4",
             *(["-A", "WITH_TLS"] if self.tls_port else [])],
        )
        assert wait_until(lambda: self._listening(), 10), "kamailio did not start"

    def _listening(self) -> bool:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(0.2)
            return sock.connect_ex(("127.0.0.1", self.port)) == 0

    def stop(self) -> None:
        if self.proc is not None:
            kill_group(self.proc)
            self.proc = None

    def __enter__(self) -> Kamailio:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def make_test_pki(folder: Path) -> Path:
    """CAs "ca" and "otherca" (self-signed) and server certificates with their keys:
    good (localhost and 127.0.0.1, from ca), wrongname (sip.example.test, from ca),
    unknown (localhost and 127.0.0.1, from otherca). Files: NAME.pem and NAME.key."""

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=60)

    d = folder
    for ca in ("ca", "otherca"):
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(d / f"{ca}.key"),
                "-out", str(d / f"{ca}.pem"), "-days", "2", "-subj", f"/CN={ca} test CA")
    for name, ca, cn, san in (
        ("good", "ca", "localhost", "DNS:localhost,IP:127.0.0.1"),
        ("wrongname", "ca", "sip.example.test", "DNS:sip.example.test"),
        ("unknown", "otherca", "localhost", "DNS:localhost,IP:127.0.0.1"),
    ):
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(d / f"{name}.key"),
                "-out", str(d / f"{name}.csr"), "-subj", f"/CN={cn}")
        (d / f"{name}.ext").write_text(f"subjectAltName={san}\nbasicConstraints=CA:FALSE\n")
        openssl("x509", "-req", "-in", str(d / f"{name}.csr"), "-CA", str(d / f"{ca}.pem"),
                "-CAkey", str(d / f"{ca}.key"), "-CAcreateserial", "-out",
                str(d / f"{name}.pem"), "-days", "2", "-extfile", str(d / f"{name}.ext"))
    return d


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM our child, then make sure the session it leads (its workers) is gone too."""
    Processes.stop(proc)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # the group we created with start_new_session
