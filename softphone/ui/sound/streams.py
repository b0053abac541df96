"""The device streams: callbacks from one libpulse thread move the PCM, no thread of ours waits.

Why not QAudioSink/QAudioSource: with Qt 6.12 (PySide6 wheel) against PulseAudio 16 a sink
played its first buffer and then stalled (processedUSecs 0-40 ms after 2 s, in push and pull
mode, any buffer size), while pacat at 20 ms latency kept real time on the same server. So the
streams talk to the sound server through libpulse (PipeWire desktops serve the same API via
pipewire-pulse); the device list and hot-plug come over the same connection (device_watch.py),
and its device ids are the server's device names these streams open.

Why callbacks: the streams were blocking `pa_simple` reads and writes, one Python thread each.
Every 10 ms chunk then cost ~150 us of CPU, most of it the handshake between our thread and
the mainloop thread each pa_simple runs (docs/audio-path-bench.md, round three): four threads
woken per chunk pair. Now one threaded mainloop (pulse_client.py) is shared by all streams and
calls `_write` when the server wants playback data and `_read` when it has microphone data:
one wake-up per chunk, on a thread made real-time that keeps one Python thread state
(softphone/sip/native_threads/). Bench audio_path: the device side 3.6 -> 2.0 % of a core,
a call adds 3.4-4.6 % instead of 4.3-6.8 %, latency a few ms lower (docs/audio-path-bench.md,
round four).

Latency is set by the server-side buffer: playback `tlength` PLAY_MS, capture `fragsize`
CAPTURE_MS. The streams carry the bridge's 16 kHz and the sound server converts to the device's
rate in its own process (PulseAudio's speex resampler, PipeWire's own). soxr did it here before:
its streaming resampler held 7.5 ms (48 kHz) to 18.7 ms (44.1 kHz) of every 10 ms chunk, and
the bench's downlink went 143-154 ms -> 94-131 ms without it (docs/audio-path-bench.md).
"""

from __future__ import annotations

import ctypes
import logging
import threading
from collections.abc import Callable

from softphone.sip.jitter import JitterBuffer
from softphone.ui.sound import pulse_api as pa
from softphone.ui.sound import pulse_client
from softphone.ui.sound.pulse_client import PulseClient

log = logging.getLogger("softphone.ui.sound")
BRIDGE_RATE = 16000
CHUNK_MS = 10  # playback's minreq: the server asks for at least this much at a time
# Playback's server-side buffer. The writing thread needs the GIL between two writes, and a
# busy GUI thread (or a loaded machine) delays it: bench audio_path --seconds 20, GUI 'burn',
# PulseAudio underruns of 'playback' per minute: 20 ms 180-208, 40 ms 46, 60 ms 0 (before the
# 1 ms GIL switch interval and real-time device threads). Since those, alternating 20 s runs
# with one extra busy process (load 0.9-2.1): 60 ms 0 / 0, 40 ms 0 / 0, 30 ms 3.5 / 42.3 per
# minute; 40 ms cuts the added downlink from 62-65 to 49-53 ms (docs/audio-path-bench.md,
# round three). So 40: the lowest that kept 0 underruns.
PLAY_MS = 40
# Capture: how often the server hands us the microphone. 20 ms (the bridge's frame) halved the
# capture side's wake-ups but the added uplink went from 18-28 ms (mean 23.5, seven runs) to
# 23-38 ms (mean 30.7, six runs): where the two clocks' phases fall, a frame waits up to 20 ms
# more. Not kept.
CAPTURE_MS = 10
_DEFAULT = 0xFFFFFFFF  # (uint32_t) -1: the server's default for a buffer attribute


def _bytes(rate: int, ms: float) -> int:
    return int(rate * ms / 1000) * 2


