"""The conference bridge's audio as plain PCM (16 kHz mono s16, 20 ms frames), Qt-free.

This wheel has no sound device backend (audio-notes.md), so the operator's ear and mouth are
two conference ports whose frames go through jitter buffers (`SoundBuffers`); a device layer
outside this package (softphone/ui/sound) moves those bytes to and from the real devices.
`SoundBuffers` holds no pjsua2 object and may be shared with any thread; the ports themselves
stay inside the engine (`SoundPorts`) and are dropped before libDestroy.

The port callbacks run on PJSIP's clock thread and need the GIL: they copy bytes and return.
"""

from __future__ import annotations

import ctypes
import logging
import math
import os
import sys
import threading
import time
from array import array
from collections import deque
from collections.abc import Callable

import pjsua2 as pj

from softphone.sip.echo import FRAME_BYTES as ECHO_FRAME_BYTES
from softphone.sip.echo import EchoCanceller, EchoSettings
from softphone.sip.jitter import JitterBuffer, JitterStats
from softphone.sip.lifetime import track, untrack
from softphone.sip.native_threads.kept_state import KeptThreadState

log = logging.getLogger("softphone.sip.sound")
RATE = 16000
FRAME_MS = 20
FRAME_SAMPLES = RATE * FRAME_MS // 1000
FRAME_BYTES = FRAME_SAMPLES * 2
_SILENCE = bytes(FRAME_BYTES)
METER_HOLD_S = 1.0  # the microphone stays wanted this long after the level meter was read
# The level meter's window: the newest microphone chunks (10 ms each from softphone.ui.sound's
# capture stream, so ~50 ms), kept as they came and measured only when the meter is read (a
# few times a second), not on every chunk: an RMS (numpy's then) on each chunk of the capture
# thread held the GIL 100 times a second in every call.
LEVEL_CHUNKS = 5
# The echo reference: the newest 10 ms frames handed to the headset, one taken per
# microphone frame. The reference must lead its echo (which comes back after the playback
# buffer and the capture, here ~70 ms) and must not lose frames when the playback thread
# writes in bursts; the canceller finds the remaining delay itself.
# The echo-path test (git history, f671552), echo removed: 3 frames 18 dB (bursts drop reference),
# 5 frames 2-40 dB from run to run, 8 frames 19 dB, 20 frames 1-2 dB (the reference lags its
# echo). Counting frames drifts with the threads' bursts: see docs/echo-cancellation.md.
REFERENCE_FRAMES = 5
# Real-time priority of the threads that carry sound (raise_thread_priority): low on the
# scale, above every normal thread and below the sound server's own (PulseAudio asks rtkit
# for 5, PipeWire for 20-88), so the server still comes first.
RT_PRIORITY = 3


