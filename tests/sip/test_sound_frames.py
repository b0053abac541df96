"""Copying a frame out of pjsua2: `vector_bytes` gives exactly what `bytes(frame.buf)` gives;
and into it: `fill_vector` gives exactly what `pj.ByteVector(data)` gives.

The fast copy reads libstdc++'s vector layout; these checks would fail (wrong or missing bytes)
if that layout were not what the copy assumes. The call tests (test_sound_engine.py) then hear
real frames through it.
"""

from __future__ import annotations

import os
import time

import pjsua2 as pj

from softphone.sip.sound import FRAME_BYTES, fill_vector, vector_bytes


def test_frames_of_every_size_are_copied_byte_for_byte() -> None:
    for size in (0, 1, 2, FRAME_BYTES, 3 * FRAME_BYTES + 1, 65536):
        data = os.urandom(size)
        assert vector_bytes(pj.ByteVector(data)) == data


def test_a_frames_buffer_is_copied_after_it_was_refilled_and_resized() -> None:
    frame = pj.MediaFrame()
    frame.buf = pj.ByteVector(os.urandom(FRAME_BYTES))
    first = vector_bytes(frame.buf)
    assert first == bytes(frame.buf)
    frame.buf.resize(FRAME_BYTES // 2)
    assert vector_bytes(frame.buf) == first[: FRAME_BYTES // 2]
    frame.buf.push_back(7)
    assert vector_bytes(frame.buf) == first[: FRAME_BYTES // 2] + b"\x07"


def test_the_copy_costs_microseconds_not_the_iterators_milliseconds() -> None:
    vector = pj.ByteVector(os.urandom(FRAME_BYTES))
    started = time.perf_counter()
    for _ in range(200):
        vector_bytes(vector)
    fast = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(20):
        bytes(vector)
    slow = (time.perf_counter() - started) * 10
    assert fast * 10 < slow, f"vector_bytes {fast * 5:.2f} ms per frame, bytes() {slow * 5:.2f}"


def test_a_kept_vector_is_refilled_in_place_and_other_sizes_get_a_new_one() -> None:
    kept = pj.ByteVector(FRAME_BYTES)
    for _ in range(3):
        data = os.urandom(FRAME_BYTES)
        filled = fill_vector(kept, data)
        assert filled is kept and bytes(filled) == data
    frame = pj.MediaFrame()
    frame.buf = kept
    fill_vector(kept, bytes(FRAME_BYTES))
    assert bytes(frame.buf) == data  # the frame holds its own copy
    for size in (0, 1, FRAME_BYTES - 1, FRAME_BYTES + 2):
        data = os.urandom(size)
        other = fill_vector(kept, data)
        assert other is not kept and bytes(other) == data
    empty = pj.ByteVector()
    assert bytes(fill_vector(empty, b"ab")) == b"ab"


def test_refilling_costs_microseconds_not_the_constructors_tens() -> None:
    kept, data = pj.ByteVector(FRAME_BYTES), os.urandom(FRAME_BYTES)
    started = time.perf_counter()
    for _ in range(200):
        fill_vector(kept, data)
    fast = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(200):
        pj.ByteVector(data)
    slow = time.perf_counter() - started
    assert fast * 3 < slow, f"fill_vector {fast * 5:.3f} ms per frame, ByteVector {slow * 5:.3f}"
