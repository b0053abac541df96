"""How much delay, how many glitches and how much CPU the sound path adds, next to baresip.

One private PulseAudio (tests/pulse_server.py): its null sink "headset" is the operator's ear
(its monitor is recorded) and its FIFO source "mic" the mouth. A far end (bare pjsua2 in a
subprocess, bench/audio_far_end.py) calls the auto-answering UA under test over 127.0.0.1 and:
- downlink: sends a 10 ms click every --period s, stamped with CLOCK_MONOTONIC as its bridge
  takes it; a `parec --latency-msec=10` reader of headset.monitor stamps the click's onset;
- uplink: the bench writes a click into the FIFO microphone half a period later, stamped as
  its chunk enters the FIFO (the feeder writes 10 ms chunks in real time); the far end stamps
  the onset's arrival at its conference port.
Onsets are back-dated within the chunk they arrived in, so stamps have ~10 ms granularity
(tests/test_audio_path_bench.py calibrates FIFO -> parec at -10..+10 ms).
End-to-end figures include the far end's port and jitter buffer, the network, our UA's RTP
jitter buffer and bridge frame, and ~10 ms of parec, the same for every UA: they compare UAs
on one setup, they are not absolute mouth-to-ear delays (audio-notes.md). For our UA the
bench also splits them where the issue's "our path" begins, at the conference bridge: the UA
stamps each click as the bridge hands it to the headset port / takes it from there
(SoundBuffers.tap, bench/audio_tap_stamps.py), so "added by our path" is port -> ear (parec's
~10 ms included) and FIFO write -> port. baresip offers no such tap: end to end only.

Underruns: PulseAudio's debug log names each playback stream that ran dry ("Implicit underrun
of 'NAME'"): the same yardstick for every UA (our UA's streams are 'playback' and 'ringer',
which plays silence between rings). Overruns: record data PulseAudio could not hand over
("Failed to push data"). Our UA also reports its jitter buffers' own counters (whole run).
The sinks are null sinks, which render in bursts: a real sound card may underrun less.
CPU: utime+stime of the UA process (/proc/PID/stat), % of one core, during the call and for
IDLE_S before it (for our UA minus the deliberate GUI load, which runs in the same process);
"the call adds" is the difference, what the issue's "per call" target is compared with.

    .venv/bin/python -m bench audio_path [--seconds 130] [--period 1.5] [--only baresip|ours]
        [--gui-load burn|history|none]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench import thread_cpu
from bench.audio_far_end import RATE, click_frame, free_port
from bench.audio_path_report import TARGET_MS, Figures, median, report, verdict
from tests.pulse_server import PulseServer

CLICK_THRESHOLD = 4000
REFRACTORY_S = 0.5
SETTLE_S = 2.0  # start-up underruns of a fresh stream are not what the operator hears mid-call
IDLE_S = 5.0  # CPU of the UA before the call, for comparison
_TICK = os.sysconf("SC_CLK_TCK")


class NotAvailable(RuntimeError):
    """The UA under test cannot run here yet (e.g. our sound path has not landed)."""


class ClickDetector:
    """Stamps click onsets in a stream of s16le chunks (each stamped when it arrived)."""

    def __init__(self, rate: int = RATE) -> None:
        self.rate = rate
        self.onsets: list[float] = []
        self._last = 0.0

    def feed(self, arrived: float, data: bytes) -> None:
        samples = np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2")
        loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > CLICK_THRESHOLD)
        if loud.size == 0:
            return
        onset = arrived - (samples.size - int(loud[0])) / self.rate  # last sample came "now"
        if onset - self._last > REFRACTORY_S:
            self._last = onset
            self.onsets.append(onset)


def match_latencies(sent: list[float], arrived: list[float], window: float) -> list[float]:
    """For each sent click the first arrival within `window` seconds after it, in ms."""
    result = []
    arrivals = sorted(arrived)
    for stamp in sorted(sent):
        later = [a for a in arrivals if stamp <= a < stamp + window]
        if later:
            result.append((later[0] - stamp) * 1000)
    return result


def cpu_seconds(pid: int) -> float:
    """utime + stime of a whole process (all threads), in seconds."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def cpu_now(ua: UnderTest) -> tuple[float, float]:
    """(time, CPU seconds) of the UA: its own report if it gives one, else /proc now."""
    return ua.cpu() if ua.cpu is not None else (time.monotonic(), cpu_seconds(ua.pid))


