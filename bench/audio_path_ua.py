"""Our UA for bench audio_path: the engine with its sound path, as the app runs them.

A child process (so its CPU can be read from /proc/PID/stat): QApplication offscreen, SipEngine
with attach_sound() and auto-answer, SoundPath on the private PulseAudio ("mic", "headset",
"speakers"), EngineBridge pumping from the GUI thread like the window does, and a GUI thread
kept busy on purpose:
- `--gui-load burn` (default): a QTimer burns ~50 ms of pure Python every ~100 ms;
- `--gui-load history`: the real call history panel refreshing with a search every 300 ms
  over a seeded SQLite CRM (bench.history_panel's data);
- `--gui-load none`.
Prints `ready <sip uri>`, then `load L P T` every second (L: the deliberate load's own CPU
seconds, P: the whole process's, both read at monotonic time T, so the bench subtracts a load
measured at the same instant), `tap caller|operator T` for each click crossing the conference
bridge's boundary (bench/audio_tap_stamps.py: the engine's SoundBuffers.tap, which this UA
takes for itself), and `stats ...` (the jitter buffers' counters) when stdin closes or time
runs out.
Tuning aids: AUDIO_PATH_TRACE=FILE (the jitter buffers' fill every 100 ms), AUDIO_PATH_PROFILE=FILE
(cProfile of the GUI thread for the whole run, pstats format), AUDIO_PATH_AEC=1 (echo canceller),
AUDIO_PATH_PLAY_MS=N (PulseAudio's playback buffer instead of streams.PLAY_MS),
AUDIO_PATH_CHUNK_MS=N (what the playback thread moves per loop), AUDIO_PATH_CAPTURE_MS=N (what
the capture thread reads per loop, and the server's fragment) and AUDIO_PATH_MARGIN_MS=N
(the jitter buffers' margin instead of SoundBuffers' default), for A/B runs.

    python -m bench.audio_path_ua [--seconds 200] [--gui-load burn|history|none]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from bench.audio_tap_stamps import ClickStamper
from softphone.sip import EngineConfig, LocalAccountSettings, SipEngine
from softphone.sip.sound import SoundBuffers
from softphone.ui.bridge import EngineBridge
from softphone.ui.sound import SoundPath, streams

BURN_MS, BURN_EVERY_MS = 50, 100


class GuiLoad:
    """Work on the GUI thread that competes with the engine pump and the sound callbacks."""

    def __init__(self) -> None:
        self.cpu_s = 0.0  # thread CPU spent in the load itself

    def timed(self, work: Callable[[], None]) -> None:
        started = time.thread_time()
        try:
            work()
        finally:
            self.cpu_s += time.thread_time() - started


def burn() -> None:
    """~50 ms of pure Python holding the GIL, like a slow slot."""
    end = time.perf_counter() + BURN_MS / 1000
    total = 0
    while time.perf_counter() < end:
        total += sum(range(200))


def history_load(workdir: Path) -> tuple[Callable[[], None], list[object]]:
    """The real HistoryPanel on a seeded CRM; each call refreshes it with the next search
    (the query runs on the TaskRunner, the rows are built on the GUI thread)."""
    from bench.crm_lookup import seed_sqlite
    from bench.history_panel import SCENARIOS, seed_calls
    from softphone.crm.customers.calls import CallLogService
    from softphone.crm.db import Database
    from softphone.ui.phone.history_panel import HistoryPanel
    from softphone.ui.tasks import TaskRunner

    db = Database.open(f"sqlite:///{workdir / 'crm.sqlite3'}")
    seed_sqlite(db, 20_000)
    seed_calls(db, 20_000, 20_000)
    runner = TaskRunner()
    panel = HistoryPanel(CallLogService(db), runner)
    panel.resize(900, 600)
    panel.show()
    step = [0]

    def refresh() -> None:
        if panel.loading:
            return
        key, search = SCENARIOS[step[0] % len(SCENARIOS)]
        step[0] += 1
        panel.search_edit.blockSignals(True)
        panel.search_edit.setText(search)
        panel.search_edit.blockSignals(False)
        panel.set_filter(key)

    def close() -> None:
        runner.shutdown()
        db.dispose()

    return refresh, [panel, close]


def rtp_jitter_buffer(engine: SipEngine) -> list[str]:
    """PJSIP's RTP jitter buffer of the live call (the downlink's first buffer in our UA)."""
    for call in list(engine._calls.values()):  # a bench probe: read only
        try:
            jb = call.getStreamStat(0).jbuf
        except Exception:  # no media yet, or the call just ended
            continue
        return [f"rtp jbuf avg {jb.avgDelayMsec} ms (min {jb.minDelayMsec}, max"
                f" {jb.maxDelayMsec}), prefetch {jb.prefetch} frames, lost {jb.lost},"
                f" discarded {jb.discard}, empty {jb.empty}"]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.audio_path_ua")
    parser.add_argument("--seconds", type=float, default=200.0, help="hard limit on the run")
    parser.add_argument("--gui-load", choices=("burn", "history", "none"), default="burn")
    args = parser.parse_args(argv)

    app = QApplication(sys.argv[:1])
    engine = SipEngine(EngineConfig(bind_address="127.0.0.1", udp_port=0, null_audio=True,
                                    log_level=1, auto_answer=True))
    if os.environ.get("AUDIO_PATH_PLAY_MS"):
        streams.PLAY_MS = int(os.environ["AUDIO_PATH_PLAY_MS"])
    if os.environ.get("AUDIO_PATH_CHUNK_MS"):
        streams.CHUNK_MS = int(os.environ["AUDIO_PATH_CHUNK_MS"])
    if os.environ.get("AUDIO_PATH_CAPTURE_MS"):
        streams.CAPTURE_MS = int(os.environ["AUDIO_PATH_CAPTURE_MS"])
    margin = os.environ.get("AUDIO_PATH_MARGIN_MS")
    buffers = engine.attach_sound(SoundBuffers(float(margin)) if margin else None)
    stamper = ClickStamper(buffers.rate)
    buffers.tap = stamper  # clicks at the bridge's boundary: what our path adds
    engine.start()
    engine.add_local_account(LocalAccountSettings(user="ua"))
    path = SoundPath(buffers)
    path.start(b"mic", b"headset", b"speakers")
    if os.environ.get("AUDIO_PATH_AEC"):  # the microphone through the echo canceller
        path.set_processing(True, False, False)
    bridge = EngineBridge(engine)
    bridge.attach_sound(path)
    bridge.start()

    load = GuiLoad()
    keep: list[object] = []
    timers: list[QTimer] = []
    with tempfile.TemporaryDirectory() as tmp:
        if args.gui_load != "none":
            if args.gui_load == "burn":
                work, every = burn, BURN_EVERY_MS
            else:
                work, keep = history_load(Path(tmp))
                every = 300
            timer = QTimer()
            timer.timeout.connect(lambda: load.timed(work))
            timer.start(every)
            timers.append(timer)
        trace_path = os.environ.get("AUDIO_PATH_TRACE")
        if trace_path:  # fill levels of the jitter buffers every 100 ms, for tuning
            trace = open(trace_path, "w")  # noqa: SIM115  (closed with the process)
            keep.append(trace.close)
            tracer = QTimer()
            tracer.timeout.connect(lambda: print(
                f"{time.monotonic():.3f} out {buffers.headset_out.fill_ms:.1f}"
                f" in {buffers.headset_in.fill_ms:.1f}", file=trace, flush=True))
            tracer.start(100)
            timers.append(tracer)
        jbuf: list[str] = []

        def every_second() -> None:
            for line in stamper.drain():
                print(line)
            print(f"load {load.cpu_s:.4f} {time.process_time():.4f} {time.monotonic():.4f}",
                  flush=True)
            jbuf[:] = rtp_jitter_buffer(engine) or jbuf  # the last seen during the call

        report = QTimer()
        report.timeout.connect(every_second)
        report.start(1000)
        timers.append(report)

        stdin_closed = threading.Event()
        threading.Thread(target=lambda: (sys.stdin.read(), stdin_closed.set()), daemon=True).start()
        watch = QTimer()
        watch.timeout.connect(lambda: stdin_closed.is_set() and app.quit())
        watch.start(100)
        timers.append(watch)
        QTimer.singleShot(int(args.seconds * 1000), app.quit)

        print(f"ready sip:ua@{engine.transports['udp']}", flush=True)
        profile_path = os.environ.get("AUDIO_PATH_PROFILE")
        profiler = cProfile.Profile() if profile_path else None  # the GUI thread only
        try:
            if profiler is not None:
                profiler.runcall(app.exec)
            else:
                app.exec()
        finally:
            if profiler is not None and profile_path:
                profiler.dump_stats(profile_path)
            for timer in timers:
                timer.stop()
            stats = buffers.stats()
            for line in stamper.drain():
                print(line)
            print("stats " + "; ".join(
                f"{name} underruns {s.underruns} overruns {s.overruns} dropped {s.dropped_samples}"
                f" inserted {s.inserted_samples} fill {s.fill_ms:.0f} ms"
                for name, s in stats.items() if name != "ringer_out"
            ) + (f"; {jbuf[-1]}" if jbuf else ""), flush=True)
            bridge.stop()
            path.stop()
            engine.shutdown()
            for item in keep:
                if callable(item):
                    item()
            keep.clear()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
