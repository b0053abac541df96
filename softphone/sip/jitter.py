"""A thread-safe PCM jitter buffer between two clocks (the bridge's and the sound card's).

One side writes 16-bit mono samples whenever its clock ticks, the other reads exactly what it
needs. The fill level is held around a target: a smoothed fill above the band drops a few
single samples spread over the chunk read, below it inserts a few (each a copy of its
neighbour), so clock drift is absorbed without resampling or pitch changes. An empty buffer
gives whole frames of silence (an underrun) and refills to the target before playing again;
a buffer past its maximum (the reader stalled) is cut back to the target (an overrun).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

SAMPLE_BYTES = 2


@dataclass(frozen=True, slots=True)
class JitterStats:
    underruns: int
    overruns: int
    dropped_samples: int
    inserted_samples: int
    fill_ms: float


def _spread_drop(chunk: bytes, count: int) -> bytes:
    """Remove `count` single samples at evenly spaced places."""
    samples = len(chunk) // SAMPLE_BYTES
    step = samples // (count + 1)
    parts, start = [], 0
    for i in range(1, count + 1):
        cut = i * step * SAMPLE_BYTES
        parts.append(chunk[start:cut])
        start = cut + SAMPLE_BYTES
    parts.append(chunk[start:])
    return b"".join(parts)


def _spread_insert(chunk: bytes, count: int) -> bytes:
    """Duplicate `count` single samples at evenly spaced places."""
    samples = len(chunk) // SAMPLE_BYTES
    step = max(1, samples // (count + 1))
    parts, start = [], 0
    for i in range(1, count + 1):
        cut = min(i * step, samples) * SAMPLE_BYTES
        parts.append(chunk[start:cut])
        parts.append(chunk[max(0, cut - SAMPLE_BYTES) : cut] or bytes(SAMPLE_BYTES))
        start = cut
    parts.append(chunk[start:])
    return b"".join(parts)


class JitterBuffer:
    """Bytes in, exactly-sized chunks out; every method is safe from any thread.

    `target_ms` is the latency it aims at, `band_ms` how far the smoothed fill may wander
    before samples are dropped or inserted, `max_ms` where it cuts back (an overrun).
    Correction is at most `1/correct_every` of the samples read (0.5 % by default).
    """

    def __init__(
        self,
        rate: int = 16000,
        target_ms: float = 40.0,
        band_ms: float = 10.0,
        max_ms: float = 160.0,
        correct_every: int = 200,
    ) -> None:
        self.rate = rate
        self._target = int(rate * target_ms / 1000)
        self._band = int(rate * band_ms / 1000)
        self._max = max(int(rate * max_ms / 1000), self._target + self._band * 2)
        self._correct_every = correct_every
        self._lock = threading.Lock()
        self._data = bytearray()
        self._priming = True
        self._smoothed = 0.0
        self._underruns = self._overruns = self._dropped = self._inserted = 0

    @property
    def target_ms(self) -> float:
        return self._target * 1000 / self.rate

    def write(self, pcm: bytes) -> None:
        """Append samples; past the maximum keep only the newest target's worth."""
        with self._lock:
            self._data += pcm
            if len(self._data) > self._max * SAMPLE_BYTES:
                del self._data[: len(self._data) - self._target * SAMPLE_BYTES]
                self._overruns += 1
                self._smoothed = float(self._target)

    def read(self, samples: int) -> bytes:
        """Exactly `samples` samples: buffered audio corrected toward the target, or silence."""
        size = samples * SAMPLE_BYTES
        with self._lock:
            fill = len(self._data) // SAMPLE_BYTES
            if self._priming:
                if fill < self._target:
                    return bytes(size)
                self._priming = False
                self._smoothed = float(fill)
            self._smoothed += (fill - self._smoothed) * 0.05
            count = max(1, samples // self._correct_every)
            if self._smoothed > self._target + self._band and fill >= samples + count:
                chunk = bytes(self._data[: size + count * SAMPLE_BYTES])
                del self._data[: len(chunk)]
                self._dropped += count
                return _spread_drop(chunk, count)
            if self._smoothed < self._target - self._band and fill >= samples - count > 0:
                chunk = bytes(self._data[: size - count * SAMPLE_BYTES])
                del self._data[: len(chunk)]
                self._inserted += count
                return _spread_insert(chunk, count)
            if fill < samples:
                self._underruns += 1
                self._priming = True
                return bytes(size)
            chunk = bytes(self._data[:size])
            del self._data[:size]
            return chunk

    def clear(self) -> None:
        """Forget buffered audio (a call ended, a device changed); counters stay."""
        with self._lock:
            self._data.clear()
            self._priming = True

    @property
    def fill_ms(self) -> float:
        with self._lock:
            return len(self._data) // SAMPLE_BYTES * 1000 / self.rate

    def stats(self) -> JitterStats:
        with self._lock:
            return JitterStats(
                self._underruns,
                self._overruns,
                self._dropped,
                self._inserted,
                len(self._data) // SAMPLE_BYTES * 1000 / self.rate,
            )