def cpu_pct(start: tuple[float, float], end: tuple[float, float]) -> float:
    """% of one core between two (time, CPU seconds) readings."""
    return (end[1] - start[1]) / (end[0] - start[0]) * 100 if end[0] > start[0] else float("nan")


def log_since(path: Path, start: int) -> tuple[str, int]:
    """The PulseAudio log after byte offset `start`, and the offset of its end."""
    with open(path, "rb") as log:
        log.seek(start)
        data = log.read()
    return data.decode(errors="replace"), start + len(data)


def underruns_by_stream(log_text: str) -> dict[str, int]:
    """PulseAudio's "Implicit underrun of 'NAME'": a playback stream ran dry (debug log)."""
    return dict(Counter(re.findall(r"Implicit underrun of '([^']*)'", log_text)))


@dataclass
class UnderTest:
    """A running UA: where to call it, which process to watch, what it says at the end."""

    target: str
    pid: int
    stop: Callable[[], str]  # ends the UA, returns its own counters as text ("" if none)
    # (time, CPU seconds of the process not spent on the deliberate GUI load), read together
    cpu: Callable[[], tuple[float, float]] | None = None
    # click stamps at the conference bridge's boundary by side ("caller", "operator"): ours only
    taps: Callable[[], dict[str, list[float]]] = dict


# -- baresip ---------------------------------------------------------------------------------


@contextlib.contextmanager
def baresip(pulse: PulseServer, workdir: Path, seconds: float) -> Iterator[UnderTest]:
    """baresip 1.0, alsa module -> ALSA pulse plugin -> our PulseAudio, private config dir."""
    folder = workdir / "baresip"
    folder.mkdir()
    port, rtp, console = free_port(), free_port(), free_port()
    (folder / "config").write_text(
        f"sip_listen 127.0.0.1:{port}\n"
        "sip_transports udp\n"
        "net_interface 127.0.0.1\n"
        f"rtp_ports {rtp}-{min(rtp + 100, 65535)}\n"
        "audio_player alsa,pulse\n"
        "audio_source alsa,pulse\n"
        "audio_alert aufile,/dev/null\n"
        "module_path /usr/lib/baresip/modules\n"
        f"cons_listen 127.0.0.1:{console}\n"
        "module g711.so\nmodule alsa.so\nmodule aufile.so\nmodule cons.so\n"
        "module_app account.so\nmodule_app menu.so\n"
    )
    (folder / "accounts").write_text(
        "<sip:bob@127.0.0.1>;regint=0;answermode=auto;audio_codecs=PCMU\n"
    )
    log_path = workdir / "baresip.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            ["baresip", "-f", str(folder), "-t", str(int(seconds + 60))],
            env=pulse.environ(),  # PULSE_SERVER: the ALSA pulse plugin finds our daemon
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 15
        while "baresip is ready." not in log_path.read_text(errors="replace"):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"baresip did not start:\n{log_path.read_text()[-2000:]}")
            time.sleep(0.05)

        def stop() -> str:
            _end(proc)
            text = log_path.read_text(errors="replace")
            errors = text.count("alsa: write error") + text.count("alsa: read error")
            return f"alsa read/write errors: {errors}"

        yield UnderTest(f"sip:bob@127.0.0.1:{port}", proc.pid, stop)
    finally:
        _end(proc)


def _end(proc: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


# -- our UA ----------------------------------------------------------------------------------


@contextlib.contextmanager
def our_ua(
    pulse: PulseServer, workdir: Path, seconds: float, gui_load: str = "burn"
) -> Iterator[UnderTest]:
    """The engine with its sound path in a child process (bench/audio_path_ua.py) whose GUI
    thread is kept busy; its deliberate load's CPU is subtracted from the call's."""
    env = {**pulse.environ(), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.audio_path_ua", "--seconds", str(seconds + 90),
         "--gui-load", gui_load],
        env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=open(workdir / "ua.log", "wb"), text=True,  # noqa: SIM115  (closed with proc)
    )
    state: dict[str, str] = {}
    taps: dict[str, list[float]] = {"caller": [], "operator": []}
    ready = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            word, _, rest = line.strip().partition(" ")
            if word == "tap":
                side, _, stamp = rest.partition(" ")
                taps.setdefault(side, []).append(float(stamp))
                continue
            state[word] = rest
            if word == "ready":
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not ready.wait(60) or "ready" not in state:
            log = (workdir / "ua.log").read_text(errors="replace")[-3000:]
            raise NotAvailable(f"our UA did not start:\n{log}")

        def stop() -> str:
            if proc.stdin is not None and not proc.stdin.closed:
                proc.stdin.close()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                _end(proc)
            time.sleep(0.2)
            return state.get("stats", "(no stats: the UA did not report)")

        def cpu() -> tuple[float, float]:
            """The UA's latest `load L P T`: its own CPU less its load's, at the same instant
            (/proc read now against a load reported up to a second ago was off by up to 10 %
            of a core over the idle window)."""
            load_s, process_s, at = (float(v) for v in state["load"].split())
            return at, process_s - load_s

        wait_until = time.monotonic() + 5
        while "load" not in state and time.monotonic() < wait_until:
            time.sleep(0.05)
        yield UnderTest(state["ready"], proc.pid, stop, cpu, lambda: taps)
    finally:
        if proc.stdin is not None and not proc.stdin.closed:
            proc.stdin.close()
        _end(proc)


