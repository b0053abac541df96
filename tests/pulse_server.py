"""A private PulseAudio for tests and benchmarks: the operator's headset without a sound card.

Shared by tests and bench/ (no pytest, no softphone imports here), like tests/pgserver.py.
One daemon in a temporary directory (own XDG_RUNTIME_DIR and HOME, so it never touches a
desktop's sound server) with two null sinks, "headset" and "speakers", whose monitors are what
the operator would hear, and a FIFO microphone "mic" (module-pipe-source).

module-pipe-source has no clock of its own: with nobody writing, the source delivers nothing at
all (a reader just waits), and a second of PCM written at once arrives at once. So a feeder
thread writes 10 ms chunks on a steady monotonic schedule (queued PCM, else silence): the
microphone then behaves like a real one, 100 chunks a second, and a click's write time is known.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from tests.watchdog import start_watchdog

MIC_RATE = 16000
CHUNK_MS = 10

_DEFAULT_SINKS = (("headset", "Headset"), ("speakers", "Speakers"))

class PulseUnavailable(RuntimeError):
    """pulseaudio/pactl are missing or the daemon would not start."""


def tone(freq: float, seconds: float, rate: int = MIC_RATE, amplitude: float = 0.5) -> bytes:
    """s16le mono sine: the test signal for both directions."""
    t = np.arange(round(seconds * rate)) / rate
    return (np.sin(2 * np.pi * freq * t) * amplitude * 32767).astype("<i2").tobytes()


class MicFeeder(threading.Thread):
    """Writes the FIFO microphone in real time: queued PCM first, silence when there is none.

    Non-blocking writes: if PulseAudio stops reading (source suspended) the pipe fills and chunks
    are dropped and counted rather than stalling the clock.
    """

    def __init__(self, fifo: Path, rate: int = MIC_RATE, max_seconds: float = 3600.0) -> None:
        super().__init__(name="pulse-mic-feeder", daemon=True)
        self.fifo = fifo
        self.chunk_bytes = rate * CHUNK_MS // 1000 * 2
        self.max_seconds = max_seconds
        self.dropped_chunks = 0
        self.written_chunks = 0
        self._pending: queue.Queue[tuple[bytes, Callable[[float], None] | None]] = queue.Queue()
        self._current = b""
        self._halt = threading.Event()

    def write(self, pcm: bytes, on_written: Callable[[float], None] | None = None) -> None:
        """Queue s16le mono PCM; on_written(time.monotonic()) runs as its first chunk is written."""
        self._pending.put((pcm, on_written))

    def clear(self) -> None:
        """Forget queued PCM (the microphone goes back to silence)."""
        with contextlib.suppress(queue.Empty):
            while True:
                self._pending.get_nowait()
        self._current = b""

    def stop(self) -> None:
        self._halt.set()
        if self.is_alive():
            self.join(timeout=2)

    def run(self) -> None:
        fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)  # the pipe source holds it open
        try:
            period = CHUNK_MS / 1000
            start = time.monotonic()
            n = 0
            while not self._halt.is_set() and time.monotonic() - start < self.max_seconds:
                chunk, callback = self._next_chunk()
                try:
                    if callback is not None:
                        callback(time.monotonic())
                    os.write(fd, chunk)
                    self.written_chunks += 1
                except BlockingIOError:
                    self.dropped_chunks += 1
                except BrokenPipeError:
                    return  # the source module was unloaded
                n += 1
                delay = start + n * period - time.monotonic()
                if delay > 0:
                    self._halt.wait(delay)
                elif delay < -0.5:  # starved for half a second: restart the schedule, no burst
                    start, n = time.monotonic(), 0
        finally:
            os.close(fd)

    def _next_chunk(self) -> tuple[bytes, Callable[[float], None] | None]:
        callback = None
        if not self._current:
            try:
                self._current, callback = self._pending.get_nowait()
            except queue.Empty:
                return bytes(self.chunk_bytes), None
        chunk, self._current = self._current[: self.chunk_bytes], self._current[self.chunk_bytes :]
        return chunk.ljust(self.chunk_bytes, b"\0"), callback


class Recorder:
    """A background `parec` of one source (e.g. "headset.monitor"), s16le mono.

    `chunks` keeps (monotonic arrival time, bytes) so a benchmark can stamp what it hears.
    """

    def __init__(
        self,
        env: dict[str, str],
        source: str,
        rate: int = MIC_RATE,
        latency_ms: int = 10,
        on_chunk: Callable[[float, bytes], None] | None = None,
    ) -> None:
        self.rate = rate
        self.chunks: list[tuple[float, bytes]] = []
        self._on_chunk = on_chunk
        self._proc = subprocess.Popen(
            [
                "parec",
                "-d",
                source,
                "--raw",
                "--format=s16le",
                f"--rate={rate}",
                "--channels=1",
                f"--latency-msec={latency_ms}",
            ],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._thread = threading.Thread(target=self._read, name=f"parec-{source}", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self._proc.stdout is not None
        while True:
            data = os.read(self._proc.stdout.fileno(), 4096)
            if not data:
                return
            now = time.monotonic()
            self.chunks.append((now, data))
            if self._on_chunk is not None:
                self._on_chunk(now, data)

    def stop(self) -> np.ndarray:
        """End parec (by its pid) and return everything it recorded as int16 samples."""
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout=2)
        self._thread.join(timeout=2)
        data = b"".join(chunk for _, chunk in self.chunks)
        return np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").copy()


@dataclass
class PulseServer:
    """One PulseAudio daemon in a temporary directory; stop() removes everything it made."""

    sinks: tuple[tuple[str, str], ...] = _DEFAULT_SINKS
    mic_rate: int = MIC_RATE
    log_level: str = "notice"  # "debug" logs every client underrun (bench audio_path counts them)
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="softphone-pulse-")))
    pid: int | None = None
    modules: dict[str, int] = field(default_factory=dict)
    feeder: MicFeeder | None = None
    _module_args: dict[str, str] = field(default_factory=dict)
    _watchdog: subprocess.Popen[bytes] | None = None

    @property
    def runtime_dir(self) -> Path:
        return self.root / "run"

    @property
    def socket_path(self) -> Path:
        return self.runtime_dir / "pulse" / "native"

    @property
    def log_path(self) -> Path:
        return self.root / "pulse.log"

    @property
    def fifo(self) -> Path:
        return self.root / "mic.fifo"

    @property
    def env(self) -> dict[str, str]:
        """The variables a client needs to reach this daemon (and nothing else)."""
        return {
            "XDG_RUNTIME_DIR": str(self.runtime_dir),
            "PULSE_SERVER": f"unix:{self.socket_path}",
            "HOME": str(self.root / "home"),
        }

    def environ(self) -> dict[str, str]:
        """os.environ with env applied: for subprocess.Popen(env=...)."""
        return {**os.environ, **self.env}

    # -- lifecycle -----------------------------------------------------------------------

    def start(self, timeout: float = 15.0) -> PulseServer:
        for program in ("pulseaudio", "pactl", "parec", "paplay"):
            if shutil.which(program) is None:
                raise PulseUnavailable(
                    f"{program} not found: install it with `scripts/bootstrap.sh test` "
                    "(Debian packages pulseaudio, pulseaudio-utils)"
                )
        try:
            self.runtime_dir.mkdir(mode=0o700)
            (self.root / "home").mkdir()
            result = subprocess.run(
                [
                    "pulseaudio",
                    "-n",
                    "--daemonize=yes",
                    "--exit-idle-time=-1",
                    "--use-pid-file=yes",
                    f"--log-target=file:{self.log_path}",
                    f"--log-level={self.log_level}",
                    "-L",
                    "module-native-protocol-unix",
                ],
                env=self.environ(),
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
            if result.returncode != 0:
                raise PulseUnavailable(f"pulseaudio did not start: {result.stderr.strip()}")
            self.pid = int((self.runtime_dir / "pulse" / "pid").read_text().split()[0])
            self._start_watchdog()
            self._wait_ready(timeout)
            for name, description in self.sinks:
                self._module_args[name] = (
                    f"sink_name={name} sink_properties=device.description={description}"
                )
                self.modules[name] = self.load_module("module-null-sink", self._module_args[name])
            # The module makes the FIFO itself (and refuses a path that already exists).
            self.modules["mic"] = self.load_module(
                "module-pipe-source",
                f"source_name=mic file={self.fifo} format=s16le rate={self.mic_rate} channels=1 "
                "source_properties=device.description=Microphone",
            )
            self.pactl("set-default-sink", self.sinks[0][0])
            self.pactl("set-default-source", "mic")
            self.feeder = MicFeeder(self.fifo, self.mic_rate)
            self.feeder.start()
            return self
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop the feeder and the daemon (SIGTERM, SIGKILL after 2 s); safe to call twice."""
        feeder, self.feeder = self.feeder, None
        try:
            if feeder is not None:
                feeder.stop()
        finally:
            self._stop_daemon()

    def _stop_daemon(self) -> None:
        pid = self.pid
        if pid is None:
            with contextlib.suppress(OSError, ValueError, IndexError):
                pid = int((self.runtime_dir / "pulse" / "pid").read_text().split()[0])
        if pid is not None:
            _kill_if_alive(pid)
            self.pid = None
        if self._watchdog is not None:  # the daemon is gone: nothing left to guard
            self._watchdog.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._watchdog.wait(timeout=3)
            self._watchdog = None
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PulseServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- control -------------------------------------------------------------------------

    def pactl(self, *args: str, timeout: float = 10.0) -> str:
        result = subprocess.run(
            ["pactl", *args],
            env=self.environ(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise PulseUnavailable(f"pactl {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout

    def load_module(self, name: str, arguments: str = "") -> int:
        # one argument: pactl joins them anyway, and quoted values (aec_args="a=0 b=1") survive
        return int(self.pactl("load-module", name, arguments).strip())

    def unplug(self, sink: str) -> None:
        """Unload a sink's module: what a headset pulled out mid-call looks like to clients."""
        self.pactl("unload-module", str(self.modules.pop(sink)))

    def plug(self, sink: str) -> None:
        """Load the sink again with the same name and description (plugged back in)."""
        self.modules[sink] = self.load_module("module-null-sink", self._module_args[sink])

    def short_list(self, kind: str) -> list[str]:
        """Names from `pactl list short sinks|sources|sink-inputs|...`."""
        return [line.split("\t")[1] for line in self.pactl("list", "short", kind).splitlines()]

    # -- sound in and out ----------------------------------------------------------------

    def write_mic(self, pcm: bytes, on_written: Callable[[float], None] | None = None) -> None:
        """Speak into the microphone: s16le mono PCM at mic_rate, played in real time."""
        assert self.feeder is not None, "start() first"
        self.feeder.write(pcm, on_written)

    def recorder(
        self,
        source: str,
        rate: int = MIC_RATE,
        latency_ms: int = 10,
        on_chunk: Callable[[float, bytes], None] | None = None,
    ) -> Recorder:
        """Start recording a source now (e.g. "headset.monitor"); stop() returns the samples."""
        return Recorder(self.environ(), source, rate, latency_ms, on_chunk)

    def record(self, source: str, seconds: float, rate: int = MIC_RATE) -> np.ndarray:
        """Record a source for `seconds` and return int16 mono samples."""
        rec = self.recorder(source, rate)
        time.sleep(seconds)
        return rec.stop()

    def play(self, sink: str, pcm: bytes, rate: int = MIC_RATE, timeout: float = 30.0) -> None:
        """Play s16le mono PCM to a sink with paplay and wait until it has been played."""
        subprocess.run(
            [
                "paplay",
                "--raw",
                "-d",
                sink,
                "--format=s16le",
                f"--rate={rate}",
                "--channels=1",
            ],
            input=pcm,
            env=self.environ(),
            capture_output=True,
            timeout=timeout,
            check=True,
        )

    # -- helpers -------------------------------------------------------------------------

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            try:
                self.pactl("info", timeout=3)
                return
            except (PulseUnavailable, subprocess.TimeoutExpired) as exc:
                last = str(exc)
            time.sleep(0.1)
        raise PulseUnavailable(f"pactl info never answered: {last}")

    def _start_watchdog(self) -> None:
        if self.pid is None:
            return
        self._watchdog = start_watchdog(self.pid, self.root, signal.SIGTERM, grace_s=2.0)


@contextlib.contextmanager
def pulse_server(**kwargs: object) -> Iterator[PulseServer]:
    """`with pulse_server() as pulse:` for scripts and benches; a fixture can wrap it."""
    server = PulseServer(**kwargs).start()  # type: ignore[arg-type]
    try:
        yield server
    finally:
        server.stop()


def _alive(pid: int) -> bool:
    """The daemonized PulseAudio is not our child: once dead it may linger as a zombie until
    PID 1 reaps it, and kill(pid, 0) still succeeds on a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False


def _kill_if_alive(pid: int, grace: float = 2.0) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if not _alive(pid):
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            if not _alive(pid):
                return
            time.sleep(0.02)
