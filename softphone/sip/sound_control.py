"""The sound half of SipEngine: where call audio and tones go, ringback, key feedback, devices.

With a sound path attached (`attach_sound`) the operator's ear and mouth are the headset
port of softphone.sip.sound and ringing goes to a separate ringer port; without one (tests,
the CLI) everything goes to PJSIP's own (null) device as before.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import pjsua2 as pj

from softphone.sip.errors import SipError, pj_text
from softphone.sip.events import AudioStatus, CallState, Direction, Event
from softphone.sip.lifetime import track
from softphone.sip.media import LevelMeter, TonePlayer, list_devices, select_devices

if TYPE_CHECKING:  # numpy comes with these: loaded when a sound path is attached, not at import
    from softphone.sip.config import EngineConfig
    from softphone.sip.sound import SoundBuffers, SoundPorts

log = logging.getLogger("softphone.sip")
# Russian ringback (GOST): 425 Hz, 1 s on, 4 s off.
RINGBACK = (425, 0, 1000, 4000)
KEY_TONE_MS = (120, 40)
KEY_TAIL_S = 0.3  # the headset stays wanted this long after the last key tone should end


def _tone_generator() -> pj.ToneGenerator:
    from softphone.sip.sound import RATE

    gen = track(pj.ToneGenerator())
    gen.createToneGenerator(RATE, 1)
    return gen


class SoundControl:
    _ep: pj.Endpoint | None
    _check_thread: Callable[[], None]
    post: Callable[[Event], None]
    config: EngineConfig

    def __init__(self) -> None:
        self._sound_buffers: SoundBuffers | None = None
        self._sound: SoundPorts | None = None
        self._retired_ports: list[pj.AudioMediaPort] = []  # kept until libDestroy is done
        self._tone = TonePlayer()
        self._ring_tone = TonePlayer()
        self._meter: LevelMeter | None = None
        self._ringback: pj.ToneGenerator | None = None
        self._keys: pj.ToneGenerator | None = None
        self._mic_takers: set[int] = set()  # call ids the microphone is transmitted into
        self._ear_takers: set[int] = set()  # call ids transmitted to the operator's ear
        self._keys_until = 0.0  # time.monotonic() when the queued key tones are over

    # --- the sound path --------------------------------------------------------------------
    def attach_sound(self, buffers: SoundBuffers | None = None) -> SoundBuffers:
        """Route calls and tones through PCM buffers a device layer plays and fills.

        May be called before or after start(); the ports are (re)made on every start.
        """
        from softphone.sip.sound import SoundBuffers

        self._sound_buffers = buffers or self._sound_buffers or SoundBuffers()
        if self._ep is not None and self._sound is None:
            self._open_sound_ports()
        return self._sound_buffers

    @property
    def sound_buffers(self) -> SoundBuffers | None:
        return self._sound_buffers

    def _open_sound_ports(self) -> None:
        from softphone.sip.sound import SoundPorts

        assert self._sound_buffers is not None
        self._sound = SoundPorts(self._sound_buffers)
        self._rest_the_clock()
        self.post(AudioStatus("", "", False, ""))  # the device layer reports the devices

    def _rest_the_clock(self) -> None:
        """Let PJSIP close its idle (null) device, whose clock drives the bridge.

        PJSIP opens the device at start and closes it sndAutoCloseTime after the bridge falls
        idle, but it looks for idleness only when a connection ends: until the first call its
        clock called our two Python ports 100 times a second for nothing (clock thread ~1.6 %
        of a core, GIL takes beside the GUI thread). One connection made and ended between our
        own ports starts that check; the next startTransmit (a call, a tone) reopens the device.
        """
        assert self._sound is not None
        ringer, headset = self._sound.ringer, self._sound.headset
        try:
            ringer.startTransmit(headset)
            ringer.stopTransmit(headset)
        except pj.Error as exc:  # only costs CPU: say so and go on
            log.warning("sound: the bridge's clock keeps running while idle: %s", pj_text(exc))

    def _close_sound(self) -> None:
        """Drop every media object of this module; before libDestroy."""
        self._tone.stop()
        self._ring_tone.stop()
        self._meter = None
        self._ringback = self._keys = None
        self._mic_takers.clear()
        self._ear_takers.clear()
        if self._sound is not None:
            self._retired_ports += self._sound.close()
            self._sound = None

    def _ear(self) -> pj.AudioMedia:
        """Where what the operator should hear goes: the headset port or PJSIP's device."""
        if self._sound is not None:
            return self._sound.headset
        assert self._ep is not None
        return self._ep.audDevManager().getPlaybackDevMedia()

    def _mouth(self) -> pj.AudioMedia:
        """Where the operator's voice comes from."""
        if self._sound is not None:
            return self._sound.headset
        assert self._ep is not None
        return self._ep.audDevManager().getCaptureDevMedia()

    def _ringer(self) -> pj.AudioMedia:
        if self._sound is not None:
            return self._sound.ringer
        return self._ear()

    def _mic_taken(self, call_id: int, taken: bool) -> None:
        """Bookkeeping of which calls hear the microphone, so the mic is only buffered then."""
        if taken:
            self._mic_takers.add(call_id)
        else:
            self._mic_takers.discard(call_id)
        if self._sound_buffers is not None and self._sound is not None:
            self._sound_buffers.set_capture_wanted(bool(self._mic_takers))

    def _ear_taken(self, call_id: int, heard: bool) -> None:
        """Bookkeeping of which calls the operator hears, so the headset opens only then."""
        if heard:
            self._ear_takers.add(call_id)
        else:
            self._ear_takers.discard(call_id)
        self._update_demand()

    def _update_demand(self) -> None:
        """Tell the device layer whether anything is to be heard in the headset or ringer."""
        keys_playing = time.monotonic() < self._keys_until
        if self._keys is not None and not keys_playing:
            # key tones over: drop the generator, so that its connection to the ear ends and
            # the bridge may fall idle (_rest_the_clock); the next key makes a new one
            self._keys = None
        if self._sound_buffers is None or self._sound is None:
            return
        headset = (
            bool(self._ear_takers) or self._tone.playing or self._ringback is not None
            or keys_playing
        )
        self._sound_buffers.set_wanted(headset, self._ring_tone.playing)

    # --- tones ------------------------------------------------------------------------------
    def start_tone(
        self, wav_path: str, loop: bool = True, volume: float = 1.0, ringer: bool = False
    ) -> bool:
        """Play a WAV to the operator (ringer=True: the ringer device); never raises."""
        self._check_thread()
        self.stop_tone()
        try:
            player = self._ring_tone if ringer else self._tone
            player.start(wav_path, self._ringer() if ringer else self._ear(), loop, volume)
        except (SipError, pj.Error) as exc:
            log.error("cannot play tone %s: %s", wav_path, pj_text(exc))
            return False
        finally:
            self._update_demand()
        return True

    def stop_tone(self) -> None:
        self._check_thread()
        self._tone.stop()
        self._ring_tone.stop()
        self._update_demand()

    @property
    def tone_playing(self) -> bool:
        return self._tone.playing or self._ring_tone.playing

    def play_keys(self, digits: str) -> None:
        """DTMF key feedback in the operator's ear; never raises."""
        self._check_thread()
        try:
            if self._keys is None:
                self._keys = _tone_generator()
                self._keys.startTransmit(self._ear())
            vector = pj.ToneDigitVector()
            for char in digits:
                tone = pj.ToneDigit()
                tone.digit, (tone.on_msec, tone.off_msec), tone.volume = char, KEY_TONE_MS, 0
                vector.append(tone)
            self._keys.playDigits(vector, False)
            per_key = sum(KEY_TONE_MS) / 1000
            start = max(time.monotonic(), self._keys_until - KEY_TAIL_S)
            self._keys_until = start + per_key * len(digits) + KEY_TAIL_S
            self._update_demand()
        except pj.Error as exc:
            log.warning("key feedback %r failed: %s", digits, pj_text(exc))

    def _update_ringback(self, calls: list[tuple[Direction, CallState, bool]]) -> None:
        """Ringback while an outgoing call rings without early media (called by pump)."""
        wanted = any(
            d is Direction.OUTBOUND and s in (CallState.CALLING, CallState.EARLY) and not media
            for d, s, media in calls
        )
        self._update_demand()  # also notices key tones that are over
        if wanted == (self._ringback is not None):
            return
        if not wanted:
            self._ringback = None
            return
        try:
            gen = _tone_generator()
            desc = pj.ToneDesc()
            desc.freq1, desc.freq2, desc.on_msec, desc.off_msec = RINGBACK
            desc.volume = 0
            tones = pj.ToneDescVector()
            tones.append(desc)
            gen.play(tones, True)
            gen.startTransmit(self._ear())
            self._ringback = gen
        except pj.Error as exc:
            log.warning("ringback tone failed: %s", pj_text(exc))
        self._update_demand()

    @property
    def ringback_playing(self) -> bool:
        return self._ringback is not None

    # --- PJSIP's own sound devices (the null device unless a desk runs without a sound path)
    def _select_audio(self, capture: str, playback: str) -> AudioStatus:
        assert self._ep is not None
        adm = self._ep.audDevManager()
        status = select_devices(adm, capture, playback, self.config.null_audio)
        if status.null_device:
            log.warning("audio: null device (%s)", status.message)
        return status

    @property
    def audio_status(self) -> AudioStatus:
        return self._audio_status

    def audio_devices(self) -> list[str]:
        """Names of all sound devices (capture and playback), as set_audio_devices takes."""
        return [d.name for d in list_devices(self._adm())]

    def capture_devices(self) -> list[str]:
        return [d.name for d in list_devices(self._adm()) if d.inputs]

    def playback_devices(self) -> list[str]:
        return [d.name for d in list_devices(self._adm()) if d.outputs]

    def set_audio_devices(self, capture: str, playback: str) -> AudioStatus:
        """Switch devices by name ("" = default); falls back to the null device, never raises."""
        self._check_thread()
        self._meter = None
        self._audio_status = self._select_audio(capture, playback)
        self.post(self._audio_status)
        return self._audio_status

    def _adm(self) -> pj.AudDevManager:
        """PJSIP's device manager; private so no pjsua2 object leaves the package."""
        self._check_thread()
        assert self._ep is not None
        return self._ep.audDevManager()

    # --- microphone level -------------------------------------------------------------------
    def capture_level(self) -> float:
        """Microphone RMS, 0..1: the sound path's mic, or PJSIP's device (0.0 if null)."""
        self._check_thread()
        if self._sound is not None and self._sound_buffers is not None:
            return self._sound_buffers.capture_level
        if self._audio_status.null_device:
            return 0.0
        if self._meter is None:
            try:
                meter = track(LevelMeter())
                self._adm().getCaptureDevMedia().startTransmit(meter)
            except pj.Error as exc:
                log.warning("level meter unavailable: %s", pj_text(exc))
                return 0.0
            self._meter = meter
        return self._meter.level

    _audio_status: AudioStatus
