"""Helpers for the sound path tests: a real-time device clock over SoundBuffers, WAV samples.

`DeviceClock` plays the role of a sound card without Qt: a thread that every 20 ms of its own
clock takes what the bridge sent to the headset and ringer and gives it microphone samples.
"""

from __future__ import annotations

import threading
import time
import wave
from pathlib import Path

import numpy as np
from sip_helpers import Peer

from softphone.sip import CallState, SipEngine
from softphone.sip.sound import SoundBuffers
from tests.sound_measure import dominant_frequency, rms_dbfs

__all__ = [
    "DeviceClock", "call_the_peer", "dominant_frequency", "rms_dbfs", "wait_confirmed",
    "wav_samples",
]


def wav_samples(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as wav:
        assert wav.getsampwidth() == 2 and wav.getnchannels() == 1
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2"), wav.getframerate()


class DeviceClock:
    """A sound card stand-in on its own thread: 20 ms out of the buffers, 20 ms of mic in."""

    def __init__(self, buffers: SoundBuffers, mic_hz: float = 0.0) -> None:
        self.buffers = buffers
        self.mic_hz = mic_hz
        self._lock = threading.Lock()
        self._headset: list[bytes] = []
        self._ringer: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="device-clock", daemon=True)
        self._speech = bytearray()  # what the operator says next into the mic (say())

    def __enter__(self) -> DeviceClock:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(2)

    def _run(self) -> None:
        n = self.buffers.frame_samples
        phase = 0
        next_at = time.monotonic()
        while not self._stop.is_set():
            out, ring = self.buffers.headset_out.read(n), self.buffers.ringer_out.read(n)
            with self._lock:
                self._headset.append(out)
                self._ringer.append(ring)
            with self._lock:
                spoken = bytes(self._speech[: n * 2])
                del self._speech[: n * 2]
            if spoken:
                self.buffers.write_capture(spoken.ljust(n * 2, b"\0"))
            elif self.mic_hz:
                t = (np.arange(n) + phase) / self.buffers.rate
                mic = (np.sin(2 * np.pi * self.mic_hz * t) * 0.5 * 32767).astype("<i2")
                self.buffers.write_capture(mic.tobytes())
            else:
                self.buffers.write_capture(bytes(n * 2))
            phase += n
            next_at += n / self.buffers.rate
            time.sleep(max(0.0, next_at - time.monotonic()))

    def say(self, pcm: bytes) -> None:
        """16 kHz PCM for the microphone, played in real time after what is queued already."""
        with self._lock:
            self._speech += pcm

    @property
    def speaking(self) -> bool:
        with self._lock:
            return bool(self._speech)

    def take(self) -> tuple[bytes, bytes]:
        """(headset, ringer) audio collected since the last take."""
        with self._lock:
            headset, ringer = b"".join(self._headset), b"".join(self._ringer)
            self._headset.clear()
            self._ringer.clear()
        return headset, ringer


def call_the_peer(engine: SipEngine, account: str, peer: Peer, user: str) -> tuple[int, int]:
    """The operator dials `user` at the peer (auto-answering); (our id, the peer's id)."""
    peer.send(f"account {user}", engine)
    peer.send("auto_answer 1", engine)
    mark = len(peer.lines)
    ours = engine.dial(f"sip:{user}@{peer.address}", account)
    assert engine.wait_for(lambda: engine.call(ours).media_active, 5)
    msg = peer.wait(lambda m: m.get("event") == "IncomingCall", 5, start=mark, engine=engine)
    theirs = int(msg["call_id"])  # type: ignore[arg-type]
    wait_confirmed(peer, engine, theirs, mark)
    return ours, theirs


def wait_confirmed(peer: Peer, engine: SipEngine, call_id: int, mark: int) -> None:
    """The peer's side too: on a loaded machine its ACK may be handled after ours is up."""

    def up(m: dict[str, object]) -> bool:
        return m.get("call_id") == call_id and m.get("state") == CallState.CONFIRMED

    peer.wait(up, 5, start=mark, engine=engine)
