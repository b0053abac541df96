"""The operator's sound path: the engine's PCM buffers to and from the chosen devices.

`SoundPath` lives in the GUI thread and decides which device each stream uses (chosen, or the
default while the chosen one is unplugged, or none); the streams run as callbacks on
libpulse's own thread (streams.py), paced by the devices, so a busy GUI thread does not starve
the sound card. The engine side (softphone.sip.sound.SoundBuffers) is plain Python and
thread-safe.

A stream is open only while the engine has something for it (a call heard or taking the mic,
a tone, the ringtone, the settings' level meter): idle, the softphone costs the sound server
and the CPU nothing. It closes LINGER_S after the last demand, so short gaps (ringback's
pauses, key tones typed one by one) do not reopen it.
"""

from __future__ import annotations

import logging
import sys
import time

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from softphone.sip.echo import EchoSettings, EchoUnavailable
from softphone.sip.sound import SoundBuffers
from softphone.ui.sound.devices import DeviceInfo, Devices, Kind, device_id
from softphone.ui.sound.streams import CaptureStream, PlaybackStream

log = logging.getLogger("softphone.ui.sound")
_RETRY_MS = 250
_RETRIES = 3
LINGER_S = 1.5  # an unwanted stream stays open this long (no churn between key tones)
_TICK_MS = 200
SILENT_SERVER_MS = 3000  # a local sound server answers in milliseconds; after this, say so
# How long a thread holding the GIL keeps it while another waits (Python's default 5 ms). The
# sound callbacks and PJSIP's clock thread each need the GIL a few times per 10-20 ms frame;
# behind a GUI thread running Python every take waited up to 5 ms, so they fell behind and
# caught up in bursts. A thread woken after a 10 ms wait, with a thread burning Python beside
# it: p95 lateness 8-9 ms at 5 ms, 2-6 ms at 1 ms; bench audio_path uplink median 98-108 ms
# -> 65-71 ms (docs/audio-path-bench.md). Process-wide: the sound path is why it is set.
SWITCH_INTERVAL_S = 0.001


