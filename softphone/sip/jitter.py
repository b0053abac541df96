"""A thread-safe PCM jitter buffer between two clocks (the bridge's and the sound card's).

One side writes 16-bit mono samples whenever its clock ticks, the other reads exactly what it
needs. The fill level is held in a band: if even its lowest point stays high a few single
samples spread over each chunk are dropped, if it dips too low a few are inserted (each a copy
of its neighbour), so clock drift is absorbed without resampling or pitch changes. An empty
buffer gives whole frames of silence (an underrun) and refills before playing again; a buffer
past its maximum (the reader stalled) is cut back (an overrun).
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

    The controller watches the lowest fill left after a read over each half second (the
    slack both clocks' bursts leave): above `target_ms + band_ms` it drops samples, below
    `target_ms` it inserts, so the latency settles just above what the jitter needs.
    Playing (re)starts once `target_ms + prime_ms` are buffered; `max_ms` cuts back.
    Correction is `1/correct_every` of the samples read (0.5 % by default); a lowest fill
    more than four bands above the target (a stream's opening burst, a stalled reader) is
    skipped back to the band at once.
    """

    def __init__(
        self,
        rate: int = 16000,
        target_ms: float = 10.0,
        band_ms: float = 10.0,
        max_ms: float = 160.0,
        prime_ms: float = 20.0,
        correct_every: int = 200,
    ) -> None:
        self.rate = rate
        self._target = int(rate * target_ms / 1000)
        self._band = int(rate * band_ms / 1000)
        self._prime = self._target + int(rate * prime_ms / 1000)
        self._max = max(int(rate * max_ms / 1000), self._prime + self._band * 2)
        self._correct_every = correct_every
        self._window = rate // 2
        self._lock = threading.Lock()
        self._data = bytearray()
        self._priming = True
        self._mode = 0  # 1 drop (2: faster), -1 insert, 0 pass through (once per window)
        self._low = self._seen = 0
        self._underruns = self._overruns = self._dropped = self._inserted = 0

    @property
    def target_ms(self) -> float:
        return self._target * 1000 / self.rate

    def write(self, pcm: bytes) -> None:
        """Append samples; past the maximum keep only the newest priming level's worth."""
        with self._lock:
            self._data += pcm
            if len(self._data) > self._max * SAMPLE_BYTES:
                del self._data[: len(self._data) - self._prime * SAMPLE_BYTES]
                self._overruns += 1

    def read(self, samples: int) -> bytes:
        """Exactly `samples` samples: buffered audio corrected toward the target, or silence."""
        size = samples * SAMPLE_BYTES
        with self._lock:
            fill = len(self._data) // SAMPLE_BYTES
            if self._priming:
                if fill < self._prime:
                    return bytes(size)
                self._priming = False
                self._mode, self._low, self._seen = 0, fill, 0
            every = self._correct_every // 4 if abs(self._mode) > 1 else self._correct_every
            count = max(1, samples // every)
            take = samples + count * (1 if self._mode > 0 else -1 if self._mode < 0 else 0)
            if fill < take:
                self._underruns += 1
                self._priming = True
                return bytes(size)
            chunk = bytes(self._data[: take * SAMPLE_BYTES])
            del self._data[: len(chunk)]
            self._watch(fill - take, samples)
            if take > samples:
                self._dropped += count
                return _spread_drop(chunk, count)
            if take < samples:
                self._inserted += count
                return _spread_insert(chunk, count)
            return chunk

    def _watch(self, left: int, samples: int) -> None:
        """Track the lowest fill of this window; at its end decide drop/insert/pass."""
        self._low = min(self._low, left)
        self._seen += samples
        if self._seen < self._window:
            return
        if self._low > self._target + 4 * self._band:
            # far too much latency (a stream's first burst, a stall): skip back at once;
            # one seam now beats seconds of a growing lag caught up at 2 %
            skip = min(self._low - self._target - self._band, len(self._data) // SAMPLE_BYTES)
            del self._data[: skip * SAMPLE_BYTES]
            self._dropped += skip
            self._mode = 0
        elif self._low > self._target + self._band:
            self._mode = 1
        elif self._low < self._target:
            self._mode = -1
        else:
            self._mode = 0
        self._low, self._seen = 1 << 30, 0

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
