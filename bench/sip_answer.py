"""INVITE -> 200 OK latency of the engine's auto-answer vs a bare pjsua2 UAS, driven by sipp.

sipp (built-in `uac` scenario, 127.0.0.1, bounded rate and count) logs every message with a
microsecond timestamp (-trace_msg); per call we take the time from sending the INVITE to
receiving the 200 OK for it. Both UASes pump libHandleEvents(10) in a loop on one thread.
"""

from __future__ import annotations

import argparse
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

_SEPARATOR = re.compile(r"^-{20,} (\S+)\s+(\S+)\s*$", re.M)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sipp_media_port() -> int:
    """A UDP port P with P+2 free too, for sipp's -mp P: sipp binds its RTP echo on P (audio)
    and P+2 (video) and exits 254 at start if P+2 is taken, which free_port() leaves to chance
    (the tests' sipp peers use this too)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as audio:
            audio.bind(("127.0.0.1", 0))
            port = int(audio.getsockname()[1])
            if port + 2 > 65535:
                continue
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as video:
                try:
                    video.bind(("127.0.0.1", port + 2))
                except OSError:
                    continue
                return port
    raise RuntimeError("no UDP port P with P+2 free for sipp's media")


def start_sipp(target: str, calls: int, rate: int, workdir: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        ["sipp", "-sn", "uac", "-s", "bench", "-i", "127.0.0.1", "-p", str(free_port()),
         "-mp", str(sipp_media_port()), "-m", str(calls), "-r", str(rate), "-l", "10",
         "-nostdin", "-timeout", "60s", "-timeout_error", "-trace_msg", target],
        cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def answer_times_ms(workdir: Path) -> list[float]:
    """Per Call-ID: 200 OK (to the INVITE) received minus INVITE sent, from sipp's log."""
    log = next(workdir.glob("*_messages.log")).read_text(errors="replace")
    marks = list(_SEPARATOR.finditer(log))
    sent: dict[str, datetime] = {}
    times: list[float] = []
    for i, mark in enumerate(marks):
        body = log[mark.end() : marks[i + 1].start() if i + 1 < len(marks) else len(log)]
        when = datetime.strptime(f"{mark.group(1)} {mark.group(2)}", "%Y-%m-%d %H:%M:%S.%f")
        call_id = re.search(r"^Call-ID:\s*(\S+)", body, re.M | re.I)
        cseq = re.search(r"^CSeq:\s*\d+\s+(\w+)", body, re.M | re.I)
        if not call_id or not cseq or cseq.group(1) != "INVITE":
            continue
        key = call_id.group(1)
        if "message sent" in body and re.search(r"^INVITE ", body, re.M) and key not in sent:
            sent[key] = when
        elif "message received" in body and re.search(r"^SIP/2.0 200", body, re.M) and (
            key in sent
        ):
            times.append((when - sent.pop(key)).total_seconds() * 1000)
    return times


def run_engine(calls: int, rate: int, workdir: Path) -> list[float]:
    from softphone.sip import EngineConfig, LocalAccountSettings, SipEngine

    engine = SipEngine(EngineConfig(bind_address="127.0.0.1", udp_port=0, null_audio=True,
                                    log_level=1, auto_answer=True))
    engine.start()
    try:
        engine.add_local_account(LocalAccountSettings(user="bench"))
        sipp = start_sipp(engine.transports["udp"], calls, rate, workdir)
        deadline = time.monotonic() + 90
        while sipp.poll() is None and time.monotonic() < deadline:
            engine.pump(10)
        if sipp.poll() is None:
            sipp.kill()
            sipp.wait()
        ok = sipp.returncode == 0
    finally:
        engine.shutdown()
    if not ok:
        print(f"  engine run: sipp exit code {sipp.returncode} (some calls failed)")
    return answer_times_ms(workdir)


def run_bare(calls: int, rate: int, workdir: Path) -> list[float]:
    port = free_port()
    uas = subprocess.Popen(
        [sys.executable, "-m", "bench.bare_pjsua2_uas", str(port), "--seconds", "100"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        assert uas.stdout is not None
        for _ in range(50):  # PJSIP prints a few lines before its log settings apply
            line = uas.stdout.readline()
            if not line or line.strip() == "ready":
                break
        assert line.strip() == "ready", "bare UAS did not start"
        sipp = start_sipp(f"127.0.0.1:{port}", calls, rate, workdir)
        sipp.wait(95)
        if sipp.returncode != 0:
            print(f"  bare run: sipp exit code {sipp.returncode} (some calls failed)")
    finally:
        if uas.stdin:
            uas.stdin.close()
        try:
            uas.wait(10)
        except subprocess.TimeoutExpired:
            uas.kill()
            uas.wait()
    return answer_times_ms(workdir)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench sip_answer")
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--rate", type=int, default=50, help="new calls per second")
    parser.add_argument("--rounds", type=int, default=2, help="alternate runs (load noise)")
    args = parser.parse_args(argv or [])
    results: dict[str, list[float]] = {"engine": [], "bare pjsua2": []}
    with tempfile.TemporaryDirectory() as tmp:
        for round_no in range(args.rounds):
            for name, runner in (("engine", run_engine), ("bare pjsua2", run_bare)):
                workdir = Path(tmp) / f"{name.replace(' ', '_')}-{round_no}"
                workdir.mkdir()
                results[name] += runner(args.calls, args.rate, workdir)
    for name, times in results.items():
        if not times:
            print(f"  {name:12s}: no answered calls measured")
            return 1
        print(
            f"  {name:12s}: {len(times)} calls, INVITE->200 OK median "
            f"{statistics.median(times):.3f} ms, p95 {p95(times):.3f} ms"
        )
    ratio = statistics.median(results["engine"]) / statistics.median(results["bare pjsua2"])
    verdict = "OK" if ratio <= 1.2 else "ABOVE TARGET"
    print(f"  ratio engine/bare median: {ratio:.2f} (target <= 1.2: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