class SoundPath(QObject):
    """Chooses devices by stable id, follows hot-plug, and tells the window what happened."""

    deviceMoved = Signal(str)  # "the headset is unplugged: sound moved to ...", and back
    statusChanged = Signal(str)  # "" when every stream has a device, else what is missing
    _failed = Signal(str)  # from a stream's thread: its device broke
    _demand = Signal()  # the engine's wish for sound changed (may come from any thread)

    def __init__(self, buffers: SoundBuffers, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.buffers = buffers
        self.devices = Devices(self)
        self._chosen = {kind: b"" for kind in Kind}
        self._using: dict[Kind, DeviceInfo | None] = {}
        self._moved: dict[Kind, bool] = {kind: False for kind in Kind}
        self._status = ""
        self._names: dict[bytes, str] = {}  # chosen id -> its name, to say which one is gone
        self._streams: dict[Kind, PlaybackStream | CaptureStream] = {}
        self._failures: dict[Kind, int] = {}  # in a row; retried until the devices change
        self._wanted_at: dict[Kind, float] = {}  # time.monotonic() a stream was last wanted
        self._failed.connect(self._stream_failed)
        self._demand.connect(self._follow_demand)
        self.devices.changed.connect(self._devices_changed)
        self.devices.listed.connect(self._devices_changed)
        self._idle = QTimer(self)  # closes streams nobody needs; clears unplayed buffers
        self._silence = QTimer(self)  # the server took the connection but has not answered
        self._silence.setSingleShot(True)
        self._silence.timeout.connect(self._server_silent)
        self._idle.timeout.connect(self._tick)
        self._running = False
        buffers.on_demand = self._demand.emit

    def start(self, capture: bytes = b"", playback: bytes = b"", ringer: bytes = b"") -> None:
        """Open the chosen devices (b"" = the system default) and start moving sound."""
        self.devices.open()
        self._chosen = {Kind.CAPTURE: capture, Kind.PLAYBACK: playback, Kind.RINGER: ringer}
        if not self._running:
            self._running = True
            sys.setswitchinterval(SWITCH_INTERVAL_S)
            self._idle.start(_TICK_MS)
        if not self.devices.known:
            self._silence.start(SILENT_SERVER_MS)
        self._apply()

    def set_devices(self, capture: bytes, playback: bytes, ringer: bytes) -> None:
        self._moved = {kind: False for kind in Kind}
        self.start(capture, playback, ringer)

    def stop(self) -> None:
        """Close the streams and the device list's connection; before the engine shuts down."""
        self.devices.close()
        if not self._running:
            return
        self._running = False
        self._idle.stop()
        self._silence.stop()
        if self.buffers.on_demand == self._demand.emit:
            self.buffers.on_demand = None
        for stream in self._streams.values():
            stream.stop()
        self._streams.clear()
        self._using.clear()

    def set_processing(self, echo_cancellation: bool, noise_suppression: bool,
                       gain_control: bool) -> str:
        """Switch the microphone's processing; "" if done, else why not (library missing)."""
        settings = EchoSettings(echo_cancellation=echo_cancellation,
                                noise_suppression=noise_suppression,
                                auto_gain_control=gain_control)
        try:
            self.buffers.set_processing(settings)
        except EchoUnavailable as exc:
            log.warning("sound: microphone processing unavailable: %s", exc)
            self.buffers.set_processing(EchoSettings(echo_cancellation=False))
            return str(exc)
        return ""

    def stream_errors(self) -> dict[str, str]:
        """Why a stream could not run, by kind (empty when all is well)."""
        return {str(k): s.error for k, s in self._streams.items() if s.error}

    # --- what the window and settings ask ---------------------------------------------------
    def list_devices(self, kind: Kind | str) -> list[DeviceInfo]:
        return self.devices.list(Kind(kind))

    def is_open(self, kind: Kind | str) -> bool:
        """Whether a device stream of this kind runs now (it opens only when wanted)."""
        return Kind(kind) in self._streams

    def current_name(self, kind: Kind | str) -> str:
        device = self._using.get(Kind(kind))
        return device.name if device is not None else ""

    @property
    def status(self) -> str:
        return self._status

    @property
    def capture_level(self) -> float:
        return self.buffers.capture_level

    # --- following the devices -------------------------------------------------------------
    def _apply(self) -> None:
        """Follow the device list; before the server's first answer, wait for `listed`
        rather than for the server (one that hangs would freeze the window)."""
        if not self._running or not self.devices.known:
            return
        missing: list[Kind] = []
        for kind in Kind:
            chosen = self._chosen[kind]
            resolved = self.devices.resolve(kind, chosen)
            if resolved.device is None:
                missing.append(kind)
            was_moved = self._moved[kind]
            self._moved[kind] = resolved.moved
            current = self._using.get(kind)
            if kind in self._using and device_id(current) == device_id(resolved.device):
                continue
            self._using[kind] = resolved.device
            self._close(kind)
            if self._wanted(kind):
                self._open(kind, resolved.device)
            self._tell(kind, chosen, resolved.device, was_moved, resolved.moved)
        self._set_status(missing)

    def _tell(self, kind: Kind, chosen: bytes, device: DeviceInfo | None, was_moved: bool,
              moved: bool) -> None:
        name = self._names.get(chosen) or chosen.decode(errors="replace")
        if moved and not was_moved and device is not None:
            self.deviceMoved.emit(
                self.tr("%1 is disconnected: sound moved to %2")
                .replace("%1", name).replace("%2", device.name)
            )
        elif was_moved and not moved and device is not None:
            self.deviceMoved.emit(
                self.tr("%1 is connected again: sound is back on it").replace("%1", name)
            )
        if device is not None and device_id(device) == chosen:
            self._names[chosen] = device.name

    @Slot()
    def _server_silent(self) -> None:
        if self._running and not self.devices.known:
            log.warning("sound: the sound server has not answered in %d ms", SILENT_SERVER_MS)
            self._say(self.tr("The sound server does not answer: calls connect, "
                              "but nothing is heard or sent"))

    def _say(self, text: str) -> None:
        if text != self._status:
            self._status = text
            self.statusChanged.emit(text)

    def _set_status(self, missing: list[Kind]) -> None:
        if not missing:
            text = ""
        elif Kind.CAPTURE in missing and Kind.PLAYBACK in missing:
            text = self.tr("No sound device: calls connect, but nothing is heard or sent")
        elif Kind.CAPTURE in missing:
            text = self.tr("No microphone: the other party does not hear you")
        else:
            text = self.tr("No headphones or speakers: you do not hear the other party")
        self._say(text)

    # --- opening streams only while they are wanted -----------------------------------------
    def _wanted(self, kind: Kind) -> bool:
        if kind is Kind.CAPTURE:
            return self.buffers.capture_demanded
        if kind is Kind.RINGER:
            return self.buffers.ringer_wanted
        return self.buffers.playback_wanted

    @Slot()
    def _follow_demand(self) -> None:
        """Open what is wanted now; close what has not been wanted for LINGER_S."""
        if not self._running:
            return
        now = time.monotonic()
        for kind in Kind:
            if self._wanted(kind):
                self._wanted_at[kind] = now
                idle = kind not in self._streams and kind in self._using
                if idle and self._failures.get(kind, 0) <= _RETRIES:
                    self._open(kind, self._using[kind])
            elif kind in self._streams and now - self._wanted_at.get(kind, 0.0) > LINGER_S:
                log.info("sound: %s idle, closed", kind)
                self._close(kind)

    def _close(self, kind: Kind) -> None:
        old = self._streams.pop(kind, None)
        if old is not None:
            old.stop()

    def _open(self, kind: Kind, device: DeviceInfo | None) -> None:
        self._close(kind)
        if device is None:
            return
        name = device_id(device).decode(errors="replace")
        failed = lambda: self._failed.emit(str(kind))  # noqa: E731  (runs on the stream thread)
        stream: PlaybackStream | CaptureStream
        if kind is Kind.CAPTURE:
            stream = CaptureStream(str(kind), name, self.buffers.write_capture, failed)
        else:
            out = self.buffers.ringer_out if kind is Kind.RINGER else self.buffers.headset_out
            out.clear()
            played = self.buffers.played if kind is Kind.PLAYBACK else None  # echo reference
            stream = PlaybackStream(str(kind), name, out, failed, played)
        stream.start()
        self._streams[kind] = stream
        log.info("sound: %s on %r (%s)", kind, device.name, name)

    def _devices_changed(self) -> None:
        self._failures.clear()
        self._apply()

    def _tick(self) -> None:
        self._follow_demand()
        if Kind.PLAYBACK not in self._streams:
            self.buffers.headset_out.clear()
        if Kind.RINGER not in self._streams:
            self.buffers.ringer_out.clear()

    @Slot(str)
    def _stream_failed(self, kind: str) -> None:
        """A stream broke (its device vanished): look again once the device list settled."""
        stream = self._streams.pop(Kind(kind), None)
        if stream is not None:
            stream.stop()
        self._using.pop(Kind(kind), None)
        failures = self._failures[Kind(kind)] = self._failures.get(Kind(kind), 0) + 1
        if failures <= _RETRIES:  # a device that keeps refusing waits for the next change
            QTimer.singleShot(_RETRY_MS * failures, self._apply)
