"""Does echo cancellation work for an operator without a headset? ERLE, measured.

Far-end speech (espeak-ng) plays to the speakers; an echo of it reaches the microphone with a
delay and attenuation; the canceller's output should keep the operator's own speech and lose
the echo. ERLE (echo return loss enhancement) = power of the microphone signal / power of the
canceller's output, over the far-end-only part after 3 s of convergence. Three set-ups:

1. pywebrtc-audio (WebRTC AEC3 from PyPI), echo made with numpy (60 ms, -6 dB, a 50 ms room).
2. pywebrtc-audio on a real-time echo through a private PulseAudio: far-end written in 10 ms
   chunks to the "speakers" sink (as the app's device layer would), module-loopback from
   speakers.monitor into a null sink "room" (-6 dB), the operator's speech played into "room",
   room.monitor recorded as the microphone; each 10 ms mic frame is paired with the far-end
   frame written when it arrived (what the app can do), so the canceller must find the delay.
3. PulseAudio's module-echo-cancel aec_method=webrtc on the same echo path (far end played to
   its sink, its source recorded).

Also: how much of the operator's speech survives alone (near-only) and while both talk
(double talk, the near-end's gain in the output by projection). Target: ERLE > 15 dB.

    .venv/bin/python -m bench echo_cancel [--delay-ms 60] [--echo-db -6]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

import numpy as np

from tests.pulse_server import PulseServer, Recorder

RATE = 16000
FRAME = RATE // 100  # 10 ms: what WebRTC's APM processes
CONVERGE_S = 3.0
FAR_TEXT = (
    "Здравствуйте, вы позвонили в службу поддержки. Назовите, пожалуйста, номер вашего "
    "договора и фамилию владельца. Оператор ответит вам в течение минуты."
)
NEAR_TEXT = "Добрый день, меня зовут Анна, чем могу помочь? Уточните, пожалуйста, адрес."


def speech(text: str, voice: str) -> np.ndarray:
    """espeak-ng speech as float64 at 16 kHz mono."""
    wav = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", "150", "--stdout", text],
        capture_output=True, check=True, timeout=60,
    ).stdout
    raw = subprocess.run(
        ["sox", "-t", "wav", "-", "-r", str(RATE), "-c", "1", "-b", "16", "-e", "signed",
         "-t", "raw", "-"],
        input=wav, capture_output=True, check=True, timeout=60,
    ).stdout
    return np.frombuffer(raw, dtype="<i2").astype(np.float64) / 32768


@dataclass
class Scene:
    """Far-only, then near-only, then double talk; sample ranges of each part."""

    far: np.ndarray  # what the speakers play (the canceller's reference)
    near: np.ndarray  # what the operator says (reaches the mic without echo)
    far_only: tuple[int, int]
    near_only: tuple[int, int]
    double: tuple[int, int]


def make_scene() -> Scene:
    far_speech = speech(FAR_TEXT, "ru")
    near_speech = speech(NEAR_TEXT, "ru+f3") * 0.7
    gap = RATE // 2
    f, n = far_speech.size, near_speech.size
    total = f + gap + n + gap + f + gap
    far = np.zeros(total)
    near = np.zeros(total)
    far[:f] = far_speech
    near[f + gap : f + gap + n] = near_speech
    d0 = f + gap + n + gap
    far[d0 : d0 + f] = far_speech
    near[d0 + RATE : d0 + RATE + n] = near_speech
    return Scene(far, near, (int(CONVERGE_S * RATE), f), (f + gap, f + gap + n),
                 (d0 + RATE, d0 + RATE + n))


def room_echo(far: np.ndarray, delay_ms: float, gain_db: float, seed: int = 7) -> np.ndarray:
    """Far-end as the microphone hears it: delayed, attenuated, smeared by a 50 ms room."""
    rng = np.random.default_rng(seed)
    length = int(0.05 * RATE)
    ir = rng.standard_normal(length) * np.exp(-np.arange(length) / (0.008 * RATE))
    ir[0] += 1.0
    ir /= np.sqrt(np.sum(ir**2))
    echo = np.convolve(far, ir)[: far.size]
    shift = int(delay_ms * RATE / 1000)
    return np.concatenate([np.zeros(shift), echo])[: far.size] * 10 ** (gain_db / 20)


def to_int16(x: np.ndarray) -> np.ndarray:
    return np.clip(np.round(x * 32767), -32768, 32767).astype(np.int16)


def active_power(x: np.ndarray, ref: np.ndarray, part: tuple[int, int]) -> float:
    """Mean power of x over the 20 ms blocks of `part` where `ref` is active (not pauses)."""
    a, b = part
    blocks = [(i, i + 320) for i in range(a, b - 320, 320) if np.mean(ref[i : i + 320] ** 2) > 1e-5]
    if not blocks:
        return float("nan")
    return float(np.mean(np.concatenate([x[i:j] for i, j in blocks]) ** 2))


@dataclass
class Result:
    name: str
    erle_db: float
    near_only_db: float  # output vs mic power while only the operator speaks (0 = untouched)
    double_talk_db: float  # the operator's speech in the output during double talk
    cpu_pct: float = float("nan")
    note: str = ""


def score(
    name: str,
    scene: Scene,
    mic: np.ndarray,
    out: np.ndarray,
    cpu_pct: float,
    far_at: int = 0,
    near_at: int = 0,
) -> Result:
    """ERLE, near-only level and double-talk near-end gain from aligned mic / output arrays.

    `far_at` / `near_at`: where scene sample 0 of the echo / of the operator's voice lies in
    the arrays (the echo path's delay).
    """
    far, near = _shifted(scene.far, far_at, mic.size), _shifted(scene.near, near_at, mic.size)
    far_only = (scene.far_only[0] + far_at, min(scene.far_only[1] + far_at, mic.size))
    near_only = (scene.near_only[0] + near_at, scene.near_only[1] + near_at)
    erle = 10 * np.log10(active_power(mic, far, far_only) / active_power(out, far, far_only))
    kept = 10 * np.log10(active_power(out, near, near_only) / active_power(mic, near, near_only))
    # the canceller's output lags its input a little (8 ms for pywebrtc-audio): match first
    a, b = scene.double[0] + near_at, scene.double[1] + near_at
    talk, pad = near[a:b], RATE // 10
    lag = find_lag(out[a - pad : b + pad], talk, 2 * pad) - pad
    part = out[a + lag : a + lag + talk.size]
    gain = float(np.dot(part, talk[: part.size]) / np.dot(talk, talk))
    return Result(name, float(erle), float(kept), 20 * np.log10(max(abs(gain), 1e-6)), cpu_pct)


def _shifted(x: np.ndarray, at: int, size: int) -> np.ndarray:
    out = np.zeros(size)
    lo, hi = max(at, 0), min(at + x.size, size)
    if hi > lo:
        out[lo:hi] = x[lo - at : hi - at]
    return out


def find_lag(x: np.ndarray, ref: np.ndarray, max_lag: int) -> int:
    """The shift in samples (-max_lag..max_lag) at which x[n + lag] best matches ref[n]."""
    n = 1 << (x.size + ref.size).bit_length()
    corr = np.fft.irfft(np.fft.rfft(x, n) * np.conj(np.fft.rfft(ref, n)), n)
    lags = np.r_[np.arange(0, max_lag + 1), np.arange(-max_lag, 0)]
    values = np.r_[corr[: max_lag + 1], corr[n - max_lag :]]
    return int(lags[int(np.argmax(values))])


# -- 1. numpy echo -------------------------------------------------------------------------


def process_frames(mic: np.ndarray, ref: np.ndarray, **options: object) -> tuple[np.ndarray, float]:
    """Feed 10 ms frames through pywebrtc-audio's AudioProcessor; returns output and CPU %."""
    from pywebrtc_audio import AudioProcessor

    apm = AudioProcessor(sample_rate=RATE, echo_cancellation=True, **options)  # type: ignore[arg-type]
    mic16, ref16 = to_int16(mic), to_int16(ref)
    out = np.zeros_like(mic16)
    started = time.process_time()
    for k in range(0, mic16.size - FRAME + 1, FRAME):
        out[k : k + FRAME] = apm.process(mic16[k : k + FRAME], ref16[k : k + FRAME])
    cpu = (time.process_time() - started) / (mic16.size / RATE) * 100
    return out.astype(np.float64) / 32768, cpu


def binding_numpy(scene: Scene, delay_ms: float, echo_db: float) -> list[Result]:
    rng = np.random.default_rng(3)
    mic = room_echo(scene.far, delay_ms, echo_db) + scene.near
    mic += rng.standard_normal(mic.size) * 10 ** (-70 / 20)  # a quiet noise floor
    results = []
    for label, options in (("", {}), (" + noise suppression", {"noise_suppression": True})):
        out, cpu = process_frames(mic, scene.far, **options)
        results.append(
            score(f"pywebrtc-audio, numpy echo{label}", scene, mic, out, cpu,
                  far_at=int(delay_ms * RATE / 1000))
        )
    return results


# -- 2 and 3. real time through PulseAudio ---------------------------------------------------


def play(pulse: PulseServer, sink: str, pcm: np.ndarray) -> subprocess.Popen[bytes]:
    """paplay the whole signal: PulseAudio pulls it at the sink's pace, no gaps."""
    proc = subprocess.Popen(
        ["paplay", "--raw", "-d", sink, "--format=s16le", f"--rate={RATE}", "--channels=1"],
        stdin=subprocess.PIPE, env=pulse.environ(), stderr=subprocess.DEVNULL,
    )
    threading.Thread(target=_feed, args=(proc, to_int16(pcm).tobytes()), daemon=True).start()
    return proc


def _feed(proc: subprocess.Popen[bytes], data: bytes) -> None:
    assert proc.stdin is not None
    try:
        proc.stdin.write(data)
        proc.stdin.close()
    except BrokenPipeError:
        pass


def play_scene(pulse: PulseServer, far_sink: str, scene: Scene, *recorders: str) -> tuple[
    float, list[Recorder]
]:
    """Far end to `far_sink`, the operator's voice into "room", recording the given sources;
    returns when playing began and the stopped recorders."""
    recs = [pulse.recorder(source, RATE, latency_ms=10) for source in recorders]
    time.sleep(0.5)
    start = time.monotonic()
    players = [play(pulse, far_sink, scene.far), play(pulse, "room", scene.near)]
    for player in players:
        try:
            player.wait(timeout=scene.far.size / RATE + 20)
        except subprocess.TimeoutExpired:
            player.kill()
            player.wait(timeout=5)
    time.sleep(0.5)
    for rec in recs:
        rec.stop()
    return start, recs


def samples(rec: Recorder) -> np.ndarray:
    """A recording as float64: one continuous stream (parec drops nothing here; its start
    time is not reliable, so recordings are aligned by cross-correlation instead)."""
    data = b"".join(chunk for _, chunk in rec.chunks)
    return np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").astype(np.float64) / 32768


def echo_path(pulse: PulseServer, echo_db: float, delay_ms: float) -> list[int]:
    """speakers.monitor -> loopback -> room sink, attenuated: the echo in a quiet office."""
    room = pulse.load_module(
        "module-null-sink", "sink_name=room sink_properties=device.description=Room"
    )
    loop = pulse.load_module(
        "module-loopback",
        f"source=speakers.monitor sink=room latency_msec={int(delay_ms)} "
        "source_dont_move=true sink_dont_move=true",
    )
    time.sleep(0.5)
    for block in pulse.pactl("list", "sink-inputs").split("\n\n"):
        if f"Owner Module: {loop}\n" in block:
            index = block.split("#", 1)[1].split()[0]
            pulse.pactl("set-sink-input-volume", index, f"{echo_db}dB")
    return [loop, room]


def binding_pulse(
    pulse: PulseServer, scene: Scene, echo_db: float, delay_ms: float, lead_ms: float
) -> Result:
    """The app's view: it hands far-end frames to the speakers and gets the microphone later.

    The recorded microphone is paired with the far end so that the echo comes `lead_ms` after
    its reference (the sink's buffer plus the room, as an app would see it); the canceller is
    not told that delay. The echo itself went through PulseAudio in real time.
    """
    modules = echo_path(pulse, echo_db, delay_ms)
    try:
        _, (mic_rec,) = play_scene(pulse, "speakers", scene, "room.monitor")
    finally:
        for module in modules:
            pulse.pactl("unload-module", str(module))
    raw = samples(mic_rec)
    echo_at = find_lag(raw, scene.far, 3 * RATE)
    near_at = find_lag(raw, scene.near, 3 * RATE)
    lead = int(lead_ms * RATE / 1000)
    start = echo_at - lead  # raw[start + n] pairs with far[n]
    mic = _shifted(raw, -start, scene.far.size)
    out, cpu = process_frames(mic, scene.far)
    result = score(
        f"pywebrtc-audio, real-time echo via PulseAudio, reference {lead_ms:.0f} ms ahead",
        scene, mic, out, cpu, far_at=lead, near_at=near_at - start,
    )
    return result


def module_echo_cancel(pulse: PulseServer, scene: Scene, echo_db: float, delay_ms: float) -> Result:
    """PulseAudio's own canceller: far end into its sink, its source is the clean microphone."""
    modules = echo_path(pulse, echo_db, delay_ms)
    try:
        modules.insert(0, pulse.load_module(
            "module-echo-cancel",
            "source_master=room.monitor sink_master=speakers source_name=ec_mic sink_name=ec_out "
            f"aec_method=webrtc rate={RATE} channels=1 "
            "aec_args=\"analog_gain_control=0 digital_gain_control=0 noise_suppression=0\"",
        ))
        _, (raw_rec, out_rec) = play_scene(pulse, "ec_out", scene, "room.monitor", "ec_mic")
    finally:
        for module in modules:
            pulse.pactl("unload-module", str(module))
    raw, out = samples(raw_rec), samples(out_rec)
    # both recordings ran at once: the operator's voice (which the canceller keeps) aligns them
    near_in_out = find_lag(out, scene.near, 3 * RATE)
    near_at = find_lag(raw, scene.near, 3 * RATE)
    out = _shifted(out, near_at - near_in_out, raw.size)
    echo_at = find_lag(raw, scene.far, 3 * RATE)
    result = score(
        "PulseAudio module-echo-cancel aec_method=webrtc", scene, raw, out, float("nan"),
        far_at=echo_at, near_at=near_at,
    )
    return result


def report(result: Result) -> None:
    cpu = f", CPU {result.cpu_pct:.1f} % of one core" if result.cpu_pct == result.cpu_pct else ""
    note = f" ({result.note})" if result.note else ""
    verdict = "OK" if result.erle_db > 15 else "BELOW TARGET"
    print(
        f"  {result.name}: ERLE {result.erle_db:5.1f} dB [{verdict}], near-only "
        f"{result.near_only_db:+.1f} dB, near in double talk {result.double_talk_db:+.1f} dB"
        f"{cpu}{note}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench echo_cancel")
    parser.add_argument("--delay-ms", type=float, default=60.0, help="echo delay (numpy, loopback)")
    parser.add_argument("--echo-db", type=float, default=-6.0, help="echo level vs far end")
    parser.add_argument("--skip", choices=("numpy", "pulse", "module"), action="append", default=[])
    args = parser.parse_args(argv or [])
    scene = make_scene()
    print(
        f"  far end {np.count_nonzero(scene.far) / RATE:.1f} s of espeak-ng speech, echo "
        f"{args.echo_db:+.0f} dB after {args.delay_ms:.0f} ms; ERLE after {CONVERGE_S:.0f} s, "
        "target > 15 dB"
    )
    results: list[Result] = []
    try:
        import pywebrtc_audio  # noqa: F401
    except ImportError:
        print("  pywebrtc-audio is not installed: `pip install pywebrtc-audio`")
        args.skip += ["numpy", "pulse"]
    if "numpy" not in args.skip:
        for result in binding_numpy(scene, args.delay_ms, args.echo_db):
            report(result)
            results.append(result)
    if "pulse" not in args.skip or "module" not in args.skip:
        with PulseServer() as pulse:
            if "pulse" not in args.skip:
                for lead_ms in (args.delay_ms + 20, args.delay_ms + 150):
                    results.append(
                        binding_pulse(pulse, scene, args.echo_db, args.delay_ms, lead_ms)
                    )
                    report(results[-1])
            if "module" not in args.skip:
                results.append(module_echo_cancel(pulse, scene, args.echo_db, args.delay_ms))
                report(results[-1])
    return 0 if results and all(r.erle_db > 15 for r in results[:1]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
