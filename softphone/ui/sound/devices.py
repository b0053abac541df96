"""The desktop's sound devices by human name and stable id, following hot-plug and defaults.

Qt Multimedia reaches PulseAudio and PipeWire; `QAudioDevice.id()` is the sound server's
device name (bytes), stable across restarts and re-plugging, so settings remember that and
show `description()`. An empty id means "the system default".
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtMultimedia import QAudioDevice, QMediaDevices


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

    device: QAudioDevice | None  # None: no device of this kind at all
    moved: bool  # the chosen device is missing: this is the default instead


_backend_skipped = False


def _skip_media_backend() -> None:
    """Make Qt Multimedia's platform integration without a media backend plugin (once).

    The first QMediaDevices call loads the FFmpeg backend plugin (libavcodec, libavformat, Qt
    Quick and QML: ~13 MB resident, ~15 ms), which serves players, cameras and recorders; the
    sound path uses only the device list, which libQt6Multimedia's own PulseAudio code gives
    (with its change signals) either way. Qt looks for the backend once, in the plugin path of
    that moment, so that moment sees an empty path; the path is put back at once.
    """
    global _backend_skipped
    if _backend_skipped:
        return
    _backend_skipped = True
    paths = QCoreApplication.libraryPaths()
    QCoreApplication.setLibraryPaths([])
    try:
        QMediaDevices.audioOutputs()
    finally:
        QCoreApplication.setLibraryPaths(paths)


def _infos(devices: list[QAudioDevice]) -> list[DeviceInfo]:
    return [DeviceInfo(bytes(d.id().data()), d.description(), d.isDefault()) for d in devices]


class Devices(QObject):
    """Lists inputs and outputs and says when they change (plugged, unplugged, new default)."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        _skip_media_backend()
        self._media = QMediaDevices(self)
        self._media.audioInputsChanged.connect(self.changed)
        self._media.audioOutputsChanged.connect(self.changed)

    def _qt(self, kind: Kind) -> list[QAudioDevice]:
        if kind is Kind.CAPTURE:
            return list(QMediaDevices.audioInputs())
        return list(QMediaDevices.audioOutputs())

    def list(self, kind: Kind) -> list[DeviceInfo]:
        return _infos(self._qt(kind))

    def name_of(self, kind: Kind, device_id: bytes) -> str:
        for info in self.list(kind):
            if info.id == device_id:
                return info.name
        return ""

    def default(self, kind: Kind) -> QAudioDevice | None:
        device = (
            QMediaDevices.defaultAudioInput() if kind is Kind.CAPTURE
            else QMediaDevices.defaultAudioOutput()
        )
        if device.isNull():
            available = self._qt(kind)
            return available[0] if available else None
        return device

    def resolve(self, kind: Kind, chosen: bytes) -> Resolved:
        """The chosen device if present, else the default (moved), else none."""
        if chosen:
            for device in self._qt(kind):
                if bytes(device.id().data()) == chosen:
                    return Resolved(device, False)
        return Resolved(self.default(kind), bool(chosen))


def device_id(device: QAudioDevice | None) -> bytes:
    return bytes(device.id().data()) if device is not None else b""