class SoundBuffers:
    """What the device layer reads (`headset_out`, `ringer_out`) and writes (the mic).

    The microphone is only buffered while a call listens to it (`capture_wanted`): the
    bridge does not ask for the mic between calls, and a full buffer would be old speech.
    The engine also says when anything is to be heard (`playback_wanted`, `ringer_wanted`)
    and the device layer keeps a device stream open only then (`capture_demanded` adds the
    settings' level meter); `on_demand` is called (on the caller's thread) when that changes.
    """

    def __init__(self, margin_ms: float = 10.0) -> None:
        """margin_ms: the least audio each buffer keeps in hand against the clocks' bursts."""
        self.rate = RATE
        self.frame_samples = FRAME_SAMPLES
        self.headset_out = JitterBuffer(RATE, margin_ms)
        self.ringer_out = JitterBuffer(RATE, margin_ms)
        self.headset_in = JitterBuffer(RATE, margin_ms)
        self._capture_wanted = threading.Event()
        self._recent: deque[bytes] = deque(maxlen=LEVEL_CHUNKS)  # for the level meter
        self._playback_wanted = self._ringer_wanted = False
        self._meter_read = -1e9  # time.monotonic() of the last capture_level read
        self.on_demand: Callable[[], None] | None = None
        self._echo: EchoCanceller | None = None  # set_processing(); None: mic passed through
        self._reference: deque[bytes] = deque(maxlen=REFERENCE_FRAMES)
        self._played = bytearray()  # < 10 ms of the reference not yet a whole frame
        self._near = bytearray()  # < 10 ms of microphone not yet a whole frame
        self._echo_lock = threading.Lock()
        # the speech coaching's hand-off (softphone.coaching.tap.CoachTap.offer): called on the
        # clock thread with ("operator" | "caller", 20 ms PCM); it must return at once
        self.tap: Callable[[str, bytes], None] | None = None

    # --- echo cancellation, noise suppression, gain control ----------------------------------
    def set_processing(self, settings: EchoSettings) -> None:
        """Switch the microphone's processing (any thread); raises EchoUnavailable.

        The canceller runs in the capture stream's callback, in write_capture; its reference
        is what the headset's playback callback hands to the device (`played`).
        """
        with self._echo_lock:
            if not settings.active:
                self._echo = None
            elif self._echo is None:
                self._echo = EchoCanceller(settings)
            else:
                self._echo.configure(settings)
            self._near.clear()

    @property
    def processing(self) -> EchoSettings | None:
        echo = self._echo
        return echo.settings if echo is not None else None

    def played(self, pcm: bytes) -> None:
        """16 kHz PCM the headset's playback callback is handing to the device (the reference)."""
        if self._echo is None:
            return
        with self._echo_lock:
            self._played += pcm
            whole = len(self._played) // ECHO_FRAME_BYTES * ECHO_FRAME_BYTES
            for start in range(0, whole, ECHO_FRAME_BYTES):
                self._reference.append(bytes(self._played[start : start + ECHO_FRAME_BYTES]))
            del self._played[:whole]

    def _process(self, pcm: bytes) -> bytes:
        """The microphone through the canceller, in whole 10 ms frames (the rest waits)."""
        with self._echo_lock:
            echo = self._echo
            if echo is None:
                return pcm
            self._near += pcm
            whole = len(self._near) // ECHO_FRAME_BYTES * ECHO_FRAME_BYTES
            frames = []
            for start in range(0, whole, ECHO_FRAME_BYTES):
                near = bytes(self._near[start : start + ECHO_FRAME_BYTES])
                far = self._reference.popleft() if self._reference else None
                frames.append((near, far))
            del self._near[:whole]
        return b"".join(echo.process(near, far) for near, far in frames)

    @property
    def playback_wanted(self) -> bool:
        """A call is heard or a tone plays in the headset (ringback, keys, test tone)."""
        return self._playback_wanted

    @property
    def ringer_wanted(self) -> bool:
        return self._ringer_wanted

    @property
    def capture_demanded(self) -> bool:
        """A call takes the microphone, or the level meter was read a moment ago."""
        return self.capture_wanted or time.monotonic() - self._meter_read < METER_HOLD_S

    def set_wanted(self, playback: bool, ringer: bool) -> None:
        """The engine says what is to be heard now (headset, ringer)."""
        if (playback, ringer) != (self._playback_wanted, self._ringer_wanted):
            self._playback_wanted, self._ringer_wanted = playback, ringer
            self._demand_changed()

    def _demand_changed(self) -> None:
        callback = self.on_demand
        if callback is not None:
            callback()

    @property
    def capture_wanted(self) -> bool:
        return self._capture_wanted.is_set()

    def set_capture_wanted(self, wanted: bool) -> None:
        """The engine says whether any call takes the microphone now."""
        if wanted and not self._capture_wanted.is_set():
            self.headset_in.clear()
            self._capture_wanted.set()
            self._demand_changed()
        elif not wanted and self._capture_wanted.is_set():
            self._capture_wanted.clear()
            self.headset_in.clear()
            self._demand_changed()
        elif not wanted:
            self.headset_in.clear()

    def write_capture(self, pcm: bytes) -> None:
        """Microphone samples at 16 kHz from the device layer; also feeds the level meter.

        With processing switched on, the echo of the headset is removed here first (on the
        capture stream's callback).
        """
        if self._echo is not None:
            pcm = self._process(pcm)
        self._recent.append(pcm)
        if self._capture_wanted.is_set():
            self.headset_in.write(pcm)

    @property
    def capture_level(self) -> float:
        """Microphone RMS over the newest LEVEL_CHUNKS chunks, 0..1 (the settings' meter).

        Reading it keeps the microphone open for METER_HOLD_S: the meter shows the real mic.
        """
        was_demanded = self.capture_demanded
        self._meter_read = time.monotonic()
        if not was_demanded:
            self._demand_changed()
        pcm = b"".join(tuple(self._recent))  # tuple(): one atomic copy under the GIL
        # Plain Python, not numpy (issue #15: numpy is not loaded at start): ~30 µs for the
        # 800 samples, a few times a second; the integer sum is exact, as numpy's was.
        samples = array("h", pcm[: len(pcm) // 2 * 2])
        if not samples:
            return 0.0
        if sys.byteorder == "big":  # the bridge's PCM is little-endian s16
            samples.byteswap()
        rms = math.sqrt(sum([s * s for s in samples]) / len(samples)) / 32768.0
        return min(1.0, rms)

    def tap_frame(self, side: str, pcm: bytes) -> None:
        """Hand a frame of the call to the tap, if any; its failure never reaches the call."""
        tap = self.tap
        if tap is not None:
            try:
                tap(side, pcm)
            except Exception:
                log.exception("sound: the audio tap failed")

    def stats(self) -> dict[str, JitterStats]:
        return {
            "headset_out": self.headset_out.stats(),
            "headset_in": self.headset_in.stats(),
            "ringer_out": self.ringer_out.stats(),
        }


def raise_thread_priority(name: str) -> bool:
    """Put the calling thread on SCHED_RR at RT_PRIORITY; False if the system refused it.

    libpulse's thread and PJSIP's clock thread wake every 10-20 ms and must run soon after;
    on a loaded machine a normal thread waits behind other processes and the sound server's
    buffer runs dry. PulseAudio's and PipeWire's own clients ask for SCHED_RR the same way
    (directly where RLIMIT_RTPRIO allows it, as desktops give the audio group, else rtkit).
    Refused (an account with no rtprio allowance), the thread keeps normal scheduling. The
    threads spend nearly all their time blocked on the device or the GIL. SOFTPHONE_NO_RT=1
    switches it off (comparisons, a system that misbehaves).
    """
    if os.environ.get("SOFTPHONE_NO_RT") or not hasattr(os, "sched_setscheduler"):
        return False
    try:
        os.sched_setscheduler(0, os.SCHED_RR, os.sched_param(RT_PRIORITY))
    except OSError as exc:  # EPERM: no rtprio allowance for this user
        log.debug("sound: %s keeps normal scheduling (%s)", name, exc)
        return False
    log.info("sound: %s runs with real-time priority %d", name, RT_PRIORITY)
    return True


def vector_bytes(vector: pj.ByteVector) -> bytes:
    """The bytes of a pjsua2 ByteVector (a std::vector<uint8_t>) in one copy.

    `bytes(frame.buf)` walks SWIG's iterator element by element: 0.4-0.8 ms per 20 ms frame on
    the clock thread, holding the GIL (4 % of a core for the headset port alone). The vector's
    first two words are libstdc++'s begin and end pointers; the length is checked against
    size() and anything unexpected takes the slow, safe path.
    """
    begin, end = (ctypes.c_void_p * 2).from_address(int(vector.this))
    if not begin or not end:
        return bytes(vector)  # an empty vector has no storage yet
    size = end - begin
    if size != vector.size() or size < 0:
        return bytes(vector)
    return ctypes.string_at(begin, size)


def fill_vector(vector: pj.ByteVector, data: bytes) -> pj.ByteVector:
    """`data` in a pjsua2 ByteVector: copied into `vector` when the sizes match, else new.

    `pj.ByteVector(data)` builds the vector element by element: 20-25 us per 20 ms frame on
    the clock thread, holding the GIL; one memmove into a kept vector of the same size (its
    begin pointer, as in vector_bytes) takes about a microsecond.
    """
    begin, end = (ctypes.c_void_p * 2).from_address(int(vector.this))
    if not begin or not end or end - begin != len(data) or vector.size() != len(data):
        return pj.ByteVector(data)
    ctypes.memmove(begin, data, len(data))
    return vector


def _audio_format() -> pj.MediaFormatAudio:
    fmt = pj.MediaFormatAudio()
    fmt.type = pj.PJMEDIA_TYPE_AUDIO
    fmt.clockRate = RATE
    fmt.channelCount = 1
    fmt.bitsPerSample = 16
    fmt.frameTimeUsec = FRAME_MS * 1000
    return fmt


class ClockThread:
    """PJSIP's clock thread, which calls the ports: a new one whenever the bridge wakes.

    The bridge's null device closes a second after the bridge falls idle and its clock thread
    ends with it, so each call may run on a new thread: each gets real-time priority and a kept
    Python thread state (native_threads/kept_state.py) on its first callback, not only the
    first one ever.
    """

    def __init__(self) -> None:
        self.thread_id = 0
        self.state = KeptThreadState("clock")

    def enter(self) -> None:
        """At the top of every port callback; the work is done once per clock thread."""
        tid = threading.get_native_id()
        if tid != self.thread_id:
            self.thread_id = tid
            raise_thread_priority("the conference bridge's clock")
            self.state.keep()


CLOCK = ClockThread()


class _PcmPort(pj.AudioMediaPort):
    """A conference port: what the bridge sends it goes to `out`; it sends what `source` has."""

    def __init__(self, name: str, out: JitterBuffer, source: JitterBuffer | None,
                 tap: Callable[[str, bytes], None] | None = None) -> None:
        super().__init__()
        self._out = out
        self._source = source
        self._tap = tap  # the headset's: what the operator hears ("caller") and says ("operator")
        self.closed = False  # retired: the bridge may still call us until libDestroy
        self._vector = pj.ByteVector(FRAME_BYTES)  # what onFrameRequested fills (clock thread)
        self.createPort(name, _audio_format())

    def onFrameReceived(self, frame: pj.MediaFrame) -> None:
        if self.closed:
            return
        try:
            CLOCK.enter()
            if frame.type == pj.PJMEDIA_TYPE_AUDIO and frame.size == FRAME_BYTES:
                pcm = vector_bytes(frame.buf)
            else:  # nobody transmits to us: keep the device's clock fed with silence
                pcm = _SILENCE
            self._out.write(pcm)
            if self._tap is not None:
                self._tap("caller", pcm)
        except Exception:  # clock thread: nothing may escape into PJSIP
            log.exception("sound port: onFrameReceived failed")

    def onFrameRequested(self, frame: pj.MediaFrame) -> None:
        try:
            CLOCK.enter()
            source = None if self.closed else self._source
            pcm = source.read(FRAME_SAMPLES) if source is not None else _SILENCE
            frame.type = pj.PJMEDIA_TYPE_AUDIO
            self._vector = fill_vector(self._vector, pcm)
            frame.buf = self._vector  # the frame gets a copy: ours is refilled next time
            frame.size = FRAME_BYTES
            if self._tap is not None and source is not None:
                self._tap("operator", pcm)
        except Exception:
            log.exception("sound port: onFrameRequested failed")


class SoundPorts:
    """The engine's two conference ports (headset both ways, ringer out) for one library run."""

    def __init__(self, buffers: SoundBuffers) -> None:
        self.buffers = buffers
        self.headset: pj.AudioMedia = track(
            _PcmPort("headset", buffers.headset_out, buffers.headset_in, buffers.tap_frame)
        )
        self.ringer: pj.AudioMedia = track(_PcmPort("ringer", buffers.ringer_out, None))

    def close(self) -> list[pj.AudioMediaPort]:
        """Retire the ports; the caller keeps what this returns until libDestroy is done.

        Destroying a Python port while PJSIP's clock thread may still call it (the bridge
        removes ports asynchronously) crashed the process once inside a garbage collection at
        shutdown. So the ports go silent, are disowned (their C++ side is never destroyed:
        libDestroy takes the whole bridge down) and stay referenced until the library is gone.
        """
        retired = [port for port in (self.headset, self.ringer) if port is not None]
        for port in retired:
            port.closed = True
            port.thisown = False
            untrack(port)
        self.headset = self.ringer = None
        self.buffers.set_capture_wanted(False)
        self.buffers.set_wanted(False, False)
        return retired
