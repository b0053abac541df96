"""Ringing bursts against the running window (issue 14): sipp at 20 calls/s for 30 s.

Each sipp call rings for 1 s and gives up (CANCEL), or hears 486 when every line is taken
(bench/scenarios/uac_ring_cancel_or_busy.xml accepts both). The window is the real one
(offscreen), with the engine, the bridge's 10 ms pump and the call log on a temporary SQLite
database. Printed: the GUI thread's longest and p99 stall (a 10 ms QTimer's lateness), calls
that rang and calls refused (the engine's and sipp's counts), calls logged, RSS before and
after. Then the same burst against baresip (auto-answer off: it rings), from sipp's side.
Targets: process alive, every call rung or refused and logged, stall p99 <= 50 ms,
RSS growth <= 10 MB.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from bench.sip_answer import free_port, sipp_media_port
from softphone.crm.customers.calls import CallLogService
from softphone.crm.db import Database
from softphone.settings import Settings
from softphone.sip import EngineConfig, LocalAccountSettings, SipEngine
from softphone.sip.events import IncomingCall
from softphone.ui.bridge import EngineBridge
from softphone.ui.gc_thread import collect_on_gui_thread, settle
from softphone.ui.main_window import MainWindow
from softphone.ui.tasks import TaskRunner

SCENARIO = Path(__file__).parent / "scenarios" / "uac_ring_cancel_or_busy.xml"
_SCREEN_LINE = re.compile(r"^\s*(\d{3})\s+<-+\s+(\d+)", re.M)
_CALLS = re.compile(r"^\s*(Successful|Failed) call\s+\|\s*\d+\s*\|\s*(\d+)", re.M)


def rss_mb(pid: int | None = None) -> float:
    text = Path(f"/proc/{pid or 'self'}/status").read_text()
    kb = int(re.search(r"^VmRSS:\s+(\d+)", text, re.M).group(1))  # type: ignore[union-attr]
    return kb / 1024


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def start_sipp(target: str, rate: int, seconds: int, workdir: Path) -> subprocess.Popen[bytes]:
    calls = rate * seconds
    return subprocess.Popen(
        ["sipp", "-sf", str(SCENARIO), "-key", "caller", "+79120000000", "-s", "operator",
         "-i", "127.0.0.1", "-p", str(free_port()), "-mp", str(sipp_media_port()),
         "-m", str(calls), "-r", str(rate), "-l", str(rate * 3), "-nostdin",
         "-timeout", f"{seconds + 30}s", "-timeout_error", "-trace_screen", target],
        cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def sipp_outcome(workdir: Path) -> dict[str, int]:
    """Responses received (180/486/487) and successful/failed calls, from sipp's last screen."""
    screens = sorted(workdir.glob("*_screen.log"))
    text = screens[-1].read_text(errors="replace") if screens else ""
    out: dict[str, int] = {}
    for code, count in _SCREEN_LINE.findall(text):
        out[code] = out.get(code, 0) + int(count)
    for kind, count in _CALLS.findall(text):
        out[kind.lower()] = int(count)
    return out


def wait_process(app: QApplication, proc: subprocess.Popen[bytes], limit_s: float) -> None:
    deadline = time.monotonic() + limit_s
    while proc.poll() is None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.002)
    if proc.poll() is None:
        proc.kill()
        proc.wait(5)


