"""One device stream each way, each on its own thread, through PulseAudio's simple API.

Why not QAudioSink/QAudioSource: with Qt 6.12 (PySide6 wheel) against PulseAudio 16 a sink
played its first buffer and then stalled (processedUSecs 0-40 ms after 2 s, in push and pull
mode, any buffer size), while pacat at 20 ms latency kept real time on the same server. So the
streams talk to the sound server through libpulse-simple (`pasimple`; PipeWire desktops serve
the same API via pipewire-pulse); Qt still lists the devices and follows hot-plug, and its
device ids are the server's device names these streams open.

Blocking calls pace each thread by the device's clock (ctypes drops the GIL while waiting).
Latency is set by the server-side buffer: playback `tlength` PLAY_MS, capture `fragsize`
CAPTURE_MS. The streams carry the bridge's 16 kHz and the sound server converts to the device's
rate in its own process (PulseAudio's speex resampler, PipeWire's own). soxr did it here before:
its streaming resampler held 7.5 ms (48 kHz) to 18.7 ms (44.1 kHz) of every 10 ms chunk, each
chunk cost the thread two more GIL round trips, and the bench's downlink went 143-154 ms -> 94-131
ms without it (docs/audio-path-bench.md, 2026-12-04 evening).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import pasimple

from softphone.sip.jitter import JitterBuffer
from softphone.sip.sound import raise_thread_priority

log = logging.getLogger("softphone.ui.sound")
BRIDGE_RATE = 16000
CHUNK_MS = 10  # what one playback loop moves (20 ms: ~1.3 points less CPU, ~3 ms more downlink)
# Playback's server-side buffer. The writing thread needs the GIL between two writes, and a
# busy GUI thread (or a loaded machine) delays it: bench audio_path --seconds 20, GUI 'burn',
# PulseAudio underruns of 'playback' per minute: 20 ms 180-208, 40 ms 46, 60 ms 0 (before the
# 1 ms GIL switch interval and real-time device threads). Since those, alternating 20 s runs
# with one extra busy process (load 0.9-2.1): 60 ms 0 / 0, 40 ms 0 / 0, 30 ms 3.5 / 42.3 per
# minute; 40 ms cuts the added downlink from 62-65 to 49-53 ms (docs/audio-path-bench.md,
# round three). So 40: the lowest that kept 0 underruns.
PLAY_MS = 40
# Capture: how often the server hands us the microphone, and what one read takes. 20 ms (the
# bridge's frame) halved the capture thread's wake-ups (its CPU 1.25-1.33 -> 0.92 % of a core)
# but the added uplink went from 18-28 ms (mean 23.5, seven runs) to 23-38 ms (mean 30.7, six
# runs): where the two clocks' phases fall, a frame waits up to 20 ms more. Not kept.
CAPTURE_MS = 10


def _bytes(rate: int, ms: float) -> int:
    return int(rate * ms / 1000) * 2


class _Stream(threading.Thread):
    """A device stream on its own thread; `on_failed` runs (on that thread) if it breaks."""

    def __init__(self, kind: str, device: str, on_failed: Callable[[], None]) -> None:
        super().__init__(name=f"sound-{kind}", daemon=True)
        self.kind, self.device, self.rate = kind, device, BRIDGE_RATE
        self._on_failed = on_failed
        self._halt = threading.Event()
        self._opened = threading.Event()
        self.error = ""

    def stop(self) -> None:
        self._halt.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(timeout=2)

    def wait_open(self, timeout_s: float = 2.0) -> bool:
        return self._opened.wait(timeout_s)

    def _open(self) -> pasimple.PaSimple:
        raise NotImplementedError

    def _step(self, pa: pasimple.PaSimple) -> None:
        raise NotImplementedError

    def run(self) -> None:
        raise_thread_priority(self.name)
        try:
            pa = self._open()
        except Exception as exc:  # no server, device gone: the path falls back
            self.error = str(exc)
            log.warning("sound: cannot open %s on %r: %s", self.kind, self.device, exc)
            self._opened.set()
            self._on_failed()
            return
        self._opened.set()
        try:
            while not self._halt.is_set():
                self._step(pa)
        except Exception as exc:  # the device vanished mid-call (unplugged)
            self.error = str(exc)
            log.warning("sound: %s on %r stopped: %s", self.kind, self.device, exc)
            if not self._halt.is_set():
                self._on_failed()
        finally:
            try:
                pa.close()
            except Exception:
                log.debug("closing %s failed", self.kind, exc_info=True)


class PlaybackStream(_Stream):
    """Jitter buffer (the bridge's clock) -> the device, paced by the device."""

    def __init__(self, kind: str, device: str, source: JitterBuffer,
                 on_failed: Callable[[], None],
                 on_played: Callable[[bytes], None] | None = None) -> None:
        """on_played: gets each 16 kHz chunk as it goes to the device (the echo reference)."""
        super().__init__(kind, device, on_failed)
        self.source = source
        self._on_played = on_played
        self._chunk = BRIDGE_RATE * CHUNK_MS // 1000

    def _open(self) -> pasimple.PaSimple:
        size = _bytes(self.rate, PLAY_MS)
        self.source.clear()  # what piled up while the stream was opening is stale
        return pasimple.PaSimple(
            pasimple.PA_STREAM_PLAYBACK, pasimple.PA_SAMPLE_S16LE, 1, self.rate,
            app_name="softphone", stream_name=self.kind, device_name=self.device or None,
            maxlength=size * 2, tlength=size, prebuf=_bytes(self.rate, CHUNK_MS),
            minreq=_bytes(self.rate, CHUNK_MS / 2),
        )

    def _step(self, pa: pasimple.PaSimple) -> None:
        chunk = self.source.read(self._chunk)
        if self._on_played is not None:
            self._on_played(chunk)
        pa.write(chunk)


class CaptureStream(_Stream):
    """The device (its clock) -> the engine's microphone buffer."""

    def __init__(self, kind: str, device: str, write: Callable[[bytes], None],
                 on_failed: Callable[[], None]) -> None:
        super().__init__(kind, device, on_failed)
        self._write = write

    def _open(self) -> pasimple.PaSimple:
        return pasimple.PaSimple(
            pasimple.PA_STREAM_RECORD, pasimple.PA_SAMPLE_S16LE, 1, self.rate,
            app_name="softphone", stream_name=self.kind, device_name=self.device or None,
            maxlength=_bytes(self.rate, 200), fragsize=_bytes(self.rate, CAPTURE_MS),
        )

    def _step(self, pa: pasimple.PaSimple) -> None:
        self._write(pa.read(_bytes(self.rate, CAPTURE_MS)))