class _Stream:
    """A device stream on the shared connection; `on_failed` runs if it breaks.

    `on_failed` never runs inside `start()` or `stop()`: it runs on libpulse's thread (or, when
    the connection is refused at once, on a short-lived thread of its own), so the caller can
    treat it like the device-thread failure it used to be.
    """

    def __init__(self, kind: str, device: str, on_failed: Callable[[], None]) -> None:
        self.kind, self.device, self.rate = kind, device, BRIDGE_RATE
        self.name = f"sound-{kind}"
        self._on_failed = on_failed
        self._opened = threading.Event()
        self._client: PulseClient | None = None
        self._stream: int | None = None  # pa_stream*
        self._stopped = self._failed = False
        self._on_state = pa.STREAM_NOTIFY(self._state_changed)  # kept: C holds pointers
        self._on_data = pa.STREAM_REQUEST(self._data)
        self.error = ""

    def start(self) -> None:
        """Ask for the stream; it opens on libpulse's thread (`wait_open` to wait for it)."""
        try:
            client = pulse_client.acquire()
        except OSError as exc:
            self.fail(str(exc))
            return
        self._client = client
        client.lock()
        try:
            client.join(self)
        finally:
            client.unlock()

    def stop(self) -> None:
        """Close the stream; once this returns no callback of it runs again."""
        if self._stopped:
            return
        self._stopped = True
        client, self._client = self._client, None
        if client is None:
            return
        if client.in_thread():
            raise RuntimeError("stop() from a sound callback")
        client.lock()
        try:
            client.leave(self)
            self._drop(client)
        finally:
            client.unlock()
        pulse_client.release(client)

    def wait_open(self, timeout_s: float = 2.0) -> bool:
        """Whether the stream opened (or failed to) within `timeout_s`."""
        return self._opened.wait(timeout_s)

    @property
    def running(self) -> bool:
        return self._opened.is_set() and not self._failed and not self._stopped

    # --- on libpulse's thread, lock held ---------------------------------------------------
    def connect_on(self, client: PulseClient) -> None:
        lib = client.lib
        spec = pa.SampleSpec(pa.SAMPLE_S16LE, self.rate, 1)
        stream = lib.pa_stream_new(client.context, self.kind.encode(), ctypes.byref(spec), None)
        if not stream:
            self.fail(pa.error_text(lib.pa_context_errno(client.context)))
            return
        self._stream = stream
        lib.pa_stream_set_state_callback(stream, self._on_state, None)
        if self._connect(client, stream) < 0:
            self.fail(pa.error_text(lib.pa_context_errno(client.context)))

    def _connect(self, client: PulseClient, stream: int) -> int:
        raise NotImplementedError

    def _data(self, stream: int | None, nbytes: int, _userdata: int | None) -> None:
        raise NotImplementedError

    def _state_changed(self, stream: int | None, _userdata: int | None) -> None:
        client = self._client
        if client is None or stream is None:
            return
        state = client.lib.pa_stream_get_state(stream)
        if state == pa.STREAM_READY:
            self._opened.set()
        elif state in (pa.STREAM_FAILED, pa.STREAM_TERMINATED):
            self.fail(pa.error_text(client.lib.pa_context_errno(client.context)))

    def fail(self, reason: str) -> None:
        """The stream cannot run (no server, device gone): tell the owner, once."""
        if self._stopped or self._failed:
            return
        self._failed = True
        self.error = reason or "the stream ended"
        log.warning("sound: %s on %r stopped: %s", self.kind, self.device, self.error)
        self._opened.set()
        client = self._client
        if client is not None and client.in_thread():
            self._on_failed()
        else:  # inside start(): the owner has not even stored this stream yet
            threading.Thread(target=self._on_failed, name=self.name, daemon=True).start()

    def _drop(self, client: PulseClient) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        lib = client.lib
        lib.pa_stream_set_state_callback(stream, pa.NO_STREAM_NOTIFY, None)
        lib.pa_stream_set_write_callback(stream, pa.NO_STREAM_REQUEST, None)
        lib.pa_stream_set_read_callback(stream, pa.NO_STREAM_REQUEST, None)
        lib.pa_stream_disconnect(stream)
        lib.pa_stream_unref(stream)


class PlaybackStream(_Stream):
    """Jitter buffer (the bridge's clock) -> the device, whenever the device asks."""

    def __init__(self, kind: str, device: str, source: JitterBuffer,
                 on_failed: Callable[[], None],
                 on_played: Callable[[bytes], None] | None = None) -> None:
        """on_played: gets each 16 kHz chunk as it goes to the device (the echo reference)."""
        super().__init__(kind, device, on_failed)
        self.source = source
        self._on_played = on_played
        self._write = pa.lib().pa_stream_write

    def _connect(self, client: PulseClient, stream: int) -> int:
        size = _bytes(self.rate, PLAY_MS)
        attr = pa.BufferAttr(maxlength=size * 2, tlength=size,
                             prebuf=_bytes(self.rate, CHUNK_MS),
                             minreq=_bytes(self.rate, CHUNK_MS), fragsize=_DEFAULT)
        self.source.clear()  # what piled up while the stream was opening is stale
        client.lib.pa_stream_set_write_callback(stream, self._on_data, None)
        return int(client.lib.pa_stream_connect_playback(
            stream, self.device.encode() or None, ctypes.byref(attr),
            pa.STREAM_ADJUST_LATENCY, None, None))

    def _data(self, stream: int | None, nbytes: int, _userdata: int | None) -> None:
        try:
            chunk = self.source.read(nbytes // 2)
            if self._on_played is not None:
                self._on_played(chunk)
            if self._write(stream, chunk, len(chunk), None, 0, pa.SEEK_RELATIVE) < 0:
                self.fail("pa_stream_write failed")
        except Exception as exc:  # a callback must not raise into libpulse
            self.fail(str(exc))


class CaptureStream(_Stream):
    """The device (its clock) -> the engine's microphone buffer, whenever the device has some."""

    def __init__(self, kind: str, device: str, write: Callable[[bytes], None],
                 on_failed: Callable[[], None]) -> None:
        super().__init__(kind, device, on_failed)
        self._write = write
        lib = pa.lib()
        self._peek, self._release = lib.pa_stream_peek, lib.pa_stream_drop
        self._pointer, self._size = ctypes.c_void_p(), ctypes.c_size_t()

    def _connect(self, client: PulseClient, stream: int) -> int:
        attr = pa.BufferAttr(maxlength=_bytes(self.rate, 200), tlength=_DEFAULT,
                             prebuf=_DEFAULT, minreq=_DEFAULT,
                             fragsize=_bytes(self.rate, CAPTURE_MS))
        client.lib.pa_stream_set_read_callback(stream, self._on_data, None)
        return int(client.lib.pa_stream_connect_record(
            stream, self.device.encode() or None, ctypes.byref(attr), pa.STREAM_ADJUST_LATENCY))

    def _data(self, stream: int | None, nbytes: int, _userdata: int | None) -> None:
        pointer, size = self._pointer, self._size
        try:
            for _ in range(64):  # what the server has now, fragment by fragment
                if self._peek(stream, ctypes.byref(pointer), ctypes.byref(size)) < 0:
                    self.fail("pa_stream_peek failed")
                    return
                if size.value == 0:
                    return
                if pointer.value:  # None with a size: a hole in the data, skipped
                    self._write(ctypes.string_at(pointer.value, size.value))
                self._release(stream)
        except Exception as exc:  # a callback must not raise into libpulse
            self.fail(str(exc))