def run_window(rate: int, seconds: int, workdir: Path) -> int:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    collect_on_gui_thread(app)  # as the app does: no Qt destructor on a worker
    engine = SipEngine(
        EngineConfig(bind_address="127.0.0.1", udp_port=0, null_audio=True, log_level=1)
    )
    engine.start()
    engine.add_local_account(LocalAccountSettings(user="operator"))
    db = Database.open(f"sqlite:///{workdir / 'line_stress.db'}")
    runner = TaskRunner()
    bridge = EngineBridge(engine)
    settings = Settings()
    settings.path = workdir / "settings.json"
    call_log = CallLogService(db)
    window = MainWindow(bridge, settings, runner, call_log, None, "bench")
    bridge.start()
    window.show()
    settle()  # as the app does once started: start-up objects out of the scans
    rang = [0]
    bridge.incoming_call.connect(lambda _e: rang.__setitem__(0, rang[0] + 1))
    assert isinstance(IncomingCall, type)

    stalls: list[float] = []
    clock = QElapsedTimer()
    tick = QTimer()
    tick.setInterval(10)
    last = [0]

    def on_tick() -> None:
        now = clock.elapsed()
        stalls.append(max(0.0, now - last[0] - 10))
        last[0] = now

    tick.timeout.connect(on_tick)
    for _ in range(50):  # warm up: the first paint, the first database session
        app.processEvents()
        time.sleep(0.01)
    before = rss_mb()
    clock.start()
    last[0] = clock.elapsed()
    tick.start()
    sipp = start_sipp(engine.transports["udp"], rate, seconds, workdir)
    wait_process(app, sipp, seconds + 60)
    tick.stop()
    # the call log catches up (its writes run off the GUI thread)
    expected = rang[0] + engine.refused_count
    deadline = time.monotonic() + 30
    logged = 0
    while time.monotonic() < deadline:
        app.processEvents()
        logged = len(call_log.history(limit=100_000))
        if logged >= expected and not engine.calls():
            break
        time.sleep(0.05)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)
    after = rss_mb()
    outcome = sipp_outcome(workdir)
    alive = engine.started and bridge.running
    bridge.stop()
    runner.shutdown()
    engine.shutdown()
    db.dispose()
    window.close()
    sent = rate * seconds
    print(f"window: {sent} calls sent by sipp at {rate}/s for {seconds} s; alive {alive}")
    print(f"  rang {rang[0]}, refused {engine.refused_count} (sipp: 180 x{outcome.get('180', 0)}, "
          f"486 x{outcome.get('486', 0)}, successful {outcome.get('successful', 0)}, "
          f"failed {outcome.get('failed', 0)})")
    print(f"  logged {logged} of {rang[0] + engine.refused_count} (missed calls in the call log)")
    print(f"  GUI stall max {max(stalls, default=0):.1f} ms, p99 {percentile(stalls, 99):.1f} ms, "
          f"p95 {percentile(stalls, 95):.1f} ms over {len(stalls)} ticks")
    print(f"  RSS before {before:.1f} MB, after {after:.1f} MB, growth {after - before:+.1f} MB"
          f" (peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB)")
    ok = (alive and rang[0] + engine.refused_count == sent and logged == sent
          and percentile(stalls, 99) <= 50 and after - before <= 10)
    print(f"  targets (alive, all rung or refused and logged, p99 <= 50 ms, RSS +10 MB): "
          f"{'met' if ok else 'NOT met'}")
    return 0 if ok else 1


def run_baresip(rate: int, seconds: int, workdir: Path) -> None:
    folder = workdir / "baresip"
    folder.mkdir()
    port = free_port()
    (folder / "config").write_text(
        f"sip_listen 127.0.0.1:{port}\nsip_transports udp\nnet_interface 127.0.0.1\n"
        f"rtp_ports {free_port()}-{free_port() + 200}\naudio_source aufile,/dev/null\n"
        "audio_player aufile,/dev/null\naudio_alert aufile,/dev/null\n"
        "module_path /usr/lib/baresip/modules\nmodule g711.so\nmodule aufile.so\n"
        "module_app account.so\nmodule_app menu.so\n"
    )
    (folder / "accounts").write_text(
        "<sip:operator@127.0.0.1>;regint=0;answermode=manual;audio_codecs=PCMU\n"
    )
    log = open(workdir / "baresip.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(["baresip", "-f", str(folder), "-t", str(seconds + 60)],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    log.close()
    try:
        deadline = time.monotonic() + 15
        while b"baresip is ready." not in (workdir / "baresip.log").read_bytes():
            if proc.poll() is not None or time.monotonic() > deadline:
                print("baresip: did not start")
                return
            time.sleep(0.05)
        before = rss_mb(proc.pid)
        sipp_dir = workdir / "sipp-baresip"
        sipp_dir.mkdir()
        sipp = start_sipp(f"127.0.0.1:{port}", rate, seconds, sipp_dir)
        try:
            sipp.wait(seconds + 60)
        except subprocess.TimeoutExpired:
            sipp.kill()
            sipp.wait(5)
        alive = proc.poll() is None
        after = rss_mb(proc.pid) if alive else 0.0
        o = sipp_outcome(sipp_dir)
        print(f"baresip: {rate * seconds} calls; alive {alive}; 180 x{o.get('180', 0)}, "
              f"486 x{o.get('486', 0)}, successful {o.get('successful', 0)}, "
              f"failed {o.get('failed', 0)} (no call log); RSS {before:.1f} -> {after:.1f} MB")
        if not o.get("180") and os.environ.get("LINE_STRESS_DEBUG"):
            print((workdir / "baresip.log").read_text(errors="replace")[-3000:])
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench line_stress")
    parser.add_argument("--rate", type=int, default=20, help="calls per second (default 20)")
    parser.add_argument("--seconds", type=int, default=30, help="burst length (default 30)")
    parser.add_argument("--no-baresip", action="store_true")
    args = parser.parse_args(argv)
    if not 1 <= args.rate <= 100 or not 1 <= args.seconds <= 120:
        print("rate 1..100 and seconds 1..120 only", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="line_stress-") as tmp:
        workdir = Path(tmp)
        (workdir / "window").mkdir()
        status = run_window(args.rate, args.seconds, workdir / "window")
        if not args.no_baresip:
            run_baresip(args.rate, args.seconds, workdir)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
