"""Echo cancellation really removes the far end from the microphone and keeps the operator.

Signals are made here (speech-like: voiced harmonics with a wandering pitch, in syllables) so
the test needs no sound tools; docs/echo-cancellation.md has the espeak-ng and PulseAudio runs.
"""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("pywebrtc_audio")

from softphone.sip.echo import FRAME_BYTES, RATE, EchoCanceller, EchoSettings

FRAMES_20MS = 2 * FRAME_BYTES


def speechlike(seconds: float, seed: int, level_db: float = -20.0) -> np.ndarray:
    """Voiced 'syllables' (100-250 Hz pitch, 12 harmonics) of 150-300 ms with short pauses."""
    rng = np.random.default_rng(seed)
    out = np.zeros(int(seconds * RATE))
    pos = 0
    while pos < out.size:
        length = int(rng.uniform(0.15, 0.3) * RATE)
        pitch = rng.uniform(100, 250) * (1 + 0.1 * np.sin(np.linspace(0, 3, length)))
        phase = 2 * np.pi * np.cumsum(pitch) / RATE
        syllable = sum(np.sin(k * phase) / k for k in range(1, 13))
        syllable *= np.hanning(length)
        end = min(pos + length, out.size)
        out[pos:end] = syllable[: end - pos]
        pos = end + int(rng.uniform(0.03, 0.12) * RATE)
    rms = np.sqrt(np.mean(out**2))
    return out / rms * 10 ** (level_db / 20)


def echo_of(far: np.ndarray, delay_ms: float = 60, gain_db: float = -6) -> np.ndarray:
    rng = np.random.default_rng(9)
    ir = rng.standard_normal(400) * np.exp(-np.arange(400) / 120.0)
    ir[0] += 1.0
    ir /= np.sqrt(np.sum(ir**2))
    shift = int(delay_ms * RATE / 1000)
    wet = np.convolve(far, ir)[: far.size]
    return np.concatenate([np.zeros(shift), wet])[: far.size] * 10 ** (gain_db / 20)


def pcm(x: np.ndarray) -> bytes:
    return np.clip(np.round(x * 32767), -32768, 32767).astype("<i2").tobytes()


def run(canceller: EchoCanceller, near: np.ndarray, far: np.ndarray | None) -> np.ndarray:
    """Feed 20 ms frames (the bridge's size) as the device layer would."""
    mic, ref = pcm(near), pcm(far) if far is not None else None
    out = bytearray()
    for k in range(0, len(mic) - FRAMES_20MS + 1, FRAMES_20MS):
        far_frame = ref[k : k + FRAMES_20MS] if ref else None
        out += canceller.process(mic[k : k + FRAMES_20MS], far_frame)
    return np.frombuffer(bytes(out), dtype="<i2").astype(np.float64) / 32768


def power_db(x: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(x**2) + 1e-20))


def test_echo_is_removed_after_convergence() -> None:
    far = speechlike(8, seed=1)
    mic = echo_of(far)
    out = run(EchoCanceller(EchoSettings()), mic, far)
    tail = slice(3 * RATE, out.size)
    erle = power_db(mic[tail]) - power_db(out[tail])
    assert erle > 15, f"ERLE {erle:.1f} dB"


def test_operator_alone_is_kept() -> None:
    near = speechlike(4, seed=2)
    out = run(EchoCanceller(EchoSettings()), near, np.zeros_like(near))
    part = slice(RATE, out.size)
    assert abs(power_db(out[part]) - power_db(near[part])) < 3


def test_operator_survives_double_talk() -> None:
    far, near = speechlike(10, seed=3), speechlike(10, seed=4)
    near[: 5 * RATE] = 0  # the canceller first learns the room on far-end alone
    out = run(EchoCanceller(EchoSettings()), echo_of(far) + near, far)
    part = slice(6 * RATE, 9 * RATE)
    lag = 128  # pywebrtc-audio's output lags its input by 8 ms
    talk = near[part]
    kept = np.dot(out[part.start + lag : part.stop + lag], talk) / np.dot(talk, talk)
    assert kept > 10 ** (-12 / 20), f"near end in double talk {20 * np.log10(abs(kept)):.1f} dB"


def test_all_switches_off_passes_the_microphone_through() -> None:
    near = pcm(speechlike(0.1, seed=5))[:FRAMES_20MS]
    canceller = EchoCanceller(EchoSettings(echo_cancellation=False))
    assert canceller.process(near, None) == near


def test_noise_suppression_switch_lowers_steady_noise() -> None:
    noise = np.random.default_rng(6).standard_normal(4 * RATE) * 10 ** (-40 / 20)
    plain = run(EchoCanceller(EchoSettings(echo_cancellation=False, high_pass_filter=False,
                                           noise_suppression=False)), noise, None)
    canceller = EchoCanceller(EchoSettings(echo_cancellation=False))
    canceller.set_settings(noise_suppression=True, noise_level=2)
    quiet = run(canceller, noise, None)
    part = slice(2 * RATE, quiet.size)
    assert power_db(plain[part]) - power_db(quiet[part]) > 6


def test_gain_control_lifts_a_quiet_operator() -> None:
    near = speechlike(8, seed=7, level_db=-45)
    canceller = EchoCanceller(EchoSettings(echo_cancellation=False, auto_gain_control=True))
    out = run(canceller, near, None)
    part = slice(6 * RATE, out.size)
    assert power_db(out[part]) - power_db(near[part]) > 6
    assert canceller.gain_db > 6


def test_frames_must_be_whole_10ms() -> None:
    with pytest.raises(ValueError):
        EchoCanceller().process(bytes(100), None)
