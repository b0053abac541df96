"""Numbers for sound checks: level in dBFS and the dominant frequency (numpy only).

Shared by tests and bench/: "is there sound, and is it the sound we sent?" in one place.
"""

from __future__ import annotations

import numpy as np

SILENCE_DBFS = -60.0  # quieter than this is "nothing came out"


def as_float(samples: np.ndarray | bytes) -> np.ndarray:
    """int16 samples (or raw s16le bytes) as float64 in [-1, 1)."""
    if isinstance(samples, bytes | bytearray | memoryview):
        samples = np.frombuffer(bytes(samples)[: len(samples) // 2 * 2], dtype="<i2")
    if samples.dtype.kind == "f":
        return samples.astype(np.float64)
    return samples.astype(np.float64) / 32768.0


def rms_dbfs(samples: np.ndarray | bytes) -> float:
    """RMS level relative to full scale (a full-scale sine is -3 dBFS); -inf for digital zero."""
    x = as_float(samples)
    if x.size == 0:
        return float("-inf")
    rms = float(np.sqrt(np.mean(x * x)))
    return 20 * np.log10(rms) if rms > 0 else float("-inf")


def dominant_frequency(samples: np.ndarray | bytes, rate: int) -> float:
    """Frequency (Hz) of the strongest FFT bin, refined by parabolic interpolation."""
    x = as_float(samples)
    if x.size < 16:
        return 0.0
    spectrum = np.abs(np.fft.rfft((x - x.mean()) * np.hanning(x.size)))
    k = int(np.argmax(spectrum[1:])) + 1
    offset = 0.0
    if 1 <= k < spectrum.size - 1:
        a, b, c = np.log(spectrum[k - 1 : k + 2] + 1e-12)
        denom = a - 2 * b + c
        offset = 0.5 * (a - c) / denom if denom else 0.0
    return float((k + offset) * rate / x.size)


def is_silent(samples: np.ndarray | bytes, threshold_dbfs: float = SILENCE_DBFS) -> bool:
    return rms_dbfs(samples) < threshold_dbfs


def tone_dbfs(samples: np.ndarray | bytes, rate: int, hz: float, width_hz: float = 30.0) -> float:
    """Level (dBFS) of what lies within `width_hz` of `hz`: is this tone in a mix of several?"""
    x = as_float(samples)
    if x.size == 0:
        return float("-inf")
    window = np.hanning(x.size)  # keeps a loud neighbour's leakage out of a quiet band
    spectrum = np.abs(np.fft.rfft((x - x.mean()) * window)) ** 2
    freqs = np.fft.rfftfreq(x.size, 1 / rate)
    band = (freqs > hz - width_hz) & (freqs < hz + width_hz)
    mean_square = 2 * float(spectrum[band].sum()) / (x.size * float(np.sum(window**2)))
    return 10 * np.log10(mean_square) if mean_square > 0 else float("-inf")
