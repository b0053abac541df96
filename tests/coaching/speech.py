"""Russian test speech from espeak-ng at a given rate and amplitude, and its true syllable rate.

Shared by the analysis tests, the real-call tests and `python -m bench speech_coach`. The truth
is the text's vowels (one per Russian syllable) over its speech time: the file's length minus
its silences of 0.3 s or longer (the same gap the analysis bridges), measured with numpy.
"""

from __future__ import annotations

import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

RATE = 16000
VOWELS = set("аеёиоуыэюяАЕЁИОУЫЭЮЯ")
TEXTS = (
    "Собеседнику комфортнее всего разговаривать с человеком, чья скорость речи такая же, "
    "как у него.",
    "Оператор должен знать всю необходимую информацию о предлагаемом товаре или услуге.",
)
RATES = (110, 160, 230)


def syllables(text: str) -> int:
    return sum(ch in VOWELS for ch in text)


@dataclass(frozen=True)
class Speech:
    path: Path
    pcm: bytes  # 16 kHz mono s16
    text: str
    wpm: int
    speech_s: float

    @property
    def true_rate(self) -> float:
        return syllables(self.text) / self.speech_s

    @property
    def seconds(self) -> float:
        return len(self.pcm) / 2 / RATE


def _loud_frames(pcm: bytes, rms: float = 100.0) -> np.ndarray:
    """Indexes of the 10 ms frames above `rms` (100: -50 dBFS)."""
    x = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    frames = x[: x.size // 160 * 160].reshape(-1, 160)
    return np.flatnonzero(np.sqrt((frames**2).mean(axis=1)) > rms)


def sounding(pcm: bytes) -> tuple[float, float]:
    """(first, last) second with any sound in it (above -70 dBFS; 10 ms resolution)."""
    idx = _loud_frames(pcm, 10.0)
    return (float(idx[0]) / 100, float(idx[-1] + 1) / 100) if idx.size else (0.0, 0.0)


def speech_time(pcm: bytes, gap_s: float = 0.3) -> float:
    """Seconds from the first to the last sound, without the silences of gap_s or longer."""
    idx = _loud_frames(pcm)
    if idx.size == 0:
        return 0.0
    gaps = np.diff(idx) - 1
    long_gaps = gaps[gaps >= gap_s * 100].sum()
    return float((idx[-1] - idx[0] + 1 - long_gaps) / 100)


def make_speech(folder: Path, text: str, wpm: int, volume: float = 1.0,
                pad_s: tuple[float, float] = (0.0, 0.0)) -> Speech:
    """espeak-ng -v ru at `wpm`, as 16 kHz mono, scaled by `volume` and padded with sox."""
    raw = folder / f"raw-{wpm}-{abs(hash(text))}.wav"
    out = folder / f"ru-{wpm}-{volume:g}-{pad_s[0]:g}-{pad_s[1]:g}-{abs(hash(text))}.wav"
    subprocess.run(["espeak-ng", "-v", "ru", "-s", str(wpm), "-w", str(raw), text],
                   check=True, timeout=30)
    subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(out),
                    "vol", f"{volume:g}", "pad", f"{pad_s[0]:g}", f"{pad_s[1]:g}"],
                   check=True, timeout=30)
    with wave.open(str(out), "rb") as wav:
        pcm = wav.readframes(wav.getnframes())
    return Speech(out, pcm, text, wpm, speech_time(pcm))


def silence(seconds: float) -> bytes:
    return bytes(int(seconds * RATE) * 2)


def mix(a: bytes, b: bytes) -> bytes:
    """Two recordings played at once (sums, clipped)."""
    x, y = np.frombuffer(a, "<i2").astype(np.int32), np.frombuffer(b, "<i2").astype(np.int32)
    n = max(x.size, y.size)
    out = np.zeros(n, np.int32)
    out[: x.size] += x
    out[: y.size] += y
    return np.clip(out, -32768, 32767).astype("<i2").tobytes()
