"""The device side of the sound path: Qt Multimedia between the desktop and the engine.

The engine (softphone.sip.sound) exposes the conference bridge as PCM buffers and knows
nothing of Qt; this package lists devices (devices.py), follows hot-plug and moves 20 ms of
audio at a time between those buffers and QAudioSink/QAudioSource (path.py, streams.py).
"""

from softphone.ui.sound.devices import DeviceInfo, Kind
from softphone.ui.sound.path import SoundPath

__all__ = ["DeviceInfo", "Kind", "SoundPath"]