# -- one call --------------------------------------------------------------------------------


def measure_call(
    pulse: PulseServer, ua: UnderTest, name: str, seconds: float, period: float
) -> Figures:
    figures = Figures(name)
    time.sleep(1.0)
    idle_start = cpu_now(ua)
    time.sleep(IDLE_S)
    figures.idle_cpu_pct = cpu_pct(idle_start, cpu_now(ua))
    detector = ClickDetector()
    recorder = pulse.recorder("headset.monitor", RATE, latency_ms=10, on_chunk=detector.feed)
    far = subprocess.Popen(
        [sys.executable, "-m", "bench.audio_far_end", ua.target, "--seconds", str(seconds),
         "--period", str(period)],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    far_sent: list[float] = []
    far_recv: list[float] = []
    confirmed = threading.Event()
    finished = threading.Event()

    def read_far_end() -> None:
        assert far.stdout is not None
        for line in far.stdout:
            word, _, value = line.strip().partition(" ")
            if word == "sent":
                far_sent.append(float(value))
            elif word == "recv":
                far_recv.append(float(value))
            elif word == "confirmed":
                confirmed.set()
            elif word in ("done", "never"):
                break
        finished.set()

    reader = threading.Thread(target=read_far_end, daemon=True)
    reader.start()
    mic_sent: list[float] = []
    stop_clicks = threading.Event()
    at_boundary: list[Callable[[], None]] = []  # once the UA has printed its last stamps
    try:
        if not confirmed.wait(20):
            figures.note = "the far end's call was never answered"
            return figures
        time.sleep(SETTLE_S)
        figures.pulse_buffers = pulse_buffers(pulse)
        window_start = time.monotonic()
        cpu_start = cpu_now(ua)
        threads_start = thread_cpu.sample(ua.pid)
        _, log_offset = log_since(pulse.log_path, 0)

        def click_into_mic() -> None:
            click = click_frame()[: RATE * 10 // 1000 * 2]
            first = window_start + period / 2
            n = 0
            while not stop_clicks.is_set() and n < 100000:
                delay = first + n * period - time.monotonic()
                if delay > 0 and stop_clicks.wait(delay):
                    return
                pulse.write_mic(click, mic_sent.append)
                n += 1

        clicker = threading.Thread(target=click_into_mic, daemon=True)
        clicker.start()
        end_by = window_start + seconds - SETTLE_S - 1.0
        while time.monotonic() < end_by and not finished.is_set():
            time.sleep(0.2)
        stop_clicks.set()
        window = time.monotonic() - window_start
        figures.minutes = window / 60
        figures.cpu_pct = cpu_pct(cpu_start, cpu_now(ua))
        figures.threads = thread_cpu.shares(threads_start, thread_cpu.sample(ua.pid), window)
        log_text, _ = log_since(pulse.log_path, log_offset)
        figures.underruns = underruns_by_stream(log_text)
        figures.overruns = log_text.count("Failed to push data")
        clicker.join(timeout=3)
        finished.wait(seconds + 30)
        window_end = window_start + window
        down_sent = [s for s in far_sent if window_start <= s < window_end - 1.0]
        up_sent = [s for s in mic_sent if s < window_end - 1.0]
        figures.down_sent, figures.up_sent = len(down_sent), len(up_sent)
        figures.down_ms = match_latencies(down_sent, detector.onsets, period * 0.66)
        figures.up_ms = match_latencies(up_sent, far_recv, period * 0.66)
        at_boundary.append(lambda: split_at_boundary(
            figures, ua.taps(), down_sent, up_sent, detector.onsets, far_recv,
            (window_start, window_end), period * 0.66))
        return figures
    finally:
        stop_clicks.set()
        _end(far)
        recorder.stop()
        with contextlib.suppress(Exception):
            figures.own_counters = ua.stop()
        for split in at_boundary:
            split()


def split_at_boundary(
    figures: Figures, taps: dict[str, list[float]], down_sent: list[float],
    up_sent: list[float], ear: list[float], far_recv: list[float],
    window: tuple[float, float], within: float,
) -> None:
    """Each direction's delay split where the clicks crossed the conference bridge's boundary
    (our UA's tap stamps): the part our path adds, and the rest (far end, network, RTP)."""
    start, end = window
    caller = [t for t in taps.get("caller", []) if start <= t < end]
    operator = [t for t in taps.get("operator", []) if start <= t < end]
    if not caller and not operator:
        return
    figures.down_before_ms = match_latencies(down_sent, caller, within)
    figures.down_added_ms = match_latencies(
        [t for t in caller if any(0 <= t - s < within for s in down_sent)], ear, within)
    figures.up_added_ms = match_latencies(up_sent, operator, within)
    figures.up_after_ms = match_latencies(
        [t for t in operator if any(0 <= t - s < within for s in up_sent)], far_recv, within)


def pulse_buffers(pulse: PulseServer) -> str:
    """Buffer + device latency PulseAudio reports for the UA's own streams (not parec's):
    which part of the delay sits in the sound server rather than in the UA."""
    parts = []
    for kind, device in (("sink-inputs", "Sink"), ("source-outputs", "Source")):
        for block in pulse.pactl("list", kind).split("\n\n"):
            if 'application.name = "parec"' in block or "Buffer Latency" not in block:
                continue
            values = {}
            for line in block.splitlines():
                key, _, value = line.strip().partition(": ")
                if key in ("Buffer Latency", f"{device} Latency"):
                    values[key] = float(value.split()[0]) / 1000
            direction = "playback" if kind == "sink-inputs" else "capture"
            parts.append(
                f"{direction} {values.get('Buffer Latency', 0):.0f}+"
                f"{values.get(f'{device} Latency', 0):.0f} ms"
            )
    return ", ".join(parts) or "no streams"


# -- report ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench audio_path")
    parser.add_argument("--seconds", type=float, default=130.0, help="length of each call")
    parser.add_argument("--period", type=float, default=1.5, help="seconds between clicks")
    parser.add_argument("--only", choices=("baresip", "ours"), default=None)
    parser.add_argument("--gui-load", choices=("burn", "history", "none"), default="burn",
                        help="our UA's busy GUI thread: 50 ms of Python every 100 ms, or the "
                        "real history panel refreshing every 300 ms")
    args = parser.parse_args(argv or [])
    if args.seconds < 10:
        parser.error("--seconds must be at least 10")
    runs: list[tuple[str, Callable[..., contextlib.AbstractContextManager[UnderTest]]]] = [
        (f"our path (engine + sound path, GUI load {args.gui_load!r})",
         functools.partial(our_ua, gui_load=args.gui_load)),
        ("baresip 1.0 (alsa -> ALSA pulse plugin -> PulseAudio)", baresip),
    ]
    if args.only:
        runs = [runs[0]] if args.only == "ours" else [runs[1]]
    print(
        f"  one private PulseAudio, {args.seconds:.0f} s call per UA, a click every "
        f"{args.period} s each way, PCMU; target added latency <= {TARGET_MS:.0f} ms"
    )
    results: list[Figures] = []
    with PulseServer(log_level="debug") as pulse, tempfile.TemporaryDirectory() as tmp:
        for i, (name, starter) in enumerate(runs):
            workdir = Path(tmp) / str(i)
            workdir.mkdir()
            try:
                with starter(pulse, workdir, args.seconds) as ua:
                    figures = measure_call(pulse, ua, name, args.seconds, args.period)
            except NotAvailable as exc:
                figures = Figures(name, note=f"not available yet: {exc}")
            results.append(figures)
            report(figures)
    for figures in results:
        if figures.name.startswith("our path"):
            print(f"  our path: {verdict(figures) if not figures.note else figures.note}")
        elif figures.down_ms and figures.up_ms:
            down, up = median(figures.down_ms), median(figures.up_ms)
            print(f"  baseline {figures.name.split(' (')[0]}: end-to-end medians {down:.0f} / "
                  f"{up:.0f} ms (it has no tap at its bridge: no added-by-path figure)")
    return 0 if all(f.down_ms and f.up_ms for f in results if not f.note) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
