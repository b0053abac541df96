"""Ringing and call-waiting tones through the engine's tone player.

A failure to play a tone is logged and never raised: a broken ringtone file must not stop the
operator from seeing and answering the call.
"""

from __future__ import annotations

import enum
import logging
from pathlib import Path
from typing import Protocol

from softphone.resources import resource_path
from softphone.settings import Settings

log = logging.getLogger(__name__)

RINGTONE = "ringtone.wav"
CALL_WAITING = "call-waiting.wav"


class ToneEngine(Protocol):
    def start_tone(
        self, wav: str, loop: bool = True, volume: float = 1.0, ringer: bool = False
    ) -> object: ...
    def stop_tone(self) -> object: ...


class RingState(enum.StrEnum):
    IDLE = "idle"
    RINGING = "ringing"
    WAITING = "waiting"  # the call-waiting beeps


def bundled_sound(name: str) -> Path:
    return resource_path("sounds", name)


def ringtone_path(settings: Settings) -> Path:
    """The operator's ringtone if it exists, else the bundled one."""
    chosen = settings.audio.ringtone
    if chosen:
        path = Path(chosen).expanduser()
        if path.is_file():
            return path
        log.warning("Ringtone %s not found; using the bundled ringtone", path)
    return bundled_sound(RINGTONE)


class Ringer:
    """Plays one tone at a time; settings are read on every ring so changes apply at once."""

    def __init__(self, engine: ToneEngine, settings: Settings) -> None:
        self._engine = engine
        self._settings = settings
        self.state = RingState.IDLE

    def _still(self, state: RingState) -> bool:
        """Already playing state's tone? (Something else, e.g. the settings dialog's test
        sound, may have stopped the engine's tone player behind our back.)"""
        return self.state is state and bool(getattr(self._engine, "tone_playing", True))

    def ring(self) -> None:
        if self._still(RingState.RINGING):
            return
        wanted = ringtone_path(self._settings)
        if not self._play(wanted, ringer=True) and wanted != bundled_sound(RINGTONE):
            self._play(bundled_sound(RINGTONE), ringer=True)
        self.state = RingState.RINGING

    def call_waiting(self) -> None:
        """Beeps in the operator's ear while they talk; quieter than the ringtone on purpose."""
        if self._still(RingState.WAITING):
            return
        self._play(bundled_sound(CALL_WAITING), volume_factor=0.6)
        self.state = RingState.WAITING

    def replay(self) -> None:
        """Start the current tone again, on the devices that exist now: start-up opens the
        sound path after the window is up, so a call that rang before played to no device."""
        state, self.state = self.state, RingState.IDLE
        if state is RingState.RINGING:
            self.ring()
        elif state is RingState.WAITING:
            self.call_waiting()

    def stop(self) -> None:
        if self.state is RingState.IDLE:
            return
        self.state = RingState.IDLE
        try:
            self._engine.stop_tone()
        except Exception:
            log.exception("Could not stop the ringing tone")

    def _play(self, wav: Path, volume_factor: float = 1.0, ringer: bool = False) -> bool:
        """The ringtone goes to the ringer device (speakers); beeps to the operator's ear."""
        volume = max(0.0, min(1.0, float(self._settings.audio.ring_volume) * volume_factor))
        try:
            self._engine.stop_tone()
            started = self._engine.start_tone(str(wav), loop=True, volume=volume, ringer=ringer)
        except Exception:
            log.exception("Could not play %s", wav)
            return False
        return started is not False  # the engine returns False (and logs why) on failure
