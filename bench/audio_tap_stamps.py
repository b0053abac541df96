"""Click stamps at the conference bridge's boundary, for bench audio_path's "added by our path".

Our UA hands `ClickStamper` to `SoundBuffers.tap`: PJSIP's clock thread calls it with
("caller", pcm) when the bridge hands the headset port a 20 ms frame (the downlink enters our
path) and ("operator", pcm) when the bridge takes the microphone's frame (the uplink leaves
it). CLOCK_MONOTONIC (time.monotonic) is system-wide, so these stamps compare with the bench
process's parec and FIFO stamps:
- caller: a frame handed at T plays from T on: sample i is at T + i/rate;
- operator: a frame of N samples taken at T has just ended: sample i is at T - (N - i)/rate.
The clock thread only appends a line; the UA prints them (`tap caller T`, `tap operator T`).
baresip has no such boundary the bench can tap: its figures are end-to-end only.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

import numpy as np

THRESHOLD = 4000  # as the bench's ClickDetector and the far end: |sample| above it is a click
REFRACTORY_S = 0.5  # a click is 10 ms; the next one comes a period (1.5 s) later


class ClickStamper:
    """SoundBuffers.tap for the bench: the onset time of each click crossing the boundary."""

    def __init__(self, rate: int = 16000, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self._clock = clock
        self._last = {"caller": -1e9, "operator": -1e9}
        self.lines: deque[str] = deque()  # appended on the clock thread, drained by the UA

    def __call__(self, side: str, pcm: bytes) -> None:
        now = self._clock()
        samples = np.frombuffer(pcm, dtype="<i2", count=len(pcm) // 2)
        if samples.size == 0 or (samples.max() <= THRESHOLD and samples.min() >= -THRESHOLD):
            return
        first = int(np.flatnonzero(np.abs(samples.astype(np.int32)) > THRESHOLD)[0])
        if side == "caller":
            onset = now + first / self.rate
        else:
            onset = now - (samples.size - first) / self.rate
        if onset - self._last.get(side, -1e9) > REFRACTORY_S:
            self._last[side] = onset
            self.lines.append(f"tap {side} {onset:.6f}")

    def drain(self) -> list[str]:
        """The lines stamped since the last drain (any thread)."""
        out = []
        while self.lines:
            out.append(self.lines.popleft())
        return out
