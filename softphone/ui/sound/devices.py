"""The desktop's sound devices by human name and stable id, following hot-plug and defaults.

The list comes from our own libpulse connection (device_watch.py, on pulse_client.py's shared
connection; PipeWire desktops serve the same API through pipewire-pulse). A device's id is the
sound server's device name (bytes), stable across restarts and re-plugging, so settings
remember that and show its description. An empty id means "the system default". Monitor
sources are not offered as microphones.
"""

from __future__ import annotations

import contextlib
import enum
import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from softphone.ui.sound.device_watch import DeviceWatch, Snapshot

log = logging.getLogger("softphone.ui.sound")
FIRST_LIST_S = 1.0  # the most the first list() waits for the server's answer (a local socket)
RETRY_S, RETRY_MAX_S = 3.0, 60.0  # no server, or it went away: ask again, less and less often


class Kind(enum.StrEnum):
    CAPTURE = "capture"
    PLAYBACK = "playback"
    RINGER = "ringer"  # an output too: the speakers the phone rings on


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    id: bytes
    name: str
    is_default: bool


@dataclass(frozen=True, slots=True)
class Resolved:
    """Which device a stream should use now, and whether that is not the chosen one."""

    device: DeviceInfo | None  # None: no device of this kind at all
    moved: bool  # the chosen device is missing: this is the default instead


def _infos(snapshot: Snapshot, kind: Kind) -> list[DeviceInfo]:
    if kind is Kind.CAPTURE:
        devices, default = snapshot.sources, snapshot.default_source
    else:
        devices, default = snapshot.sinks, snapshot.default_sink
    return [DeviceInfo(d.id, d.name, d.id == default) for d in devices]


class Devices(QObject):
    """Lists inputs and outputs and says when they change (plugged, unplugged, new default).

    Holds a place on the shared sound-server connection from construction (or `open()`) until
    `close()`. Without a server the lists are empty, and it asks again after RETRY_S, doubling
    up to RETRY_MAX_S; `changed` fires when the server and its devices appear.

    `list()` waits (at most FIRST_LIST_S) for the server's first answer; the sound path does
    not ask before `known`, and starts on `listed` instead, so a sound server that hangs does
    not hold up the GUI thread.
    """

    changed = Signal()
    listed = Signal()  # the server's first answer since open() is in (devices, or none)
    _arrived = Signal()  # from libpulse's thread: a new snapshot
    _lost = Signal(str)  # from libpulse's thread (or open()): the connection broke

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # queued: the watch calls these on libpulse's thread, or inside open() with its lock
        self._arrived.connect(self._snapshot_arrived, Qt.ConnectionType.QueuedConnection)
        self._lost.connect(self._connection_lost, Qt.ConnectionType.QueuedConnection)
        self._watch = DeviceWatch(self._tell_arrived, self._tell_lost)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._reopen)
        self._retry_s = RETRY_S
        self._open = False
        self._waited = False
        self._announced = False  # `listed` sent for this opening
        self.open()

    def open(self) -> None:
        """Join the sound server's connection (again, after `close()`); no-op while open."""
        if self._open:
            return
        self._open, self._waited, self._announced = True, False, False
        self._watch.open()

    def close(self) -> None:
        """Leave the connection: no more lists nor `changed` until `open()`."""
        self._retry.stop()
        if self._open:
            self._open = False
            self._watch.close()

    def _tell_arrived(self, _snapshot: Snapshot) -> None:
        """libpulse's thread: only a queued signal crosses to the GUI thread."""
        with contextlib.suppress(RuntimeError):  # the Qt side was deleted without close()
            self._arrived.emit()

    def _tell_lost(self, reason: str) -> None:
        with contextlib.suppress(RuntimeError):
            self._lost.emit(reason)

    @property
    def known(self) -> bool:
        """Whether the server has answered since open(): `list()` would not wait."""
        return self._open and self._watch.first.is_set()

    def _announce(self) -> None:
        if not self._announced:
            self._announced = True
            self.listed.emit()

    @Slot()
    def _snapshot_arrived(self) -> None:
        if self._open:
            self._retry_s = RETRY_S  # it answered: a later loss starts over at the short wait
            self.changed.emit()
            self._announce()

    @Slot(str)
    def _connection_lost(self, reason: str) -> None:
        if not self._open:
            return
        log.info("sound: no device list (%s); asking again in %.0f s", reason, self._retry_s)
        self._watch.close()  # frees the broken connection once its streams let go too
        self._retry.start(int(self._retry_s * 1000))
        self._retry_s = min(self._retry_s * 2, RETRY_MAX_S)
        self._announce()  # no server is an answer too: the lists are empty

    @Slot()
    def _reopen(self) -> None:
        if self._open:
            self._watch.open()

    def _snapshot(self) -> Snapshot:
        if not self._waited:  # the first question waits for the server's first answer
            self._waited = True
            if not self._watch.first.wait(FIRST_LIST_S):
                log.warning("sound: the sound server did not list its devices within %.1f s",
                            FIRST_LIST_S)
        return self._watch.snapshot

    def list(self, kind: Kind) -> list[DeviceInfo]:
        return _infos(self._snapshot(), kind)

    def name_of(self, kind: Kind, device_id: bytes) -> str:
        for info in self.list(kind):
            if info.id == device_id:
                return info.name
        return ""

    def default(self, kind: Kind) -> DeviceInfo | None:
        """The server's default of this kind, else the first there is, else None."""
        available = self.list(kind)
        for info in available:
            if info.is_default:
                return info
        return available[0] if available else None

    def resolve(self, kind: Kind, chosen: bytes) -> Resolved:
        """The chosen device if present, else the default (moved), else none."""
        if chosen:
            for info in self.list(kind):
                if info.id == chosen:
                    return Resolved(info, False)
        return Resolved(self.default(kind), bool(chosen))


def device_id(device: DeviceInfo | None) -> bytes:
    return device.id if device is not None else b""
