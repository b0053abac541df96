"""What the live speech coaching costs and how quickly and how well it tells.

- CPU per call: both sides of a call (espeak-ng Russian, talking in turns with overlaps and
  pauses) are handed to a CoachTap in real time, 20 ms frames per side, from one thread as
  PJSIP's clock thread does; the analysis thread's own CPU time over the run, in % of one
  core. Also the time `offer` takes on the audio thread (it must never wait).
- Delay to the meter: real-time steps in the audio (silence -> speech onset, a quiet -> loud
  step of the operator's voice, speech -> silence past the 5 s pause limit) and the time until
  a snapshot shows it, polled every 10 ms; the window reads a snapshot every 250 ms, so the
  meter shows it at most that much later (frames arrive whole: 20 ms of audio each).
- Rate error: the syllable-nuclei estimate against the text's vowels over its speech time, on
  espeak-ng -v ru at 110/160/230 wpm, two texts, two amplitudes (no call: the real-call test
  tests/sip/test_sound_coaching.py checks the same through PJSIP).

    .venv/bin/python -m bench speech_coach [--seconds 60]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from softphone.coaching.coach import Loudness
from softphone.coaching.limits import CoachLimits
from softphone.coaching.side import SideAnalyzer
from softphone.coaching.tap import CoachTap
from softphone.ui.coaching.controller import REFRESH_MS
from tests.coaching.speech import RATES, TEXTS, make_speech, silence, sounding

FRAME = 640  # 20 ms of 16 kHz s16


class Clock(threading.Thread):
    """Hands both sides' frames to the tap every 20 ms of real time, like the bridge's clock."""

    def __init__(self, tap: CoachTap, operator: bytes, caller: bytes) -> None:
        super().__init__(name="bench-clock", daemon=True)
        self.tap = tap
        n = max(len(operator), len(caller)) // FRAME
        self.operator = operator.ljust(n * FRAME, b"\0")
        self.caller = caller.ljust(n * FRAME, b"\0")
        self.frames = n
        self.offer_s: list[float] = []
        self.started = 0.0

    def run(self) -> None:
        self.started = next_at = time.monotonic()
        for i in range(self.frames):
            for side, pcm in (("operator", self.operator), ("caller", self.caller)):
                t0 = time.perf_counter()
                self.tap.offer(side, pcm[i * FRAME : (i + 1) * FRAME])
                self.offer_s.append(time.perf_counter() - t0)
            next_at += 0.02
            time.sleep(max(0.0, next_at - time.monotonic()))


def _conversation(folder: Path, seconds: float) -> tuple[bytes, bytes]:
    """Turns: caller speaks, operator answers (overlapping the end), a pause; repeated."""
    caller = make_speech(folder, TEXTS[0], 160).pcm
    operator = make_speech(folder, TEXTS[1], 150, volume=0.6).pcm
    op_side, caller_side = bytearray(), bytearray()
    while len(caller_side) < seconds * 32000:
        caller_side += caller + silence(len(operator) / 32000 - 1.0) + silence(2.0)
        op_side += silence(len(caller) / 32000 - 1.0) + operator + silence(2.0) + silence(1.0)
    return bytes(op_side[: int(seconds * 32000)]), bytes(caller_side[: int(seconds * 32000)])


def cpu_per_call(folder: Path, seconds: float) -> dict[str, float]:
    operator, caller = _conversation(folder, seconds)
    tap = CoachTap(CoachLimits())
    tap.start()
    tap.begin_call()
    clock = Clock(tap, operator, caller)
    clock.start()
    clock.join(seconds + 30)
    time.sleep(0.3)
    wall = time.monotonic() - clock.started
    figures = tap.end_call()
    tap.stop()
    offers = sorted(clock.offer_s)
    return {
        "seconds": wall,
        "cpu_pct": 100 * tap.busy_s / wall,
        "per_frame_us": 1e6 * tap.busy_s / max(1, tap.analysed),
        "offer_p99_us": 1e6 * offers[int(len(offers) * 0.99)],
        "offer_max_us": 1e6 * offers[-1],
        "dropped": tap.dropped,
        "overtalk": figures.overtalk_count if figures else -1,
    }


def _delay(tap: CoachTap, clock: Clock, change_at: float, seen: Callable[[], bool],
           poll_s: float, limit_s: float = 10.0) -> float:
    """Seconds from the change in the audio to the first poll that shows it."""
    while time.monotonic() < clock.started + change_at:
        time.sleep(0.001)
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if seen():
            return time.monotonic() - (clock.started + change_at)
        time.sleep(poll_s)
    return float("inf")


def meter_delays(folder: Path, poll_s: float) -> dict[str, float]:
    """Each change is placed where the audio really changes (the first/last 10 ms above
    -70 dBFS: espeak-ng's own lead-in and tail silences measured, not assumed)."""
    quiet = make_speech(folder, TEXTS[1], 150, volume=0.1).pcm
    loud = make_speech(folder, TEXTS[1], 150, volume=0.6).pcm
    loud_from, loud_to = sounding(loud)
    results: dict[str, float] = {}
    limits = CoachLimits(pause_limit_s=5.0)

    def run(operator: bytes, name: str, change_at: float,
            seen: Callable[[CoachTap], bool]) -> None:
        tap = CoachTap(limits)
        tap.start()
        tap.begin_call()
        clock = Clock(tap, operator, silence(len(operator) / 32000))
        clock.start()
        while not clock.started:
            time.sleep(0.001)
        results[name] = _delay(tap, clock, change_at, lambda: seen(tap), poll_s)
        clock.join(60)
        tap.stop()

    run(silence(1.0) + loud, "speech onset -> speaking", 1.0 + loud_from,
        lambda t: bool((s := t.snapshot()) and s.operator_speaking))
    step = len(quiet) / 32000
    run(quiet + loud, "quiet -> loud: band turns good", step + loud_from,
        lambda t: bool((s := t.snapshot()) and s.loudness is Loudness.GOOD))
    run(loud + silence(7.0), "speech ends -> pause warning past 5 s", loud_to + 5.0,
        lambda t: bool((s := t.snapshot()) and s.pause_warning))
    return results


def rate_errors(folder: Path) -> list[tuple[str, int, float, float, float, float]]:
    rows = []
    for number, text in enumerate(TEXTS, 1):
        for wpm in RATES:
            for volume in (0.2, 1.0):
                speech = make_speech(folder, text, wpm, volume=volume)
                side = SideAnalyzer()
                for i in range(0, len(speech.pcm) - FRAME + 1, FRAME):
                    side.feed(speech.pcm[i : i + FRAME])
                rate = side.figures().rate or 0.0
                error = 100 * (rate / speech.true_rate - 1)
                rows.append((f"text {number}", wpm, volume, speech.true_rate, rate, error))
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench speech_coach")
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="speech-coach-") as tmp:
        folder = Path(tmp)
        cpu = cpu_per_call(folder, args.seconds)
        fast = meter_delays(folder, 0.01)
        rates = rate_errors(folder)
    print(f"CPU per call ({cpu['seconds']:.0f} s of both sides in real time, target <= 10 %)")
    print("| analysis thread, % of one core | per 20 ms frame | offer() p99 / max | dropped |")
    print("|---|---|---|---|")
    print(f"| {cpu['cpu_pct']:.1f} % | {cpu['per_frame_us']:.0f} us | "
          f"{cpu['offer_p99_us']:.0f} / {cpu['offer_max_us']:.0f} us | {cpu['dropped']:.0f} |")
    print("\nDelay from a change in the audio to the meter (target <= 1 s)")
    print(f"| change | analysis (polled every 10 ms) | on the meter, worst case "
          f"(+ one {REFRESH_MS} ms refresh of the window) |")
    print("|---|---|---|")
    window = {name: delay + REFRESH_MS / 1000 for name, delay in fast.items()}
    for name in fast:
        print(f"| {name} | {fast[name]:.2f} s | {window[name]:.2f} s |")
    print("\nSpeaking rate on espeak-ng -v ru (syllables/s of speech; target within ±20 %)")
    print("| text | wpm | volume | true | estimated | error |")
    print("|---|---|---|---|---|---|")
    for text, wpm, volume, true, rate, error in rates:
        print(f"| {text} | {wpm} | {volume:g} | {true:.2f} | {rate:.2f} | {error:+.1f} % |")
    errors = [abs(r[-1]) for r in rates]
    print(f"\nrate error: mean |error| {statistics.mean(errors):.1f} %, worst {max(errors):.1f} %")
    ok = cpu["cpu_pct"] <= 10 and max(window.values()) <= 1.0 and max(errors) <= 20
    return 0 if ok else 1
