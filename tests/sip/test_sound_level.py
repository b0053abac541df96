"""The microphone meter (SoundBuffers.capture_level) measures the newest ~50 ms it was given.

The level is computed when the meter reads it, not on the capture thread for every chunk; these
checks fail if it lags behind the microphone, mixes in old sound or misreads the samples.
"""

from __future__ import annotations

import math

import numpy as np

from softphone.sip.sound import LEVEL_CHUNKS, RATE, SoundBuffers

CHUNK = RATE // 100  # the capture stream's 10 ms


def _tone(amplitude: int, chunks: int) -> list[bytes]:
    t = np.arange(CHUNK * chunks) / RATE
    pcm = (amplitude * np.sin(2 * math.pi * 1000 * t)).astype("<i2").tobytes()
    return [pcm[i * CHUNK * 2 : (i + 1) * CHUNK * 2] for i in range(chunks)]


def test_the_meter_reads_the_rms_of_what_the_microphone_just_gave() -> None:
    buffers = SoundBuffers()
    assert buffers.capture_level == 0.0  # nothing captured yet
    for chunk in _tone(16384, 20):
        buffers.write_capture(chunk)
    assert math.isclose(buffers.capture_level, 0.5 / math.sqrt(2), rel_tol=0.03)


def test_old_sound_leaves_the_meter_once_the_window_has_passed() -> None:
    buffers = SoundBuffers()
    for chunk in _tone(30000, 20):
        buffers.write_capture(chunk)
    for _ in range(LEVEL_CHUNKS - 1):
        buffers.write_capture(bytes(CHUNK * 2))
    assert buffers.capture_level > 0.05  # one loud chunk is still in the window
    buffers.write_capture(bytes(CHUNK * 2))
    assert buffers.capture_level == 0.0


def test_the_plain_python_meter_equals_numpys_rms_to_the_last_bit() -> None:
    """The meter no longer uses numpy (issue #15: not loaded at start); little-endian s16 both
    ways, full-scale negatives included, and the integer sum of squares is exact."""
    rng = np.random.default_rng(15)
    buffers = SoundBuffers()
    for _ in range(3):
        chunks = [rng.integers(-32768, 32768, CHUNK, dtype="<i2").tobytes()
                  for _ in range(LEVEL_CHUNKS)]
        chunks[0] = np.full(CHUNK, -32768, dtype="<i2").tobytes()
        for chunk in chunks:
            buffers.write_capture(chunk)
        samples = np.frombuffer(b"".join(chunks), dtype="<i2").astype(np.float64)
        assert buffers.capture_level == min(1.0, math.sqrt(np.mean(samples**2)) / 32768.0)
