"""Sound devices, per-call players and recorders, tones and the microphone level meter.

All pjsua2 media objects live here and are destroyed by `close()` methods the engine calls
before libDestroy; a player or port that outlives the library aborts the process.
"""

from __future__ import annotations

import array
import logging
import math
import os
import time
from dataclasses import dataclass

import pjsua2 as pj

from softphone.sip.errors import AudioError, pj_text
from softphone.sip.events import AudioStatus
from softphone.sip.lifetime import track

log = logging.getLogger("softphone.sip.media")
NULL_DEVICE = "null"


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    index: int
    name: str
    inputs: int
    outputs: int


def list_devices(adm: pj.AudDevManager) -> list[DeviceInfo]:
    try:
        return [
            DeviceInfo(i, d.name, d.inputCount, d.outputCount)
            for i, d in enumerate(adm.enumDev2())
        ]
    except pj.Error as exc:
        log.warning("cannot list sound devices: %s", pj_text(exc))
        return []


def select_devices(adm: pj.AudDevManager, capture: str, playback: str, null: bool) -> AudioStatus:
    """Open the named devices, or fall back to the null device and say why."""
    if null:
        adm.setNullDev()
        return AudioStatus(NULL_DEVICE, NULL_DEVICE, True, "Звук отключён в настройках")
    devices = list_devices(adm)
    if not any(d.inputs for d in devices) or not any(d.outputs for d in devices):
        adm.setNullDev()
        message = "Звуковая карта не найдена: звонки работают, но звук не слышен"
        log.warning("no sound card found, using the null audio device")
        return AudioStatus(NULL_DEVICE, NULL_DEVICE, True, message)
    notes: list[str] = []

    def pick(name: str, want_input: bool) -> DeviceInfo | None:
        if not name:
            return None
        for dev in devices:
            if dev.name == name and (dev.inputs if want_input else dev.outputs):
                return dev
        notes.append(f"устройство {name!r} не найдено, выбрано по умолчанию")
        log.warning("sound device %r not found, using the default", name)
        return None

    cap, play = pick(capture, True), pick(playback, False)
    try:
        adm.setCaptureDev(cap.index if cap else pj.PJMEDIA_AUD_DEFAULT_CAPTURE_DEV)
        adm.setPlaybackDev(play.index if play else pj.PJMEDIA_AUD_DEFAULT_PLAYBACK_DEV)
    except pj.Error as exc:
        adm.setNullDev()
        log.warning("cannot open sound devices (%s); using the null device", pj_text(exc))
        return AudioStatus(NULL_DEVICE, NULL_DEVICE, True, f"Ошибка звуковой карты: {pj_text(exc)}")
    return AudioStatus(
        cap.name if cap else "по умолчанию",
        play.name if play else "по умолчанию",
        False,
        "; ".join(notes),
    )


def open_player(path: str, loop: bool) -> pj.AudioMediaPlayer:
    if not os.path.isfile(path):
        raise AudioError(f"Файл не найден: {path}")
    player = track(pj.AudioMediaPlayer())
    try:
        player.createPlayer(path, 0 if loop else pj.PJMEDIA_FILE_NO_LOOP)
    except pj.Error as exc:
        raise AudioError(f"Не удалось открыть WAV {path}: {pj_text(exc)}") from None
    return player


def wait_wav_complete(path: str, timeout_s: float) -> bool:
    """True once the RIFF size field matches the file size (the writer closed it)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with open(path, "rb") as wav:
                head = wav.read(8)
                size = os.fstat(wav.fileno()).st_size
            if len(head) == 8 and int.from_bytes(head[4:8], "little") == size - 8:
                return True
        except OSError:
            pass
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.01)


class CallMedia:
    """Players and the recorder attached to one call; dropped when the call ends."""

    def __init__(self) -> None:
        self.players: list[pj.AudioMediaPlayer] = []
        self.recorder: pj.AudioMediaRecorder | None = None
        self.recording_path = ""

    def play(self, path: str, target: pj.AudioMedia) -> None:
        player = open_player(path, loop=False)
        player.startTransmit(target)
        self.players.append(player)

    def record(self, path: str, sources: list[pj.AudioMedia]) -> None:
        self.stop_recording()
        recorder = track(pj.AudioMediaRecorder())
        try:
            recorder.createRecorder(path)
        except pj.Error as exc:
            raise AudioError(f"Не удалось записать в {path}: {pj_text(exc)}") from None
        for source in sources:
            source.startTransmit(recorder)
        self.recorder, self.recording_path = recorder, path

    def stop_recording(self) -> str:
        """Close the WAV and wait until it is complete; return its path.

        Since PJSIP 2.14 the conference bridge removes ports asynchronously (on its clock
        thread), so the WAV header is only final a few milliseconds after the recorder goes.
        """
        path, self.recorder, self.recording_path = self.recording_path, None, ""
        if path and not wait_wav_complete(path, timeout_s=1.0):
            log.warning("recording %s was not finalised within 1 s", path)
        return path

    def close(self) -> None:
        self.stop_recording()
        self.players.clear()


class LevelMeter(pj.AudioMediaPort):
    """Conference port that keeps the RMS (0..1) of the last ~100 ms it received.

    onFrameReceived runs on PJSIP's media thread; it only stores a float.
    """

    CLOCK_RATE, FRAME_MS, WINDOW = 16000, 20, 5

    def __init__(self) -> None:
        super().__init__()
        self._recent: list[float] = []
        self.level = 0.0
        fmt = pj.MediaFormatAudio()
        fmt.type = pj.PJMEDIA_TYPE_AUDIO
        fmt.clockRate = self.CLOCK_RATE
        fmt.channelCount = 1
        fmt.bitsPerSample = 16
        fmt.frameTimeUsec = self.FRAME_MS * 1000
        self.createPort("level-meter", fmt)

    def onFrameReceived(self, frame: pj.MediaFrame) -> None:
        try:
            samples = array.array("h", bytes(frame.buf))
            if not samples:
                return
            mean_square = sum(s * s for s in samples) / len(samples)
            self._recent = [*self._recent[-(self.WINDOW - 1) :], mean_square]
            self.level = min(1.0, math.sqrt(sum(self._recent) / len(self._recent)) / 32768.0)
        except Exception:  # media thread: never raise into PJSIP
            self.level = 0.0


class TonePlayer:
    """Ringtone / call-waiting tone / test tone to the playback device."""

    def __init__(self) -> None:
        self._player: pj.AudioMediaPlayer | None = None
        self.path = ""

    @property
    def playing(self) -> bool:
        return self._player is not None

    def start(self, path: str, playback: pj.AudioMedia, loop: bool, volume: float) -> None:
        self.stop()
        player = open_player(path, loop)
        player.adjustRxLevel(max(0.0, min(volume, 4.0)))
        player.startTransmit(playback)
        self._player, self.path = player, path

    def stop(self) -> None:
        self._player, self.path = None, ""
